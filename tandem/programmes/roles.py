"""The words a programme uses for the two people of a pair, and what its kind means.

Every page, notice, file and API field that names a pair's roles asks :func:`role_labels`,
so that a programme's kind decides the wording in one place: a peer pair has no mentor and no
mentee, only two peers; a reverse programme keeps the usual roles and explains that the
mentor is the more junior of the two. A later setting that renames roles per programme
("buddy" and "new starter") changes this one function.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tandem.programmes.models import Programme

ONE_TO_ONE = "one_to_one"
REVERSE = "reverse"
PEER = "peer"
GROUP = "group"


@dataclass(frozen=True, slots=True)
class RoleLabels:
    """Role words in lower case; templates capitalise with ``capfirst``."""

    # The person who gives guidance, and the one who receives it (the same word for peers).
    mentor: str
    mentee: str
    mentors: str
    mentees: str
    # True when the two people of a pair hold the same role.
    symmetric: bool
    # How the pair page's heading names the partner, for each role.
    heading_as_mentee: str
    heading_as_mentor: str
    # The charter's first section: what the pair wants from it.
    charter_outcomes: str
    charter_outcomes_help: str
    # What this kind of programme is, in a sentence or two, for the programme's pages; empty
    # for ordinary one-to-one mentoring, which needs no explaining.
    about: str
    # A line on every page of a pair saying what kind of pairing it is; empty for ordinary
    # mentoring.
    pair_about: str = ""
    # What each maturity phase means for such a pair, by the phase's value.
    maturity_help: tuple[tuple[str, str], ...] = ()
    # Who the question prompts help.
    prompts_help: str = "Open questions that help the mentee think for themselves."

    def maturity(self, phase: str) -> str:
        return dict(self.maturity_help).get(phase, "")

    def of(self, role: str | None) -> str:
        """The word for ``role`` ("mentor", "mentee" or "peer"), or the neutral "member" for
        none."""
        if role in ("mentor", "peer"):
            return self.mentor
        if role == "mentee":
            return self.mentee
        return "member"

    def named(self, role: str, name: str) -> str:
        """A member's name with their role where the pair has roles: "Ana (mentee)"."""
        return name if self.symmetric else f"{name} ({self.of(role)})"

    @property
    def partner_of_mentee(self) -> str:
        """What the person in the mentee's place calls the other: for templates."""
        return self.partner_of("mentee")

    @property
    def partner_of_mentor(self) -> str:
        """What the person in the mentor's place calls the other: for templates."""
        return self.partner_of("mentor")

    def partner_of(self, role: str | None) -> str:
        """What a member in ``role`` calls the other person of the pair."""
        if self.symmetric:
            return "partner"
        return self.mentee if role == "mentor" else self.mentor


MENTORING_MATURITY = (
    ("initiation", "Getting to know each other; the mentee relies on the mentor."),
    ("cultivation", "Learning together; the mentee grows in confidence."),
    ("separation", "The mentee works more independently."),
    ("redefinition", "The relationship becomes one of peers."),
)
PEER_MATURITY = (
    ("initiation", "Getting to know each other and what each of you brings."),
    ("cultivation", "Learning from each other; you both grow in confidence."),
    ("separation", "Each of you works more independently on what you wanted."),
    ("redefinition", "The pairing becomes a lasting connection between colleagues."),
)


def _mentoring(about: str, pair_about: str = "") -> RoleLabels:
    return RoleLabels(
        mentor="mentor",
        mentee="mentee",
        mentors="mentors",
        mentees="mentees",
        symmetric=False,
        heading_as_mentee="Mentored by",
        heading_as_mentor="Mentoring",
        charter_outcomes="Desired outcomes",
        charter_outcomes_help="What the mentee wants to achieve by the end.",
        about=about,
        pair_about=pair_about,
        maturity_help=MENTORING_MATURITY,
    )


REVERSE_ABOUT = (
    "This is a reverse mentoring programme: junior colleagues mentor senior ones. The mentor "
    "brings what they know first-hand (new tools, how the organisation looks from where they "
    "stand, what their generation of colleagues expects); the mentee, the more senior of the "
    "two, listens and learns. Matching prefers a mentor earlier in their career than the "
    "mentee, and still never pairs anyone with someone up their management chain."
)

REVERSE_PAIR_ABOUT = (
    "Reverse mentoring: the mentor is the junior colleague, sharing what they know first-hand; "
    "the mentee, the more senior of the two, comes to learn."
)

PEER_ABOUT = (
    "This is a peer mentoring programme: colleagues pair up as equals, and each both helps "
    "the other and learns from them. You apply once, saying what you want to work on and "
    "what you can offer; each pair is chosen so that what one wants, the other can give, "
    "both ways round."
)


@cache
def _labels_for_kind(kind: str) -> RoleLabels:
    if kind == PEER:
        return RoleLabels(
            mentor="peer",
            mentee="peer",
            mentors="peers",
            mentees="peers",
            symmetric=True,
            heading_as_mentee="Peer mentoring with",
            heading_as_mentor="Peer mentoring with",
            charter_outcomes="What each of you wants",
            charter_outcomes_help="What each of you wants to work on, and what you offer "
            "the other.",
            about=PEER_ABOUT,
            pair_about="Peer mentoring: each of you brings something to learn and something "
            "to offer the other.",
            maturity_help=PEER_MATURITY,
            prompts_help="Open questions that help each of you think for yourself.",
        )
    if kind == REVERSE:
        return _mentoring(REVERSE_ABOUT, REVERSE_PAIR_ABOUT)
    return _mentoring("")


def role_labels(programme: Programme | None) -> RoleLabels:
    """The role words of ``programme`` (ordinary mentoring's without one), with the names the
    programme chose for its roles in place of "mentor" and "mentee"."""
    labels = _labels_for_kind(programme.kind if programme is not None else ONE_TO_ONE)
    if programme is None or labels.symmetric:
        return labels
    return renamed(labels, mentor=programme.mentor_term, mentee=programme.mentee_term)


def plural(term: str) -> tuple[str, str]:
    """A role's name and its plural, from "buddy" or "buddy/buddies" (English rules)."""
    if "/" in term:
        one, many = (part.strip() for part in term.split("/", 1))
        return one, many
    term = term.strip()
    if term.endswith(("s", "sh", "ch", "x", "z")):
        return term, f"{term}es"
    if len(term) > 1 and term.endswith("y") and term[-2] not in "aeiou":
        return term, f"{term[:-1]}ies"
    return term, f"{term}s"


@cache
def renamed(labels: RoleLabels, *, mentor: str, mentee: str) -> RoleLabels:
    """``labels`` with the roles called ``mentor`` and ``mentee`` ("" keeps a role's name),
    in every sentence that names them."""
    if not mentor and not mentee:
        return labels
    mentor_one, mentor_many = plural(mentor.lower()) if mentor else ("mentor", "mentors")
    mentee_one, mentee_many = plural(mentee.lower()) if mentee else ("mentee", "mentees")

    def words(text: str) -> str:
        return (
            text.replace("mentees", "\0")
            .replace("mentors", "\1")
            .replace("mentee", "\2")
            .replace("mentor", "\3")
            .replace("\0", mentee_many)
            .replace("\1", mentor_many)
            .replace("\2", mentee_one)
            .replace("\3", mentor_one)
        )

    return replace(
        labels,
        mentor=mentor_one,
        mentee=mentee_one,
        mentors=mentor_many,
        mentees=mentee_many,
        heading_as_mentee=f"Your {mentor_one}:",
        heading_as_mentor=f"Your {mentee_one}:",
        charter_outcomes_help=words(labels.charter_outcomes_help),
        about=words(labels.about),
        pair_about=words(labels.pair_about),
        maturity_help=tuple((phase, words(text)) for phase, text in labels.maturity_help),
        prompts_help=words(labels.prompts_help),
    )


def is_peer(programme: Programme | None) -> bool:
    return programme is not None and programme.kind == PEER
