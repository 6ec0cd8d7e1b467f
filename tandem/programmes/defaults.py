"""Good-practice defaults for a new programme: guidelines text and the questionnaire."""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tandem.programmes.models import Cadence, Programme, Question

GUIDELINES_WHAT_MENTORING_IS = _("""\
Mentoring is a confidential, voluntary relationship in which a more experienced colleague \
helps another person think, learn and grow. The mentee leads: they bring the topics, set \
the goals and decide what to do next. The mentor listens, asks questions, shares \
experience and gives candid, future-focused feedback.

Mentoring is not line management, performance review, therapy or a route to promotion. \
A mentor does not sit in the mentee's reporting line, does not solve problems for them and \
does not report on them to anyone.""")

GUIDELINES_ROLES = _("""\
Mentee: own the relationship. Agree a charter with your mentor, set goals, prepare for \
each meeting, follow up on actions and reflect on what you learn.

Mentor: make time, be reliable and keep your commitments. Listen more than you speak, ask \
questions that make your mentee think, share experience rather than instructions, and say \
so early if the relationship is not working.

Both: meet at the agreed cadence, be honest, give each other feedback, and close the \
relationship well when the goals are reached — or early, without blame, when it is not \
working.

Coordinator: runs the programme, matches pairs, and helps when either side raises a \
concern. The coordinator sees dates and progress, never the content of your conversations.""")

GUIDELINES_CONFIDENTIALITY = _("""\
What is said in a mentoring conversation stays between the two of you unless you both \
agree otherwise. Private notes and reflections are visible only to their author; shared \
notes, goals and the charter only to the pair. Coordinators and line managers see neither.

The only exception is a risk of serious harm to someone, or a breach of law or policy. \
In that case the mentor tells the mentee before raising it with the right person.""")

REVERSE_GUIDELINES_WHAT_MENTORING_IS = _("""\
Reverse mentoring turns the usual direction round: a colleague earlier in their career \
mentors a more senior one. The mentor shares what they see and know first-hand (new tools \
and ways of working, how decisions land where they stand, what colleagues of their \
generation expect); the mentee, the senior colleague, comes to listen, ask and learn.

It is not a chance to lobby, a performance conversation or a favour to the senior person. \
The mentor never sits in the mentee's reporting line, and what they say is not held \
against them.""")

REVERSE_GUIDELINES_ROLES = _("""\
Mentee (the senior colleague): make the time and keep it, arrive curious rather than \
expert, ask real questions, and make it safe for your mentor to be candid. Follow up on \
what you learn.

Mentor (the junior colleague): bring your own experience and say what you see, plainly. \
You do not need to have answers; your view from where you stand is the point.

Both: agree a charter, meet at the agreed cadence, give each other feedback, and close the \
relationship well.

Coordinator: runs the programme, matches pairs, and helps when either side raises a \
concern. The coordinator sees dates and progress, never the content of your conversations.""")

PEER_GUIDELINES_WHAT_MENTORING_IS = _("""\
Peer mentoring pairs colleagues as equals. Each of you wants to work on something and has \
something to offer, and the pair is chosen so that each can help the other. Neither leads: \
you take turns to bring a topic, listen, ask questions and share experience.

It is not line management, performance review or a way to hand work over. Your partner is \
never someone up your management chain.""")

PEER_GUIDELINES_ROLES = _("""\
Each of you: bring what you want to work on, prepare for your turn, listen well when it is \
your partner's, keep your commitments and say so early if the pairing is not working.

Together: agree a charter, meet at the agreed cadence, give each other feedback, and close \
the pairing well when you have both got what you came for.

Coordinator: runs the programme, pairs peers, and helps when either of you raises a \
concern. The coordinator sees dates and progress, never the content of your conversations.""")

PEER_GUIDELINES_CONFIDENTIALITY = _("""\
What is said in your conversations stays between the two of you unless you both agree \
otherwise. Private notes and reflections are visible only to their author; shared notes, \
goals and the charter only to the pair. Coordinators and line managers see neither.

The only exception is a risk of serious harm to someone, or a breach of law or policy. In \
that case, tell your partner before raising it with the right person.""")

# The guidelines a new programme starts with, by its kind.
GUIDELINES_BY_KIND: dict[str, dict[str, Promise]] = {
    Programme.Kind.REVERSE: {
        "guidelines_what_mentoring_is": REVERSE_GUIDELINES_WHAT_MENTORING_IS,
        "guidelines_roles": REVERSE_GUIDELINES_ROLES,
        "guidelines_confidentiality": GUIDELINES_CONFIDENTIALITY,
    },
    Programme.Kind.PEER: {
        "guidelines_what_mentoring_is": PEER_GUIDELINES_WHAT_MENTORING_IS,
        "guidelines_roles": PEER_GUIDELINES_ROLES,
        "guidelines_confidentiality": PEER_GUIDELINES_CONFIDENTIALITY,
    },
}
ORDINARY_GUIDELINES = {
    "guidelines_what_mentoring_is": GUIDELINES_WHAT_MENTORING_IS,
    "guidelines_roles": GUIDELINES_ROLES,
    "guidelines_confidentiality": GUIDELINES_CONFIDENTIALITY,
}


def guidelines_for(kind: str, given: dict[str, str]) -> dict[str, str]:
    """The guidelines of a new programme of ``kind``: what the coordinator wrote, and the
    kind's own text where they left a field empty or as the form offered it (the ordinary
    one-to-one text, offered before the kind was chosen), in the active language."""
    texts = GUIDELINES_BY_KIND.get(kind, ORDINARY_GUIDELINES)
    out = {}
    for name, default in texts.items():
        value = given.get(name)
        offered = value is None or str(value) == str(ORDINARY_GUIDELINES[name])
        out[name] = str(default) if offered else str(value)
    return out


# The three questions every programme asks; their keys never change (see Question.CORE_KEYS).
CORE_QUESTIONS: list[dict[str, Any]] = [
    {
        "key": Question.DEFINE_MENTORING,
        "text": _("How would you define mentoring?"),
        "help_text": _("In your own words: what it is, and what it is not."),
    },
    {
        "key": Question.WANT_FROM_IT,
        "text": _("What do you want to get out of it?"),
        "help_text": _("The outcomes that would make this worth your time."),
    },
    {
        "key": Question.EXPECT_FROM_OTHER,
        "text": _("What do you expect from the other person?"),
        "help_text": _("How they should show up: time, preparation, openness, feedback."),
    },
]

STYLE_CHOICES = [
    ["1", _("1 — Directive: tell me what to do")],
    ["2", _("2 — Mostly directive")],
    ["3", _("3 — A balance of both")],
    ["4", _("4 — Mostly supportive")],
    ["5", _("5 — Supportive: help me find my own way")],
]

FOCUS_AREA_CHOICES = [
    ["career", _("Career development")],
    ["leadership", _("Leadership")],
    ["technical", _("Technical skills")],
    ["wellbeing", _("Wellbeing and balance")],
    ["networking", _("Networking and visibility")],
    ["communication", _("Communication and influence")],
    ["strategy", _("Strategy and the wider organisation")],
    ["transition", _("A new role or transition")],
]

FORMAT_CHOICES = [
    ["in_person", _("In person")],
    ["video", _("Video call")],
    ["phone", _("Phone")],
    ["mixed", _("A mix")],
]

STRUCTURED_QUESTIONS: list[dict[str, Any]] = [
    {
        "key": Question.FREQUENCY,
        "text": _("How often would you like to meet?"),
        "kind": Question.Kind.CHOICE,
        "choices": list(Cadence.choices),
    },
    {
        "key": Question.FORMAT,
        "text": _("How would you prefer to meet?"),
        "kind": Question.Kind.CHOICE,
        "choices": FORMAT_CHOICES,
    },
    {
        "key": Question.STYLE,
        "text": _("What support style suits you, from directive to supportive?"),
        "kind": Question.Kind.SCALE,
        "choices": STYLE_CHOICES,
    },
    {
        "key": Question.FOCUS_AREAS,
        "text": _("Which areas do you want to focus on?"),
        "help_text": _("Choose all that apply."),
        "kind": Question.Kind.MULTI,
        "choices": FOCUS_AREA_CHOICES,
    },
]


def default_questions() -> list[dict[str, Any]]:
    """The core and structured questions a new questionnaire starts with, in the active
    language: what is stored is the coordinator's to edit. Choice values stay the same in
    every language; matching compares them."""

    def plain(value: Any) -> Any:
        if isinstance(value, Promise):
            return str(value)
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        return value

    return [
        {name: plain(value) for name, value in spec.items()}
        for spec in [*CORE_QUESTIONS, *STRUCTURED_QUESTIONS]
    ]
