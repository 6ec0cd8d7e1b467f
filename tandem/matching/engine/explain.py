"""Plain-words reasons: why each pair was made, and what kept each unmatched mentee out.

Pair reasons are ranked by how much they weigh in the score (a stated preference first,
because people who had a say in their match do better), and at most ``MAX_REASONS`` are kept.
The unmatched reason is the *binding* one: the first rule, taken in a fixed order, after
which no mentor is left for that mentee; when mentors were left, it says they were full.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np

from .candidates import CandidateGraph
from .cohort import Cohort
from .constraints import Constraints
from .features import ORDINAL_POSITIONS, Scorer, normalise_answer
from .model import AnswerValue, Mode
from .text import TextModel

MAX_REASONS = 4

_FORMAT_PHRASES = {
    "in person": "in person",
    "face to face": "in person",
    "video": "by video",
    "video call": "by video",
    "online": "online",
    "remote": "remotely",
    "phone": "by phone",
    "telephone": "by phone",
    "hybrid": "in a hybrid format",
}


def ordinal(n: int) -> str:
    teens = 10 <= n % 100 <= 20
    suffix = "th" if teens else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _hours(value: float) -> str:
    text = f"{value:g}"
    return f"{text} hour" if text == "1" else f"{text} hours"


@lru_cache(maxsize=4096)
def _normalised(value: AnswerValue) -> tuple[str, ...]:
    if isinstance(value, str):
        return (normalise_answer(value),)
    return tuple(normalise_answer(v) for v in value)


Answers = Mapping[str, AnswerValue | list[str]]


def _answer_set(answers: Answers, key: str) -> tuple[str, ...]:
    value = answers.get(key)
    if value is None:
        return ()
    return _normalised(value if isinstance(value, str) else tuple(value))


def _join(items: Sequence[str]) -> str:
    return ", ".join(items)


_STRUCTURED = frozenset({"frequency", "format", "style", "focus_areas"})


def expectation_reasons(mentee_answers: Answers, mentor_answers: Answers) -> list[str]:
    """Agreements between the structured answers, most telling first."""
    out: list[str] = []
    freq_a = _answer_set(mentee_answers, "frequency")
    freq_b = _answer_set(mentor_answers, "frequency")
    fmt_a = _answer_set(mentee_answers, "format")
    fmt_b = _answer_set(mentor_answers, "format")
    freq = next((f for f in freq_a if f in freq_b), None)
    fmt = next((f for f in fmt_a if f in fmt_b), None)
    if freq is not None and fmt is not None:
        out.append(f"both prefer {freq} meetings {_FORMAT_PHRASES.get(fmt, f'({fmt})')}")
    elif freq is not None:
        out.append(f"both prefer {freq} meetings")
    elif fmt is not None:
        out.append(f"both prefer meeting {_FORMAT_PHRASES.get(fmt, f'({fmt})')}")
    elif freq_a and freq_b:
        scale = ORDINAL_POSITIONS["frequency"]
        a, b = freq_a[0], freq_b[0]
        if a in scale and b in scale and abs(scale[a] - scale[b]) == 1:
            out.append(f"close on how often to meet ({a} and {b})")
    style_b = _answer_set(mentor_answers, "style")
    style = next((s for s in _answer_set(mentee_answers, "style") if s in style_b), None)
    if style is not None:
        out.append(f"both want a {style} style")
    focus_b = _answer_set(mentor_answers, "focus_areas")
    shared_focus = [f for f in _answer_set(mentee_answers, "focus_areas") if f in focus_b]
    if len(shared_focus) == 1:
        out.append(f"shared focus area: {shared_focus[0]}")
    elif shared_focus:
        out.append(f"shared focus areas: {_join(shared_focus[:3])}")
    others = (mentee_answers.keys() & mentor_answers.keys()) - _STRUCTURED
    for key in sorted(others):
        theirs = _answer_set(mentor_answers, key)
        common = [v for v in _answer_set(mentee_answers, key) if v in theirs]
        if common:
            out.append(f"same answer on {key.replace('_', ' ')}: {common[0]}")
    return out


def text_reasons(text: TextModel, mentee: int, mentor: int) -> list[str]:
    if text.empty:
        return []
    row_a = text.row(False, mentee)
    row_b = text.row(True, mentor)
    common = row_a.keys() & row_b.keys()
    if not common:
        return []
    ranked = [f for _, f in sorted([(-row_a[f] * row_b[f], f) for f in common])]
    names = text.feature_names
    kinds = text.kinds()
    skills = [names[f] for f in ranked if kinds[f] == 1]
    fields = [names[f] for f in ranked if kinds[f] == 2]
    terms: list[str] = []
    for f in ranked:
        if kinds[f]:
            continue
        name = names[f]
        # A word already covered by a named skill, or by a longer phrase, adds nothing.
        if any(name in s or s in name for s in [*skills, *terms]):
            continue
        terms.append(name)
    out: list[str] = []
    if len(skills) == 1:
        out.append(f"shared skill: {skills[0]}")
    elif skills:
        out.append(f"shared skills: {_join(skills[:3])}")
    if terms:
        out.append(f"your goals and their expertise both mention {_join(terms[:3])}")
    if fields and not skills:
        out.append(f"related expertise: {_join(fields[:2])}")
    return out


def _language_names(cohort: Cohort, mentee: int, mentor: int) -> list[str]:
    a = cohort.instance.mentees[mentee].languages
    b = set(cohort.instance.mentors[mentor].languages)
    return [lang for lang in a if lang in b]


def pair_reasons(
    cohort: Cohort,
    scorer: Scorer | None,
    text: TextModel | None,
    mentee: int,
    mentor: int,
    score: float,
) -> list[str]:
    inst = cohort.instance
    a = inst.mentees[mentee]
    b = inst.mentors[mentor]
    reasons: list[str] = []
    if b.id in a.preferences:
        reasons.append(f"you ranked this mentor {ordinal(a.preferences.index(b.id) + 1)}")
    if scorer is not None and scorer.w_junior > 0:
        # Reverse mentoring's own preference comes before the fit of goals and answers.
        below = int(
            cohort.depth[cohort.mentor_person[mentor]] - cohort.depth[cohort.mentee_person[mentee]]
        )
        if below > 0:
            levels = "1 level" if below == 1 else f"{below} levels"
            reasons.append(f"junior mentor: {levels} further from the top of the org chart")
    if text is not None:
        reasons.extend(text_reasons(text, mentee, mentor))
    reasons.extend(expectation_reasons(a.answers, b.answers))
    if scorer is not None and scorer.w_cross > 0:
        da = cohort.mentee_dept[mentee]
        db = cohort.mentor_dept[mentor]
        if da >= 0 and db >= 0 and da != db:
            reasons.append(
                f"from another department ({cohort.departments[db]}), which widens your network"
            )
    if inst.scores is not None and not reasons:
        reasons.append(f"supplied score {score:.2f}")
    if len(reasons) < 2:
        shared = _language_names(cohort, mentee, mentor)
        if shared:
            reasons.append(f"you share a language: {_join(shared)}")
        ta, tb = a.utc_offset_hours, b.utc_offset_hours
        if ta is not None and tb is not None and len(reasons) < 2:
            gap = abs(ta - tb)
            reasons.append("same time zone" if gap == 0 else f"time zones {_hours(gap)} apart")
    if not reasons:
        reasons.append(f"best available score ({score:.2f}) within the programme's rules")
    return reasons[:MAX_REASONS]


class UnmatchedExplainer:
    """Finds the binding reason for each unmatched mentee."""

    def __init__(
        self,
        cohort: Cohort,
        constraints: Constraints,
        scorer: Scorer | None,
        graph: CandidateGraph,
        mode: Mode,
        full_degree: dict[int, int] | None = None,
    ) -> None:
        self.cohort = cohort
        # Allowed mentors per unmatched mentee on the full graph, when the candidate graph is
        # not the full graph; its own degrees are used otherwise.
        self.full_degree = full_degree
        self.constraints = constraints
        self.scorer = scorer
        self.graph = graph
        self.mode = mode
        self.degree = np.bincount(graph.mentee, minlength=cohort.n_mentees)
        self._every_mentor = np.arange(cohort.n_mentors, dtype=np.int64)
        self._places: dict[tuple[bytes, bytes, bool], tuple[str | None, np.ndarray]] = {}
        if cohort.instance.scores is not None:
            scores = cohort.instance.scores
            self.listed_mentee = np.array(
                [cohort.mentee_index[x] for x, _, _ in scores], dtype=np.int64
            )
            self.listed_mentor = np.array(
                [cohort.mentor_index[y] for _, y, _ in scores], dtype=np.int64
            )
            self.listed_score = np.array([s for _, _, s in scores], dtype=np.float64)
            order = np.argsort(self.listed_mentee, kind="stable")
            self.listed_mentee = self.listed_mentee[order]
            self.listed_mentor = self.listed_mentor[order]
            self.listed_score = self.listed_score[order]

    def _full_reason(self, count: int) -> str:
        # ``count`` is every mentor the rules allow for this mentee on the full graph, and
        # each claim below holds there: optimal matches the full-graph maximum, stable
        # leaves no blocking pair over every allowed pair.
        some = (
            "the mentor who fits you is" if count == 1 else f"all {count} mentors who fit you are"
        )
        if self.mode == "optimal":
            return (
                f"{some} full, and no rearrangement frees a place without unmatching someone else"
            )
        if self.mode == "stable":
            return f"{some} full with mentees who fit them as well or better"
        return f"{some} already full when your turn came"

    def reason(self, mentee: int) -> str:
        if self.full_degree is not None:
            count = self.full_degree.get(mentee, 0)
        else:
            count = int(self.degree[mentee])
        if count > 0:
            return self._full_reason(count)
        return self._binding_rule(mentee)

    def _binding_rule(self, mentee: int) -> str:
        c = self.cohort
        rules = c.instance.rules
        cons = self.constraints
        if c.instance.scores is not None:
            lo, hi = np.searchsorted(self.listed_mentee, [mentee, mentee + 1])
            if hi == lo:
                return "no score was supplied for you with any mentor"
            mentors = self.listed_mentor[lo:hi]
            scores: np.ndarray | None = self.listed_score[lo:hi]
            placed = self._place_rules(mentee, mentors)
        else:
            scores = None
            # The first rules read only the mentee's languages and time zone, which many
            # unmatched mentees share (a language or time-zone island): worked out once each.
            key = (
                c.mentee_lang[mentee].tobytes(),
                c.mentee_tz[mentee].tobytes(),
                bool(c.instance.mentees[mentee].languages),
            )
            mentors = self._every_mentor
            if key not in self._places:
                self._places[key] = self._place_rules(mentee, mentors)
            placed = self._places[key]
        binding, alive = placed
        if binding is not None:
            return binding
        mentors = mentors[alive]
        if scores is not None:
            scores = scores[alive]
        me = np.full(len(mentors), mentee, dtype=np.int64)
        left = np.ones(len(mentors), dtype=bool)
        if rules.exclude_same_department:
            left &= cons.pair_department(me, mentors)
            if not left.any():
                return "every mentor who otherwise fits is in your own department"
        left &= cons.pair_distinct(me, mentors)
        if rules.exclude_management_chain:
            left &= cons.pair_chain(me, mentors)
            if not left.any():
                return "every mentor who otherwise fits is in your management chain"
        if not left.any():
            return "the only mentor who otherwise fits is you"
        left &= cons.pair_not_forbidden(me, mentors)
        if not left.any():
            return "the only mentors who fit are excluded for you (such as a previous mentor)"
        if scores is None:
            assert self.scorer is not None
            survivors = mentors[left]
            values = self.scorer.pair_scores(np.full(len(survivors), mentee), survivors)
            best = float(values.max())
        else:
            best = float(scores[left].max())
        if best < rules.min_score:
            return (
                f"no mentor who fits reaches the minimum score of {rules.min_score:g}"
                f" (the best is {best:.2f})"
            )
        return self._full_reason(int(left.sum()))

    def _place_rules(self, mentee: int, mentors: np.ndarray) -> tuple[str | None, np.ndarray]:
        """The binding reason among places, languages and time zones, if one binds, and the
        mentors (a mask over ``mentors``) those rules leave."""
        c = self.cohort
        rules = c.instance.rules
        cons = self.constraints
        if len(mentors) == 0:
            return "there are no mentors in this cohort", np.zeros(0, dtype=bool)
        me = np.full(len(mentors), mentee, dtype=np.int64)
        alive = cons.pair_capacity(mentors)
        if not alive.any():
            return "no mentor has any places", alive
        gap = rules.max_timezone_gap_hours
        if rules.require_shared_language:
            lang = cons.pair_language(me, mentors)
            if not c.instance.mentees[mentee].languages:
                return "you listed no language, and a shared language is required", alive
            tz = cons.pair_timezone(me, mentors) if gap is not None else np.ones(len(me), bool)
            if not (alive & lang).any():
                return "no mentor shares a language with you", alive
            if not (alive & tz).any():
                return f"no mentor is within {_hours(gap or 0)} of your time zone", alive
            if not (alive & lang & tz).any():
                within = _hours(gap or 0)
                return (
                    f"no mentor within {within} of your time zone shares a language with you",
                    alive,
                )
            alive &= lang & tz
        elif gap is not None:
            alive &= cons.pair_timezone(me, mentors)
            if not alive.any():
                return f"no mentor is within {_hours(gap)} of your time zone", alive
        return None, alive
