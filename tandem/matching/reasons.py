"""Why a pair was made, and why a mentee was not matched, in words written to each reader.

The engine states its reasons in one neutral voice, in English ("shared skill: budgeting",
"you share a language: fr"): that is its documented output, which `tandem match-file` prints
and the database stores. People read them in three places: the coordinator reviewing a run
(names both people, never "you"), and each member of the pair (written to them, naming their
partner). This module is the boundary: it recognises each engine phrase by its pattern (the
phrase's code, with its parameters), and writes it again for the reader as a sentence
translated into the active language, with the programme's own labels for answers and
languages and its own words for the roles. Scores never appear as numbers: a fit label
stands in for them. A phrase it does not recognise is shown as the engine wrote it.

Why an unmatched mentee has no mentor is written the same way, in ``unmatched_reasons``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from django.contrib.humanize.templatetags.humanize import ordinal
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from tandem.matching.engine.features import normalise_answer
from tandem.matching.unmatched_reasons import unmatched_reason_for as unmatched_reason_for
from tandem.matching.unmatched_reasons import unplaced_reason_for as unplaced_reason_for
from tandem.matching.wording import NUMBER, and_list, capitalised, hours_text, split_items
from tandem.people.models import Language, day_text
from tandem.programmes.models import Programme, Question
from tandem.programmes.roles import RoleLabels, role_labels

Voice = Literal["coordinator", "mentee", "mentor"]

# Lower bounds of each fit label, best first; a score is the weighted mean of the components,
# between 0 and 1.
FIT_LABELS = (
    (0.7, gettext_lazy("Excellent fit")),
    (0.5, gettext_lazy("Strong fit")),
    (0.3, gettext_lazy("Good fit")),
    (0.0, gettext_lazy("Possible fit")),
)


def fit_label(score: float) -> str:
    for low, label in FIT_LABELS:
        if score >= low:
            return str(label)
    return str(FIT_LABELS[-1][1])


def fit_choices() -> list[tuple[str, str]]:
    return [(f"{low:g}", _("%(fit)s or better") % {"fit": label}) for low, label in FIT_LABELS[:-1]]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The programme's words for answers, languages and roles, loaded once per page or task."""

    languages: dict[str, str] = field(default_factory=dict)
    questions: dict[str, str] = field(default_factory=dict)
    # question key -> normalised value or label -> the label shown on the questionnaire
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    # The programme's words for its roles, in the language active when it was loaded.
    labels: RoleLabels = field(default_factory=lambda: role_labels(None))

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
    return Vocabulary(
        languages=languages, questions=texts, answers=answers, labels=programme.labels
    )


def _plain_label(label: str) -> str:
    """'4 — Mostly supportive' reads as 'mostly supportive' inside a sentence."""
    text = re.sub("^\\s*\\d+\\s*[\u2014\u2013-]\\s*", "", label)
    text = text.split(":", 1)[0].strip()
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text  # an acronym such as "HR" keeps its capitals
    return text[:1].lower() + text[1:]


@dataclass(frozen=True, slots=True)
class Reader:
    """Who reads the reasons, and the two names they need."""

    voice: Voice
    mentee: str
    mentor: str


# Each rule: an engine phrase, and how each reader hears it. A writer gets the match and the
# reader, and returns the sentence (or "" to leave the reason out).
Writer = Callable[[re.Match[str], Reader, Vocabulary], str]


def _in_voice(r: Reader, *, mentee: str, mentor: str, coordinator: str, **values: str) -> str:
    """The sentence for the reader's voice, filled with the two names and ``values``."""
    text = {"mentee": mentee, "mentor": mentor, "coordinator": coordinator}[r.voice]
    return text % {"mentee": r.mentee, "mentor": r.mentor, **values}


def _ranked(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _in_voice(
        r,
        mentee=_("you put %(mentor)s %(place)s on your list of %(mentors)s"),
        mentor=_("%(mentee)s put you %(place)s on their list of %(mentors)s"),
        coordinator=_("%(mentee)s put %(mentor)s %(place)s on their list of %(mentors)s"),
        place=str(ordinal(m["rank"])),
        mentors=v.labels.mentors,
    )


def _skills(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _in_voice(
        r,
        mentee=_("%(mentor)s has the skills you want to build: %(skills)s"),
        mentor=_("%(mentee)s wants to build skills you have: %(skills)s"),
        coordinator=_("%(mentor)s has the skills %(mentee)s wants to build: %(skills)s"),
        skills=and_list(split_items(m["items"])),
    )


def _goals(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    # The terms are words the two texts share, often cut short ("vendor", "negotiate"): in
    # quotes they read as the words found, not as a subject ("both cover vendor").
    terms = [_("“%(term)s”") % {"term": term} for term in split_items(m["items"])]
    return _in_voice(
        r,
        mentee=_("your goals and %(mentor)s's expertise both mention %(terms)s"),
        mentor=_("%(mentee)s's goals and your expertise both mention %(terms)s"),
        coordinator=_("%(mentee)s's goals and %(mentor)s's expertise both mention %(terms)s"),
        terms=and_list(terms),
    )


def _related(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _in_voice(
        r,
        mentee=_("%(mentor)s's expertise in %(fields)s is close to what you asked for"),
        mentor=_("your expertise in %(fields)s is close to what %(mentee)s asked for"),
        coordinator=_("%(mentor)s's expertise in %(fields)s is close to what %(mentee)s asked for"),
        fields=and_list(split_items(m["items"])),
    )


def _both(r: Reader, *, you: str, coordinator: str, **values: str) -> str:
    """A sentence about both people: "you both …" to a member, naming both to the
    coordinator."""
    return _in_voice(r, mentee=you, mentor=you, coordinator=coordinator, **values)


# How the engine says the pair would meet (``explain._FORMAT_PHRASES``), in the active language.
# An answer it has no phrase for it writes in brackets, as the answer's value: "(mixed)", the
# default questionnaire's "A mix", is one.
MEETING_FORMATS = {
    "in person": gettext_lazy("in person"),
    "by video": gettext_lazy("by video"),
    "online": gettext_lazy("online"),
    "remotely": gettext_lazy("remotely"),
    "by phone": gettext_lazy("by phone"),
    "in a hybrid format": gettext_lazy("in a hybrid format"),
    "(mixed)": gettext_lazy("in a mix of formats"),
}
OWN_FORMAT = re.compile(r"^\((?P<value>.+)\)$")


def _how(phrase: str) -> str:
    """A meeting format as the engine wrote it, in the active language."""
    return str(MEETING_FORMATS.get(phrase, phrase))


def _own_answer(phrase: str, v: Vocabulary) -> str | None:
    """The programme's own answer the engine wrote in brackets, as the questionnaire names
    it; None for a format the engine has a phrase for."""
    found = None if phrase in MEETING_FORMATS else OWN_FORMAT.match(phrase)
    return v.answer("format", found["value"]) if found else None


def _meetings(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    frequency = v.answer("frequency", m["freq"])
    if m["how"]:
        answer = _own_answer(m["how"], v)
        if answer is not None:
            return _both(
                r,
                you=_(
                    "you both prefer %(frequency)s meetings and answered “%(answer)s” on how "
                    "to meet"
                ),
                coordinator=_(
                    "%(mentee)s and %(mentor)s both prefer %(frequency)s meetings and answered "
                    "“%(answer)s” on how to meet"
                ),
                frequency=frequency,
                answer=answer,
            )
        return _both(
            r,
            you=_("you both prefer %(frequency)s meetings %(how)s"),
            coordinator=_("%(mentee)s and %(mentor)s both prefer %(frequency)s meetings %(how)s"),
            frequency=frequency,
            how=_how(m["how"]),
        )
    return _both(
        r,
        you=_("you both prefer %(frequency)s meetings"),
        coordinator=_("%(mentee)s and %(mentor)s both prefer %(frequency)s meetings"),
        frequency=frequency,
    )


def _format(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    answer = _own_answer(m["how"], v)
    if answer is not None:
        return _both(
            r,
            you=_("you both answered “%(answer)s” on how to meet"),
            coordinator=_("%(mentee)s and %(mentor)s both answered “%(answer)s” on how to meet"),
            answer=answer,
        )
    return _both(
        r,
        you=_("you both prefer meeting %(how)s"),
        coordinator=_("%(mentee)s and %(mentor)s both prefer meeting %(how)s"),
        how=_how(m["how"]),
    )


def _close_frequency(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _in_voice(
        r,
        mentee=_("you hope to meet %(a)s and %(mentor)s %(b)s: close enough to agree"),
        mentor=_("%(mentee)s hopes to meet %(a)s and you %(b)s: close enough to agree"),
        coordinator=_("%(mentee)s hopes to meet %(a)s and %(mentor)s %(b)s: close enough to agree"),
        a=v.answer("frequency", m["a"]),
        b=v.answer("frequency", m["b"]),
    )


# Words for the five points of the style scale, for a programme whose question has no labels.
STYLE_WORDS = {
    "1": gettext_lazy("directive"),
    "2": gettext_lazy("mostly directive"),
    "3": gettext_lazy("a balance of directive and supportive"),
    "4": gettext_lazy("mostly supportive"),
    "5": gettext_lazy("supportive"),
}


def _style(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    value = m["style"]
    label = v.answer("style", value)
    if label == value:
        label = str(STYLE_WORDS.get(value.strip(), _("the same point on the scale")))
    return _both(
        r,
        you=_("you both want the same mentoring style: %(style)s"),
        coordinator=_("%(mentee)s and %(mentor)s both want the same mentoring style: %(style)s"),
        style=label,
    )


def _focus(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _both(
        r,
        you=_("you both want to focus on %(areas)s"),
        coordinator=_("%(mentee)s and %(mentor)s both want to focus on %(areas)s"),
        areas=and_list([v.answer("focus_areas", a).lower() for a in split_items(m["items"])]),
    )


def _same_answer(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    key = m["key"].replace(" ", "_")
    question = v.questions.get(key)
    answer = v.answer(key, m["value"])
    if question is None:
        return _both(
            r,
            you=_("you both answered “%(answer)s” on the questionnaire"),
            coordinator=_(
                "%(mentee)s and %(mentor)s both answered “%(answer)s” on the questionnaire"
            ),
            answer=answer,
        )
    return _both(
        r,
        you=_("you both answered “%(answer)s” to “%(question)s”"),
        coordinator=_("%(mentee)s and %(mentor)s both answered “%(answer)s” to “%(question)s”"),
        answer=answer,
        question=question,
    )


def _department(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _in_voice(
        r,
        mentee=_(
            "%(mentor)s works in another department (%(department)s), which widens your network"
        ),
        mentor=_("%(mentee)s works in another department, which widens both your networks"),
        coordinator=_(
            "%(mentor)s works in another department (%(department)s), which widens "
            "%(mentee)s's network"
        ),
        department=m["dept"],
    )


def _junior_mentor(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _in_voice(
        r,
        mentee=_("%(mentor)s is earlier in their career than you, as reverse mentoring asks"),
        mentor=_("you are earlier in your career than %(mentee)s, as reverse mentoring asks"),
        coordinator=_(
            "%(mentor)s is earlier in their career than %(mentee)s, as reverse mentoring asks"
        ),
    )


def _languages(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _both(
        r,
        you=_("you both speak %(languages)s"),
        coordinator=_("%(mentee)s and %(mentor)s both speak %(languages)s"),
        languages=and_list([v.language(code) for code in split_items(m["items"])]),
    )


def _same_zone(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _in_voice(
        r,
        mentee=_("you work in the same time zone as %(mentor)s"),
        mentor=_("you work in the same time zone as %(mentee)s"),
        coordinator=_("%(mentee)s and %(mentor)s work in the same time zone"),
    )


def _zones_apart(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _in_voice(
        r,
        mentee=_("you work %(apart)s apart from %(mentor)s, easy to meet"),
        mentor=_("you work %(apart)s apart from %(mentee)s, easy to meet"),
        coordinator=_("%(mentee)s and %(mentor)s work %(apart)s apart, easy to meet"),
        apart=hours_text(m["hours"]),
    )


def _best_available(m: re.Match[str], r: Reader, v: Vocabulary) -> str:
    return _in_voice(
        r,
        mentee=_("%(mentor)s is the best fit for you within the programme's rules"),
        mentor=_("you are the best fit for %(mentee)s within the programme's rules"),
        coordinator=_("%(mentor)s is the best fit for %(mentee)s within the programme's rules"),
    )


# The engine's pair phrases (``engine/explain.py``, documented in docs/matching.md, "Reasons"),
# each with its writer.
RULES: tuple[tuple[re.Pattern[str], Writer], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), writer)
    for pattern, writer in (
        (r"^you ranked this mentor (?P<rank>\d+)(?:st|nd|rd|th)$", _ranked),
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
        (r"^time zones (?P<hours>[\d.]+) hours? apart$", _zones_apart),
        (r"^(?:supplied score|best available score)\b.*$", _best_available),
    )
)


def pair_reason_known(reason: str) -> bool:
    """Whether ``reason`` is an engine phrase this module writes for its readers."""
    return any(pattern.match(reason.strip()) for pattern, _writer in RULES)


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
            text = NUMBER.sub("", text)
        if text and capitalised(text) not in out:
            out.append(capitalised(text))
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


# Mentors


def mentor_not_taking_reason(
    name: str, until: date | None, pinned: int = 0, *, labels: RoleLabels | None = None
) -> str:
    """Why a run proposed no new mentee for a mentor who is not taking new mentees, to the
    coordinator reviewing it."""
    words = labels or role_labels(None)
    values = {"name": name, "mentees": words.mentees}
    if until is not None:
        values["until"] = day_text(until)
        if pinned:
            text = _(
                "%(name)s is not taking new %(mentees)s until %(until)s, so this run proposes "
                "nobody new for them beyond the pairs you pinned; their current %(mentees)s "
                "stay with them."
            )
        else:
            text = _(
                "%(name)s is not taking new %(mentees)s until %(until)s, so this run proposes "
                "nobody new for them; their current %(mentees)s stay with them."
            )
    elif pinned:
        text = _(
            "%(name)s is not taking new %(mentees)s, so this run proposes nobody new for them "
            "beyond the pairs you pinned; their current %(mentees)s stay with them."
        )
    else:
        text = _(
            "%(name)s is not taking new %(mentees)s, so this run proposes nobody new for them; "
            "their current %(mentees)s stay with them."
        )
    return text % values


def next_step_for_unmatched(programme: Programme) -> str:
    labels = programme.labels
    if programme.allows_self_selection:
        return _(
            "You can choose a %(mentor)s yourself: open the programme's %(mentor)s list, where "
            "the %(mentors)s who fit you best come first, and ask one of them."
        ) % {"mentor": labels.mentor, "mentors": labels.mentors}
    return _(
        "You stay in the programme: your coordinator will include you in the next matching "
        "round, and you do not need to apply again."
    )


# Circles (group mentoring)

CircleVoice = Literal["coordinator", "mentee"]


def _circle_rule(text: str, voice: CircleVoice, mentee: str, vocabulary: Vocabulary) -> str | None:
    """A phrase only the group engine writes, for the reader; None for any other phrase."""
    you = voice == "mentee"
    values = {"mentee": mentee}
    if text == "you asked for this circle or its mentor":
        if you:
            return _("you asked for this circle or its facilitator")
        return _("%(mentee)s asked for this circle or its facilitator") % values
    found = re.match(r"^your goals and the circle's topic both mention (?P<items>.+)$", text)
    if found:
        values["terms"] = and_list(split_items(found["items"]))
        if you:
            return _("the circle's topic covers the %(terms)s you asked for") % values
        return _("%(mentee)s's goals and the circle's topic both cover %(terms)s") % values
    found = re.match(r"^shared skills?: (?P<items>.+)$", text)
    if found:
        values["skills"] = and_list(split_items(found["items"]))
        if you:
            return _("the facilitators have skills you want to build: %(skills)s") % values
        return _("the facilitators have skills %(mentee)s wants to build: %(skills)s") % values
    found = re.match(r"^related expertise: (?P<items>.+)$", text)
    if found:
        values["fields"] = and_list(split_items(found["items"]))
        if you:
            return _("the facilitators' expertise in %(fields)s is close to what you asked for") % (
                values
            )
        return (
            _("the facilitators' expertise in %(fields)s is close to what %(mentee)s asked for")
            % values
        )
    found = re.match(r"^every member speaks (?P<code>.+)$", text)
    if found:
        return _("every member of the circle speaks %(language)s") % {
            "language": vocabulary.language(found["code"])
        }
    if text.startswith("the best place left within the programme's rules"):
        if you:
            return _("this circle is the best place for you within the programme's rules")
        return _("this circle is the best place for %(mentee)s within the programme's rules") % (
            values
        )
    if text == "placed by the coordinator":
        return _("your coordinator chose this circle for you") if you else _("placed by hand")
    return None


def circle_reasons_for(
    reasons: Iterable[str], voice: CircleVoice, mentee: str, vocabulary: Vocabulary
) -> list[str]:
    """The group engine's reasons for one mentee's place, written for the reader: the
    coordinator reviewing a run (naming the mentee) or the mentee themselves."""
    # The facilitators stand in for the mentor in the phrases a circle shares with one-to-one
    # pairs (expectations, focus areas, answers to the questionnaire).
    facilitators = pgettext("circle", "the facilitators")
    pair_reader = Reader("mentee" if voice == "mentee" else "coordinator", mentee, facilitators)
    out: list[str] = []
    for reason in reasons:
        text = reason.strip()
        written = _circle_rule(text, voice, mentee, vocabulary)
        if written is None:
            written = next(iter(pair_reasons_for([text], pair_reader, vocabulary)), "")
        if written and capitalised(written) not in out:
            out.append(capitalised(written))
    return out


def next_step_for_unplaced(*, may_join: bool) -> str:
    if may_join:
        return _(
            "You stay in the programme: you can browse the circles that still have room and "
            "join one, and your coordinator may also place you in a circle."
        )
    return _(
        "You stay in the programme: your coordinator will place you in a circle when one "
        "has room for you, and you do not need to apply again."
    )
