"""Good-practice defaults for a new programme: guidelines text and the questionnaire."""

from __future__ import annotations

from typing import Any

from tandem.programmes.models import Cadence, Question

GUIDELINES_WHAT_MENTORING_IS = """\
Mentoring is a confidential, voluntary relationship in which a more experienced colleague \
helps another person think, learn and grow. The mentee leads: they bring the topics, set \
the goals and decide what to do next. The mentor listens, asks questions, shares \
experience and gives candid, future-focused feedback.

Mentoring is not line management, performance review, therapy or a route to promotion. \
A mentor does not sit in the mentee's reporting line, does not solve problems for them and \
does not report on them to anyone."""

GUIDELINES_ROLES = """\
Mentee: own the relationship. Agree a charter with your mentor, set goals, prepare for \
each meeting, follow up on actions and reflect on what you learn.

Mentor: make time, be reliable and keep your commitments. Listen more than you speak, ask \
questions that make your mentee think, share experience rather than instructions, and say \
so early if the relationship is not working.

Both: meet at the agreed cadence, be honest, give each other feedback, and close the \
relationship well when the goals are reached — or early, without blame, when it is not \
working.

Coordinator: runs the programme, matches pairs, and helps when either side raises a \
concern. The coordinator sees dates and progress, never the content of your conversations."""

GUIDELINES_CONFIDENTIALITY = """\
What is said in a mentoring conversation stays between the two of you unless you both \
agree otherwise. Private notes and reflections are visible only to their author; shared \
notes, goals and the charter only to the pair. Coordinators and line managers see neither.

The only exception is a risk of serious harm to someone, or a breach of law or policy. \
In that case the mentor tells the mentee before raising it with the right person."""

# The three questions every programme asks; their keys never change (see Question.CORE_KEYS).
CORE_QUESTIONS: list[dict[str, Any]] = [
    {
        "key": Question.DEFINE_MENTORING,
        "text": "How would you define mentoring?",
        "help_text": "In your own words: what it is, and what it is not.",
    },
    {
        "key": Question.WANT_FROM_IT,
        "text": "What do you want to get out of it?",
        "help_text": "The outcomes that would make this worth your time.",
    },
    {
        "key": Question.EXPECT_FROM_OTHER,
        "text": "What do you expect from the other person?",
        "help_text": "How they should show up: time, preparation, openness, feedback.",
    },
]

STYLE_CHOICES = [
    ["1", "1 — Directive: tell me what to do"],
    ["2", "2 — Mostly directive"],
    ["3", "3 — A balance of both"],
    ["4", "4 — Mostly supportive"],
    ["5", "5 — Supportive: help me find my own way"],
]

FOCUS_AREA_CHOICES = [
    ["career", "Career development"],
    ["leadership", "Leadership"],
    ["technical", "Technical skills"],
    ["wellbeing", "Wellbeing and balance"],
    ["networking", "Networking and visibility"],
    ["communication", "Communication and influence"],
    ["strategy", "Strategy and the wider organisation"],
    ["transition", "A new role or transition"],
]

FORMAT_CHOICES = [
    ["in_person", "In person"],
    ["video", "Video call"],
    ["phone", "Phone"],
    ["mixed", "A mix"],
]

STRUCTURED_QUESTIONS: list[dict[str, Any]] = [
    {
        "key": Question.FREQUENCY,
        "text": "How often would you like to meet?",
        "kind": Question.Kind.CHOICE,
        "choices": [[value, str(label)] for value, label in Cadence.choices],
    },
    {
        "key": Question.FORMAT,
        "text": "How would you prefer to meet?",
        "kind": Question.Kind.CHOICE,
        "choices": FORMAT_CHOICES,
    },
    {
        "key": Question.STYLE,
        "text": "What support style suits you, from directive to supportive?",
        "kind": Question.Kind.SCALE,
        "choices": STYLE_CHOICES,
    },
    {
        "key": Question.FOCUS_AREAS,
        "text": "Which areas do you want to focus on?",
        "help_text": "Choose all that apply.",
        "kind": Question.Kind.MULTI,
        "choices": FOCUS_AREA_CHOICES,
    },
]
