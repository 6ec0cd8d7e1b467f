"""Why a pair was made, and why a mentee was not matched, in words written to each reader.

The engine states its reasons in one neutral voice ("shared skill: budgeting", "you share a
language: fr"). People read them in three places: the coordinator reviewing a run (names both
people, never "you"), and each member of the pair (written to them, naming their partner).
This module recognises each engine phrase and writes it again for the reader, with the
programme's own labels for answers and languages. Scores never appear as numbers: a fit label
stands in for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from tandem.matching.engine.features import normalise_answer
from tandem.people.models import Language, day_text
from tandem.programmes.models import Programme, Question

Voice = Literal["coordinator", "mentee", "mentor"]

# Lower bounds of each fit label, best first; a score is the weighted mean of the components,
# between 0 and 1.
FIT_LABELS = (
    (0.7, "Excellent fit"),
    (0.5, "Strong fit"),
    (0.3, "Good fit"),
    (0.0, "Possible fit"),
)


def fit_label(score: float) -> str:
    for low, label in FIT_LABELS:
        if score >= low:
            return label
    return FIT_LABELS[-1][1]


def fit_choices() -> list[tuple[str, str]]:
    return [(f"{low:g}", f"{label} or better") for low, label in FIT_LABELS[:-1]]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The programme's words for answers and languages, loaded once per page or task."""

    languages: dict[str, str] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    # question key -> normalised value or label -> the label shown on the questionnaire
    answers: dict[str, dict[str, str]] = field(default_factory=dict)

    def language(self, code: str) -> str:
        return self.languages.get(code.strip().lower(), code.strip())

    def answer(self, key: str, value: str) -> str:
        return self.answers.get(key, {}).get(normalise_answer(value), value)


def vocabulary_for(programme: Programme | None) -> Vocabulary:
    languages = {code.lower(): name for code, name in Language.objects.values_list("code", "name")}
    if programme is None:
        return Vocabulary(languages=languages)
    texts: dict[str, str] = {}
    answers: dict[str, dict[str, str]] = {}
    for key, text, choices in Question.objects.filter(programme=programme).values_list(
        "key", "text", "choices"
    ):
        texts[key] = text
        labels: dict[str, str] = {}
        for choice in choices or []:
            if isinstance(choice, list | tuple) and len(choice) == 2:
                value, label = str(choice[0]), _plain_label(str(choice[1]))
                labels[normalise_answer(value)] = label
                labels[normalise_answer(label)] = label
        answers[key] = labels
    return Vocabulary(languages=languages, questions=texts, answers=answers)


def _plain_label(label: str) -> str:
    """'4 — Mostly supportive' reads as 'mostly supportive' inside a sentence."""
    text = re.sub("^\\s*\\d+\\s*[\u2014\u2013-]\\s*", "", label)
    text = text.split(":", 1)[0].strip()
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text  # an acronym such as "HR" keeps its capitals
    return text[:1].lower() + text[1:]


def _and(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads the reasons, and the two names they need."""

    voice: Voice
    mentee: str
    mentor: str


# Each rule: an engine phrase, and how each reader hears it. A writer gets the match and the
# reader, and returns the sentence (or "" to leave the reason out).
Writer = Callable[[re.Match[str], Reader, Vocabulary], str]


def _ranked(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    place = m["rank"]
    if r.voice == "mentee":
        return f"you put {r.mentor} {place} on your list of mentors"
    if r.voice == "mentor":
        return f"{r.mentee} put you {place} on their list of mentors"
    return f"{r.mentee} put {r.mentor} {place} on their list of mentors"


def _skills(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    skills = _and(_split(m["items"]))
    if r.voice == "mentee":
        return f"{r.mentor} has the skills you want to build: {skills}"
    if r.voice == "mentor":
        return f"{r.mentee} wants to build skills you have: {skills}"
    return f"{r.mentor} has the skills {r.mentee} wants to build: {skills}"


def _goals(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    terms = _and(_split(m["items"]))
    if r.voice == "mentee":
        return f"{r.mentor}'s expertise covers the {terms} you asked for"
    if r.voice == "mentor":
        return f"{r.mentee} asked for help with {terms}, which your expertise covers"
    return f"{r.mentee}'s goals and {r.mentor}'s expertise both cover {terms}"


def _related(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    fields = _and(_split(m["items"]))
    if r.voice == "mentee":
        return f"{r.mentor}'s expertise in {fields} is close to what you asked for"
    if r.voice == "mentor":
        return f"your expertise in {fields} is close to what {r.mentee} asked for"
    return f"{r.mentor}'s expertise in {fields} is close to what {r.mentee} asked for"


def _both(r: Reader, rest: str) -> str:
    if r.voice == "coordinator":
        return f"{r.mentee} and {r.mentor} both {rest}"
    return f"you both {rest}"


def _meetings(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    how = f"{v.answer('frequency', m['freq'])} meetings"
    if m["how"]:
        how = f"{how} {m['how']}"
    return _both(r, f"prefer {how}")


def _format(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _both(r, f"prefer meeting {m['how']}")


def _close_frequency(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    a, b = v.answer("frequency", m["a"]), v.answer("frequency", m["b"])
    if r.voice == "mentee":
        return f"you hope to meet {a} and {r.mentor} {b}: close enough to agree"
    if r.voice == "mentor":
        return f"{r.mentee} hopes to meet {a} and you {b}: close enough to agree"
    return f"{r.mentee} hopes to meet {a} and {r.mentor} {b}: close enough to agree"


# Words for the five points of the style scale, for a programme whose question has no labels.
STYLE_WORDS = {
    "1": "directive",
    "2": "mostly directive",
    "3": "a balance of directive and supportive",
    "4": "mostly supportive",
    "5": "supportive",
}


def _style(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    value = m["style"]
    label = v.answer("style", value)
    if label == value:
        label = STYLE_WORDS.get(value.strip(), "the same point on the scale")
    return _both(r, f"want the same mentoring style: {label}")


def _focus(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    areas = _and([v.answer("focus_areas", a).lower() for a in _split(m["items"])])
    return _both(r, f"want to focus on {areas}")


def _same_answer(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    key = m["key"].replace(" ", "_")
    question = v.questions.get(key)
    answer = v.answer(key, m["value"])
    if question is None:
        return _both(r, f"answered “{answer}” on the questionnaire")
    return _both(r, f"answered “{answer}” to “{question}”")


def _department(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    department = m["dept"]
    if r.voice == "mentee":
        return f"{r.mentor} works in another department ({department}), which widens your network"
    if r.voice == "mentor":
        return f"{r.mentee} works in another department, which widens both your networks"
    return (
        f"{r.mentor} works in another department ({department}), which widens {r.mentee}'s network"
    )


def _junior_mentor(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    if r.voice == "mentee":
        return f"{r.mentor} is earlier in their career than you, as reverse mentoring asks"
    if r.voice == "mentor":
        return f"you are earlier in your career than {r.mentee}, as reverse mentoring asks"
    return f"{r.mentor} is earlier in their career than {r.mentee}, as reverse mentoring asks"


def _languages(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _both(r, f"speak {_and([v.language(code) for code in _split(m['items'])])}")


def _same_zone(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    if r.voice == "coordinator":
        return f"{r.mentee} and {r.mentor} work in the same time zone"
    return f"you work in the same time zone as {r.mentor if r.voice == 'mentee' else r.mentee}"


def _zones_apart(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    hours = m["hours"]
    if r.voice == "coordinator":
        return f"{r.mentee} and {r.mentor} work {hours} apart, easy to meet"
    partner = r.mentor if r.voice == "mentee" else r.mentee
    return f"you work {hours} apart from {partner}, easy to meet"


def _best_available(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    if r.voice == "mentee":
        return f"{r.mentor} is the best fit for you within the programme's rules"
    if r.voice == "mentor":
        return f"you are the best fit for {r.mentee} within the programme's rules"
    return f"{r.mentor} is the best fit for {r.mentee} within the programme's rules"


RULES: tuple[tuple[re.Pattern[str], Writer], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), writer)
    for pattern, writer in (
        (r"^you ranked this mentor (?P<rank>\d+(?:st|nd|rd|th))$", _ranked),
        (r"^shared skills?: (?P<items>.+)$", _skills),
        (r"^your goals and their expertise both mention (?P<items>.+)$", _goals),
        (r"^related expertise: (?P<items>.+)$", _related),
        (r"^both prefer (?P<freq>[\w -]+?) meetings(?: (?P<how>.+))?$", _meetings),
        (r"^both prefer meeting (?P<how>.+)$", _format),
        (r"^close on how often to meet \((?P<a>.+) and (?P<b>.+)\)$", _close_frequency),
        (r"^both want an? (?P<style>.+) style$", _style),
        (r"^shared focus areas?: (?P<items>.+)$", _focus),
        (r"^same answer on (?P<key>.+?): (?P<value>.+)$", _same_answer),
        (r"^from another department \((?P<dept>.+)\).*$", _department),
        (r"^junior mentor: (?P<levels>\d+) levels? further .*$", _junior_mentor),
        (r"^you share a language: (?P<items>.+)$", _languages),
        (r"^same time zone$", _same_zone),
        (r"^time zones (?P<hours>[\d.]+ hours?) apart$", _zones_apart),
        (r"^(?:supplied score|best available score)\b.*$", _best_available),
    )
)

_NUMBER = re.compile(r"\s*\(?\b\d+\.\d+\b\)?")


def pair_reasons_for(reasons: Iterable[str], reader: Reader, vocabulary: Vocabulary) -> list[str]:
    """The engine's reasons for one pair, rewritten for the reader, most telling first."""
    out: list[str] = []
    for reason in reasons:
        text = reason.strip()
        for pattern, writer in RULES:
            found = pattern.match(text)
            if found is not None:
                text = writer(found, reader, vocabulary)
                break
        else:
            # A phrase this module does not know yet: keep it, without any raw score.
            text = _NUMBER.sub("", text)
        if text and text not in out:
            out.append(text[:1].upper() + text[1:])
    return out


def peer_reasons_for(
    mine: Iterable[str],
    theirs: Iterable[str],
    me: str,
    partner: str,
    vocabulary: Vocabulary,
) -> list[str]:
    """Why two peers were paired, written to ``me``: what ``partner`` offers for my goals
    (``mine``: the engine's reasons with me in the learner's place), then what I offer for
    theirs (``theirs``)."""
    found = pair_reasons_for(mine, Reader("mentee", me, partner), vocabulary)
    back = pair_reasons_for(theirs, Reader("mentor", partner, me), vocabulary)
    return [*found, *(r for r in back if r not in found)]


# Unmatched mentees


def unmatched_reason_for(reason: str, voice: Voice, mentee: str) -> str:
    """The binding reason a mentee has no mentor: to the mentee, or about them."""
    text = reason.strip()
    if text.startswith("no mentor who fits reaches the minimum score"):
        text = "no mentor who fits you is a close enough match to propose"
    text = _NUMBER.sub("", text)
    if voice == "coordinator":
        text = re.sub(r"\bis you\b", f"is {mentee}", text)
        text = re.sub(r"\byour\b", f"{mentee}'s", text)
        text = re.sub(r"\byou\b", mentee, text)
    return text[:1].upper() + text[1:]


# Mentors


def mentor_not_taking_reason(name: str, until: date | None, pinned: int = 0) -> str:
    """Why a run proposed no new mentee for a mentor who is not taking new mentees, to the
    coordinator reviewing it."""
    when = f" until {day_text(until)}" if until is not None else ""
    beyond = " beyond the pairs you pinned" if pinned else ""
    return (
        f"{name} is not taking new mentees{when}, so this run proposes nobody new for them"
        f"{beyond}; their current mentees stay with them."
    )


def next_step_for_unmatched(programme: Programme) -> str:
    if programme.allows_self_selection:
        return (
            "You can choose a mentor yourself: open the programme's mentor list, where the "
            "mentors who fit you best come first, and ask one of them."
        )
    return (
        "You stay in the programme: your coordinator will include you in the next matching "
        "round, and you do not need to apply again."
    )


# Circles (group mentoring)

CircleVoice = Literal["coordinator", "mentee"]
# Stands in for the mentor in the pair phrases a circle shares with one-to-one pairs
# (expectations, focus areas, answers to the questionnaire).
FACILITATORS = "the facilitators"


def _circle_rule(text: str, voice: CircleVoice, mentee: str, vocabulary: Vocabulary) -> str | None:
    """A phrase only the group engine writes, for the reader; None for any other phrase."""
    you = voice == "mentee"
    if text == "you asked for this circle or its mentor":
        return (
            "you asked for this circle or its facilitator"
            if you
            else f"{mentee} asked for this circle or its facilitator"
        )
    found = re.match(r"^your goals and the circle's topic both mention (?P<items>.+)$", text)
    if found:
        terms = _and(_split(found["items"]))
        if you:
            return f"the circle's topic covers the {terms} you asked for"
        return f"{mentee}'s goals and the circle's topic both cover {terms}"
    found = re.match(r"^shared skills?: (?P<items>.+)$", text)
    if found:
        skills = _and(_split(found["items"]))
        if you:
            return f"the facilitators have skills you want to build: {skills}"
        return f"the facilitators have skills {mentee} wants to build: {skills}"
    found = re.match(r"^related expertise: (?P<items>.+)$", text)
    if found:
        fields = _and(_split(found["items"]))
        whose = "you" if you else mentee
        return f"the facilitators' expertise in {fields} is close to what {whose} asked for"
    found = re.match(r"^every member speaks (?P<code>.+)$", text)
    if found:
        return f"every member of the circle speaks {vocabulary.language(found['code'])}"
    if text.startswith("the best place left within the programme's rules"):
        whose = "you" if you else mentee
        return f"this circle is the best place for {whose} within the programme's rules"
    if text == "placed by the coordinator":
        return "your coordinator chose this circle for you" if you else "placed by hand"
    return None


def circle_reasons_for(
    reasons: Iterable[str], voice: CircleVoice, mentee: str, vocabulary: Vocabulary
) -> list[str]:
    """The group engine's reasons for one mentee's place, written for the reader: the
    coordinator reviewing a run (naming the mentee) or the mentee themselves."""
    pair_reader = Reader("mentee" if voice == "mentee" else "coordinator", mentee, FACILITATORS)
    out: list[str] = []
    for reason in reasons:
        text = reason.strip()
        written = _circle_rule(text, voice, mentee, vocabulary)
        if written is None:
            written = next(iter(pair_reasons_for([text], pair_reader, vocabulary)), "")
        if written and written[:1].upper() + written[1:] not in out:
            out.append(written[:1].upper() + written[1:])
    return out


def unplaced_reason_for(reason: str, voice: CircleVoice, mentee: str) -> str:
    """Why a mentee has no circle in a run: to the mentee, or about them to the coordinator."""
    text = _NUMBER.sub("", reason.strip())
    if voice == "mentee":
        text = re.sub(r"\bthemselves\b", "yourself", text)
        text = re.sub(r"\bthem\b", "you", text)
        text = re.sub(r"\btheir\b", "your", text)
    else:
        text = re.sub(r"\bthem\b", mentee, text)
        text = re.sub(r"\btheir\b", f"{mentee}'s", text)
    return text[:1].upper() + text[1:]


def next_step_for_unplaced(*, may_join: bool) -> str:
    if may_join:
        return (
            "You stay in the programme: you can browse the circles that still have room and "
            "join one, and your coordinator may also place you in a circle."
        )
    return (
        "You stay in the programme: your coordinator will place you in a circle when one "
        "has room for you, and you do not need to apply again."
    )
