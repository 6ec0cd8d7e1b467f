"""Why someone was left without a partner in a run, written to them or about them.

The engines state the binding reason in English, in the mentee's second person ("no mentor
shares a language with you"; the group engine in the third: "... with them"), and the product
stores a few reasons of its own when a coordinator takes someone out of a run's pairs. These
are the stored form. Each is recognised here by its pattern, and written again in the active
language: to the person themselves, or to the coordinator, naming the person, with the
programme's words for its roles. A phrase not recognised (one stored by an older version) is
turned round in English, as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tandem.matching.wording import NUMBER, capitalised, hours_text
from tandem.programmes.roles import RoleLabels, role_labels

UnmatchedVoice = Literal["coordinator", "mentee"]

# The reasons the product stores when a coordinator takes a pair apart (``services.adjust``).
UNASSIGNED = "unassigned by the coordinator"
RULED_OUT = "you ruled out {mentor}; re-run or choose a mentor by hand"
RULED_OUT_PEER = "you ruled out pairing {mentee} with {mentor}; re-run or choose a partner by hand"
# The reason the circles app stores when a coordinator takes a mentee out of a group run.
TAKEN_OUT = "the coordinator took them out of the proposal"


class _Say:
    """The person's name, the programme's role words and the voice: what each sentence
    needs."""

    def __init__(self, voice: UnmatchedVoice, name: str, labels: RoleLabels) -> None:
        self.you = voice == "mentee"
        self.values = {
            "name": name,
            "mentor": labels.mentor,
            "mentors": labels.mentors,
            "mentees": labels.mentees,
        }

    def __call__(self, to_them: str, about_them: str, **values: object) -> str:
        """``to_them`` for the person, ``about_them`` for the coordinator."""
        return (to_them if self.you else about_them) % {**self.values, **values}


Writer = Callable[[re.Match[str], _Say], str]


def _full(m: re.Match[str], say: _Say) -> str:
    # "The mentor who fits you" and "all 3 mentors who fit you" are two sentences naming
    # different things (each with its own placeholders), not two number forms of one.
    count = 1 if m["one"] else int(m["count"])
    rest = m["rest"]
    if rest == "full, and no rearrangement frees a place without unmatching someone else":
        to_them = (
            _(
                "the %(mentor)s who fits you is full, and no rearrangement frees a place without "
                "unmatching someone else"
            )
            if count == 1
            else _(
                "all %(count)s %(mentors)s who fit you are full, and no rearrangement frees a "
                "place without unmatching someone else"
            )
        )
        about_them = (
            _(
                "the %(mentor)s who fits %(name)s is full, and no rearrangement frees a place "
                "without unmatching someone else"
            )
            if count == 1
            else _(
                "all %(count)s %(mentors)s who fit %(name)s are full, and no rearrangement frees a "
                "place without unmatching someone else"
            )
        )
    elif rest == "full with mentees who fit them as well or better":
        to_them = (
            _("the %(mentor)s who fits you is full with %(mentees)s who fit them as well or better")
            if count == 1
            else _(
                "all %(count)s %(mentors)s who fit you are full with %(mentees)s who fit them as "
                "well or better"
            )
        )
        about_them = (
            _(
                "the %(mentor)s who fits %(name)s is full with %(mentees)s who fit them as well or "
                "better"
            )
            if count == 1
            else _(
                "all %(count)s %(mentors)s who fit %(name)s are full with %(mentees)s who fit them "
                "as well or better"
            )
        )
    elif rest == "already full when your turn came":
        to_them = (
            _("the %(mentor)s who fits you is already full when your turn came")
            if count == 1
            else _("all %(count)s %(mentors)s who fit you are already full when your turn came")
        )
        about_them = (
            _("the %(mentor)s who fits %(name)s is already full when %(name)s's turn came")
            if count == 1
            else _(
                "all %(count)s %(mentors)s who fit %(name)s are already full when %(name)s's "
                "turn came"
            )
        )
    else:
        return ""
    return say(to_them, about_them, count=count)


def _peers_full(m: re.Match[str], say: _Say) -> str:
    count = 1 if m["one"] else int(m["count"])
    text = say(
        ngettext(
            "the one peer who fits you is paired with someone they fit at least as well",
            "all %(count)s peers who fit you are paired with someone they fit at least as well",
            count,
        ),
        ngettext(
            "the one peer who fits %(name)s is paired with someone they fit at least as well",
            "all %(count)s peers who fit %(name)s are paired with someone they fit at least as "
            "well",
            count,
        ),
        count=count,
    )
    if m["size"]:
        text = _(
            "%(reason)s; the pool has an odd number of people (%(size)s), so at least one "
            "person is left without a partner"
        ) % {"reason": text, "size": m["size"]}
    return text


def _fixed(to_them: str, about_them: str) -> Writer:
    """A reason with no parameters but the person and the roles."""
    return lambda m, say: say(to_them, about_them)


def _within(to_them: str, about_them: str) -> Writer:
    """A reason that names the time-zone gap."""
    return lambda m, say: say(to_them, about_them, hours=hours_text(m["hours"]))


def _ruled_out(m: re.Match[str], say: _Say) -> str:
    # The person left out is not told whom the coordinator ruled out.
    return say(
        _("unassigned by the coordinator"),
        _("you ruled out %(other)s; re-run or choose a %(mentor)s by hand"),
        other=m["mentor"],
    )


def _ruled_out_peer(m: re.Match[str], say: _Say) -> str:
    return say(
        _("unassigned by the coordinator"),
        _("you ruled out pairing %(first)s with %(second)s; re-run or choose a partner by hand"),
        first=m["mentee"],
        second=m["mentor"],
    )


def _unmatched_rules() -> tuple[tuple[str, Writer], ...]:
    """Each phrase of the one-to-one engine (``engine/explain.py``), the peer engine
    (``engine/peer.py``) and the product, with its writer: made in the active language."""
    return (
        (
            r"^(?:the (?P<one>mentor) who fits you is|all (?P<count>\d+) mentors who fit you "
            r"are) (?P<rest>.+)$",
            _full,
        ),
        (
            r"^(?:the (?P<one>one) peer who fits you is|all (?P<count>\d+) peers who fit you "
            r"are) paired with someone they fit at least as well(?:; the pool has an odd "
            r"number of people \((?P<size>\d+)\), so at least one person is left without a "
            r"partner)?$",
            _peers_full,
        ),
        (
            r"^no score was supplied for you with any mentor$",
            _fixed(
                _("no score was supplied for you with any %(mentor)s"),
                _("no score was supplied for %(name)s with any %(mentor)s"),
            ),
        ),
        (
            r"^there are no mentors in this cohort$",
            _fixed(
                _("there are no %(mentors)s in this cohort"),
                _("there are no %(mentors)s in this cohort"),
            ),
        ),
        (
            r"^no mentor has any places$",
            _fixed(_("no %(mentor)s has any places"), _("no %(mentor)s has any places")),
        ),
        (
            r"^you listed no language, and a shared language is required$",
            _fixed(
                _("you listed no language, and a shared language is required"),
                _("%(name)s listed no language, and a shared language is required"),
            ),
        ),
        (
            r"^no mentor shares a language with you$",
            _fixed(
                _("no %(mentor)s shares a language with you"),
                _("no %(mentor)s shares a language with %(name)s"),
            ),
        ),
        (
            r"^no mentor is within (?P<hours>[\d.]+) hours? of your time zone$",
            _within(
                _("no %(mentor)s is within %(hours)s of your time zone"),
                _("no %(mentor)s is within %(hours)s of %(name)s's time zone"),
            ),
        ),
        (
            r"^no mentor within (?P<hours>[\d.]+) hours? of your time zone shares a language "
            r"with you$",
            _within(
                _("no %(mentor)s within %(hours)s of your time zone shares a language with you"),
                _(
                    "no %(mentor)s within %(hours)s of %(name)s's time zone shares a language "
                    "with %(name)s"
                ),
            ),
        ),
        (
            r"^every mentor who otherwise fits is in your own department$",
            _fixed(
                _("every %(mentor)s who otherwise fits is in your own department"),
                _("every %(mentor)s who otherwise fits is in %(name)s's own department"),
            ),
        ),
        (
            r"^every mentor who otherwise fits is in your management chain$",
            _fixed(
                _("every %(mentor)s who otherwise fits is in your management chain"),
                _("every %(mentor)s who otherwise fits is in %(name)s's management chain"),
            ),
        ),
        (
            r"^the only mentor who otherwise fits is you$",
            _fixed(
                _("the only %(mentor)s who otherwise fits is you"),
                _("the only %(mentor)s who otherwise fits is %(name)s"),
            ),
        ),
        (
            r"^the only mentors who fit are excluded for you \(such as a previous mentor\)$",
            _fixed(
                _(
                    "the only %(mentors)s who fit are excluded for you (such as a previous "
                    "%(mentor)s)"
                ),
                _(
                    "the only %(mentors)s who fit are excluded for %(name)s (such as a previous "
                    "%(mentor)s)"
                ),
            ),
        ),
        (
            # The score itself stays out of sight.
            r"^no mentor who fits reaches the minimum score\b.*$",
            _fixed(
                _("no %(mentor)s who fits you is a close enough match to propose"),
                _("no %(mentor)s who fits %(name)s is a close enough match to propose"),
            ),
        ),
        (
            r"^there is no other peer in this pool$",
            _fixed(
                _("there is no other peer in this pool"), _("there is no other peer in this pool")
            ),
        ),
        (
            r"^no other peer shares a language with you$",
            _fixed(
                _("no other peer shares a language with you"),
                _("no other peer shares a language with %(name)s"),
            ),
        ),
        (
            r"^no other peer is within (?P<hours>[\d.]+) hours? of your time zone$",
            _within(
                _("no other peer is within %(hours)s of your time zone"),
                _("no other peer is within %(hours)s of %(name)s's time zone"),
            ),
        ),
        (
            r"^no peer within (?P<hours>[\d.]+) hours? of your time zone shares a language "
            r"with you$",
            _within(
                _("no peer within %(hours)s of your time zone shares a language with you"),
                _(
                    "no peer within %(hours)s of %(name)s's time zone shares a language with "
                    "%(name)s"
                ),
            ),
        ),
        (
            r"^every peer who otherwise fits is in your own department$",
            _fixed(
                _("every peer who otherwise fits is in your own department"),
                _("every peer who otherwise fits is in %(name)s's own department"),
            ),
        ),
        (
            r"^every peer who otherwise fits is in your management chain$",
            _fixed(
                _("every peer who otherwise fits is in your management chain"),
                _("every peer who otherwise fits is in %(name)s's management chain"),
            ),
        ),
        (
            r"^the only peers who otherwise fit are excluded for you$",
            _fixed(
                _("the only peers who otherwise fit are excluded for you"),
                _("the only peers who otherwise fit are excluded for %(name)s"),
            ),
        ),
        (
            r"^no peer who fits reaches the minimum score\b.*$",
            _fixed(
                _("no peer who fits you is a close enough match, both ways, to propose"),
                _("no peer who fits %(name)s is a close enough match, both ways, to propose"),
            ),
        ),
        (
            r"^unassigned by the coordinator$",
            _fixed(_("unassigned by the coordinator"), _("unassigned by the coordinator")),
        ),
        (r"^you ruled out (?P<mentor>.+); re-run or choose a mentor by hand$", _ruled_out),
        (
            r"^you ruled out pairing (?P<mentee>.+) with (?P<mentor>.+); re-run or choose a "
            r"partner by hand$",
            _ruled_out_peer,
        ),
    )


def _english_voice(text: str, voice: UnmatchedVoice, name: str) -> str:
    """An unrecognised phrase, turned round in English for the coordinator."""
    if voice == "coordinator":
        text = re.sub(r"\bis you\b", f"is {name}", text)
        text = re.sub(r"\byour\b", f"{name}'s", text)
        text = re.sub(r"\byou\b", name, text)
    return text


def _written(reason: str, rules: tuple[tuple[str, Writer], ...], say: _Say) -> str | None:
    for pattern, writer in rules:
        found = re.match(pattern, reason)
        if found is not None:
            return writer(found, say) or None
    return None


def unmatched_reason_known(reason: str) -> bool:
    """Whether ``reason`` is a phrase this module writes for its readers."""
    say = _Say("mentee", "", role_labels(None))
    return _written(reason.strip(), _unmatched_rules(), say) is not None


def unmatched_reason_text(
    reason: str, voice: UnmatchedVoice, mentee: str, labels: RoleLabels | None = None
) -> str:
    """The binding reason a mentee has no mentor (or a peer no partner), as a clause: to
    them, or about them, in the programme's words for its roles (``labels``)."""
    text = reason.strip()
    say = _Say(voice, mentee, labels or role_labels(None))
    written = _written(text, _unmatched_rules(), say)
    if written is None:
        written = _english_voice(NUMBER.sub("", text), voice, mentee)
    return written


def unmatched_reason_for(
    reason: str, voice: UnmatchedVoice, mentee: str, labels: RoleLabels | None = None
) -> str:
    """The binding reason as a sentence of its own (``unmatched_reason_text``)."""
    return capitalised(unmatched_reason_text(reason, voice, mentee, labels))


# Circles (group mentoring)


def _circle_part(part: str, say: _Say) -> str | None:
    """One part of the group engine's "of the 3 circles that fit them: …"."""
    found = re.match(r"^(?P<n>\d+) full with members who fit them better$", part)
    if found:
        return say(
            _("%(count)s full with members who fit you better"),
            _("%(count)s full with members who fit %(name)s better"),
            count=found["n"],
        )
    found = re.match(
        r"^(?P<n>\d+) settled on a language or time-zone window its members share that leaves "
        r"them out, or full$",
        part,
    )
    if found:
        return say(
            _(
                "%(count)s settled on a language or time-zone window its members share that "
                "leaves you out, or full"
            ),
            _(
                "%(count)s settled on a language or time-zone window its members share that "
                "leaves %(name)s out, or full"
            ),
            count=found["n"],
        )
    found = re.match(r"^(?P<n>\d+) with a member up or down their management chain$", part)
    if found:
        return say(
            _("%(count)s with a member up or down your management chain"),
            _("%(count)s with a member up or down %(name)s's management chain"),
            count=found["n"],
        )
    found = re.match(r"^(?P<n>\d+) dissolved below (?P<size>\d+) mentees$", part)
    if found:
        text = _("%(count)s dissolved below %(size)s %(mentees)s")
        return say(text, text, count=found["n"], size=found["size"])
    return None


def _circles_that_fit(m: re.Match[str], say: _Say) -> str:
    parts = [_circle_part(part, say) for part in m["parts"].split("; ")]
    if not all(parts):
        return ""
    count = int(m["count"])
    return say(
        ngettext(
            "of the %(count)s circle that fits you: %(parts)s",
            "of the %(count)s circles that fit you: %(parts)s",
            count,
        ),
        ngettext(
            "of the %(count)s circle that fits %(name)s: %(parts)s",
            "of the %(count)s circles that fit %(name)s: %(parts)s",
            count,
        ),
        count=count,
        parts="; ".join(part for part in parts if part),
    )


def _unplaced_rules() -> tuple[tuple[str, Writer], ...]:
    """Each phrase of the group engine (``engine/group.py``) and of the circles app, with its
    writer: made in the active language."""
    return (
        (
            r"^no circle in this run$",
            _fixed(_("no circle in this run"), _("no circle in this run")),
        ),
        (
            r"^no circle's members share a language with them$",
            _fixed(
                _("no circle's members share a language with you"),
                _("no circle's members share a language with %(name)s"),
            ),
        ),
        (
            r"^no circle they share a language with is within the time-zone window of "
            r"(?P<hours>[\d.]+) hours$",
            _within(
                _(
                    "no circle you share a language with is within the time-zone window of "
                    "%(hours)s"
                ),
                _(
                    "no circle %(name)s shares a language with is within the time-zone window "
                    "of %(hours)s"
                ),
            ),
        ),
        (
            r"^every circle open to them has a member up their management chain$",
            _fixed(
                _("every circle open to you has a member up your management chain"),
                _("every circle open to %(name)s has a member up %(name)s's management chain"),
            ),
        ),
        (
            r"^every circle open to them has a mentor up their management chain, in their "
            r"department or excluded for them$",
            _fixed(
                _(
                    "every circle open to you has a %(mentor)s up your management chain, in "
                    "your department or excluded for you"
                ),
                _(
                    "every circle open to %(name)s has a %(mentor)s up %(name)s's management "
                    "chain, in %(name)s's department or excluded for %(name)s"
                ),
            ),
        ),
        (
            r"^no circle fits them above the programme's minimum score$",
            _fixed(
                _("no circle fits you above the programme's minimum score"),
                _("no circle fits %(name)s above the programme's minimum score"),
            ),
        ),
        (r"^of the (?P<count>\d+) circles that fit them: (?P<parts>.+)$", _circles_that_fit),
        (
            r"^the coordinator took them out of the proposal$",
            _fixed(
                _("the coordinator took you out of the proposal"),
                _("the coordinator took %(name)s out of the proposal"),
            ),
        ),
    )


def unplaced_reason_known(reason: str) -> bool:
    """Whether ``reason`` is a group phrase this module writes for its readers."""
    say = _Say("mentee", "", role_labels(None))
    return _written(reason.strip(), _unplaced_rules(), say) is not None


def _english_third_person(text: str, voice: UnmatchedVoice, name: str) -> str:
    """An unrecognised group phrase, turned round in English."""
    if voice == "mentee":
        text = re.sub(r"\bthemselves\b", "yourself", text)
        text = re.sub(r"\bthem\b", "you", text)
        return re.sub(r"\btheir\b", "your", text)
    text = re.sub(r"\bthem\b", name, text)
    return re.sub(r"\btheir\b", f"{name}'s", text)


def unplaced_reason_for(
    reason: str, voice: UnmatchedVoice, mentee: str, labels: RoleLabels | None = None
) -> str:
    """Why a mentee has no circle in a run: to the mentee, or about them to the coordinator."""
    text = reason.strip()
    say = _Say(voice, mentee, labels or role_labels(None))
    written = _written(text, _unplaced_rules(), say)
    if written is None:
        written = _english_third_person(NUMBER.sub("", text), voice, mentee)
    return capitalised(written)
