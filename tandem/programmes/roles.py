"""The words a programme uses for the two people of a pair, and what its kind means.

Every page, notice, file and API field that names a pair's roles asks :func:`role_labels`,
so that a programme's kind decides the wording in one place: a peer pair has no mentor and no
mentee, only two peers; a reverse programme keeps the usual roles and explains that the
mentor is the more junior of the two. A programme may rename its roles ("buddy" and "new
starter"); the usual words are translated, a programme's own are its data and never are
(only put in lower case, as every role word here).

Each sentence naming a role exists twice for translators: whole, with the usual words, so
that it reads naturally in every language; and with a placeholder for each role word, for a
programme's own words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

if TYPE_CHECKING:
    from tandem.programmes.models import Programme

ONE_TO_ONE = "one_to_one"
REVERSE = "reverse"
PEER = "peer"
GROUP = "group"


@dataclass(frozen=True, slots=True)
class RoleLabels:
    """Role words in lower case, in the language active when they were made; templates
    capitalise with ``capfirst``."""

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
    # Who the question prompts help.
    prompts_help: str
    # A line on every page of a pair saying what kind of pairing it is; empty for ordinary
    # mentoring.
    pair_about: str = ""
    # What each maturity phase means for such a pair, by the phase's value.
    maturity_help: tuple[tuple[str, str], ...] = ()

    def maturity(self, phase: str) -> str:
        return dict(self.maturity_help).get(phase, "")

    def of(self, role: str | None) -> str:
        """The word for ``role`` ("mentor", "mentee" or "peer"), or the neutral "member" for
        none."""
        if role in ("mentor", "peer"):
            return self.mentor
        if role == "mentee":
            return self.mentee
        return pgettext("role", "member")

    def named(self, role: str, name: str) -> str:
        """A member's name with their role where the pair has roles: "Ana (mentee)"."""
        if self.symmetric:
            return name
        return _("%(name)s (%(role)s)") % {"name": name, "role": self.of(role)}

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
            return pgettext("role", "partner")
        return self.mentee if role == "mentor" else self.mentor


@dataclass(frozen=True, slots=True)
class _Terms:
    """The four role words, and whether the programme chose them: a programme's own words
    are put into sentences written around them, the usual ones keep sentences translated
    whole."""

    mentor: str
    mentors: str
    mentee: str
    mentees: str
    custom: bool

    def fill(self, default: str, around: str) -> str:
        """``default`` (the sentence with the usual words, translated whole), or ``around``
        (the same sentence with a placeholder for each role word) filled with the
        programme's words."""
        if not self.custom:
            return default
        return around % {
            "mentor": self.mentor,
            "mentors": self.mentors,
            "mentee": self.mentee,
            "mentees": self.mentees,
        }


def _terms(mentor_term: str, mentee_term: str) -> _Terms:
    if mentor_term:
        mentor_one, mentor_many = plural(mentor_term.lower())
    else:
        mentor_one, mentor_many = pgettext("role", "mentor"), pgettext("role", "mentors")
    if mentee_term:
        mentee_one, mentee_many = plural(mentee_term.lower())
    else:
        mentee_one, mentee_many = pgettext("role", "mentee"), pgettext("role", "mentees")
    return _Terms(
        mentor_one, mentor_many, mentee_one, mentee_many, bool(mentor_term or mentee_term)
    )


def _mentoring_maturity(t: _Terms) -> tuple[tuple[str, str], ...]:
    return (
        (
            "initiation",
            t.fill(
                _("Getting to know each other; the mentee relies on the mentor."),
                _("Getting to know each other; the %(mentee)s relies on the %(mentor)s."),
            ),
        ),
        (
            "cultivation",
            t.fill(
                _("Learning together; the mentee grows in confidence."),
                _("Learning together; the %(mentee)s grows in confidence."),
            ),
        ),
        (
            "separation",
            t.fill(
                _("The mentee works more independently."),
                _("The %(mentee)s works more independently."),
            ),
        ),
        ("redefinition", _("The relationship becomes one of peers.")),
    )


def _peer_maturity() -> tuple[tuple[str, str], ...]:
    return (
        ("initiation", _("Getting to know each other and what each of you brings.")),
        ("cultivation", _("Learning from each other; you both grow in confidence.")),
        ("separation", _("Each of you works more independently on what you wanted.")),
        ("redefinition", _("The pairing becomes a lasting connection between colleagues.")),
    )


def _reverse_about(t: _Terms) -> str:
    return t.fill(
        _(
            "This is a reverse mentoring programme: junior colleagues mentor senior ones. The "
            "mentor brings what they know first-hand (new tools, how the organisation looks "
            "from where they stand, what their generation of colleagues expects); the mentee, "
            "the more senior of the two, listens and learns. Matching prefers a mentor "
            "earlier in their career than the mentee, and still never pairs anyone with "
            "someone up their management chain."
        ),
        _(
            "This is a reverse mentoring programme: junior colleagues mentor senior ones. The "
            "%(mentor)s brings what they know first-hand (new tools, how the organisation "
            "looks from where they stand, what their generation of colleagues expects); the "
            "%(mentee)s, the more senior of the two, listens and learns. Matching prefers a "
            "%(mentor)s earlier in their career than the %(mentee)s, and still never pairs "
            "anyone with someone up their management chain."
        ),
    )


def _reverse_pair_about(t: _Terms) -> str:
    return t.fill(
        _(
            "Reverse mentoring: the mentor is the junior colleague, sharing what they know "
            "first-hand; the mentee, the more senior of the two, comes to learn."
        ),
        _(
            "Reverse mentoring: the %(mentor)s is the junior colleague, sharing what they "
            "know first-hand; the %(mentee)s, the more senior of the two, comes to learn."
        ),
    )


def _mentoring(kind: str, t: _Terms) -> RoleLabels:
    reverse = kind == REVERSE
    return RoleLabels(
        mentor=t.mentor,
        mentee=t.mentee,
        mentors=t.mentors,
        mentees=t.mentees,
        symmetric=False,
        heading_as_mentee=t.fill(_("Mentored by"), _("Your %(mentor)s:")),
        heading_as_mentor=t.fill(_("Mentoring"), _("Your %(mentee)s:")),
        charter_outcomes=_("Desired outcomes"),
        charter_outcomes_help=t.fill(
            _("What the mentee wants to achieve by the end."),
            _("What the %(mentee)s wants to achieve by the end."),
        ),
        about=_reverse_about(t) if reverse else "",
        pair_about=_reverse_pair_about(t) if reverse else "",
        maturity_help=_mentoring_maturity(t),
        prompts_help=t.fill(
            _("Open questions that help the mentee think for themselves."),
            _("Open questions that help the %(mentee)s think for themselves."),
        ),
    )


def _peer() -> RoleLabels:
    return RoleLabels(
        mentor=pgettext("role", "peer"),
        mentee=pgettext("role", "peer"),
        mentors=pgettext("role", "peers"),
        mentees=pgettext("role", "peers"),
        symmetric=True,
        heading_as_mentee=_("Peer mentoring with"),
        heading_as_mentor=_("Peer mentoring with"),
        charter_outcomes=_("What each of you wants"),
        charter_outcomes_help=_("What each of you wants to work on, and what you offer the other."),
        about=_(
            "This is a peer mentoring programme: colleagues pair up as equals, and each both "
            "helps the other and learns from them. You apply once, saying what you want to "
            "work on and what you can offer; each pair is chosen so that what one wants, the "
            "other can give, both ways round."
        ),
        pair_about=_(
            "Peer mentoring: each of you brings something to learn and something to offer "
            "the other."
        ),
        maturity_help=_peer_maturity(),
        prompts_help=_("Open questions that help each of you think for yourself."),
    )


def role_labels(programme: Programme | None) -> RoleLabels:
    """The role words of ``programme`` (ordinary mentoring's without one), in the active
    language, with the names the programme chose for its roles in place of "mentor" and
    "mentee"; a peer programme keeps "peer".

    Made on each call, from the catalogue of the language active then: a handful of lookups.
    """
    if programme is None:
        return _mentoring(ONE_TO_ONE, _terms("", ""))
    if programme.kind == PEER:
        return _peer()
    return _mentoring(programme.kind, _terms(programme.mentor_term, programme.mentee_term))


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


def is_peer(programme: Programme | None) -> bool:
    return programme is not None and programme.kind == PEER
