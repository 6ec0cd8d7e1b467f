"""Scores and reasons outside a whole-cohort run: one mentee against the programme's mentors
(recommendations, and pairs a coordinator sets by hand), and the expectation-alignment summary
shown beside every pair."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tandem.matching.engine.explain import pair_reasons
from tandem.matching.engine.features import ORDINAL_POSITIONS, normalise_answer
from tandem.matching.engine.model import AnswerValue, Weights
from tandem.matching.engine.pipeline import MatchOptions, run_match
from tandem.matching.instance import ProgrammeCohort
from tandem.programmes.models import Question

# A mentee scored against every mentor is one row: always take the full candidate graph.
_ONE_ROW = MatchOptions(full_graph_limit=10**9)


@dataclass(frozen=True, slots=True)
class MentorScore:
    mentor_id: int
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PairCheck:
    """A hand-made pair scored by the engine, or the rule that rules it out."""

    score: float
    reasons: tuple[str, ...]
    blocked_by: str = ""


def score_mentee(cohort: ProgrammeCohort, weights: Weights, mentee_id: int) -> list[MentorScore]:
    """Every mentor the rules allow for this mentee, best first, with plain-words reasons."""
    if mentee_id not in cohort.mentees:
        return []
    instance = cohort.instance(
        weights,
        mentee_ids=[mentee_id],
        mentor_places=cohort.open_places(),
    )
    if not instance.mentors:
        return []
    run = run_match(instance, "greedy", options=_ONE_ROW)
    text = run.scorer.text if run.scorer is not None else None
    out = []
    for arc in range(len(run.graph)):
        j = int(run.graph.mentor[arc])
        score = round(float(run.graph.score[arc]), 6)
        reasons = pair_reasons(run.cohort, run.scorer, text, 0, j, score)
        out.append(MentorScore(int(run.cohort.mentor_ids[j]), score, tuple(reasons)))
    out.sort(key=lambda s: (-s.score, s.mentor_id))
    return out


def check_pair(
    cohort: ProgrammeCohort, weights: Weights, mentee_id: int, mentor_id: int
) -> PairCheck:
    """Score a pair the coordinator chose, or say which rule forbids it: in the active
    language, or as the engine's reason (``unmatched_reasons`` writes it for the reader)."""
    if (mentee_id, mentor_id) in cohort.forbidden:
        return PairCheck(0.0, (), _("this pair is ruled out for the programme"))
    if mentee_id not in cohort.mentees or mentor_id not in cohort.mentors:
        return PairCheck(0.0, (), _("one of them is no longer taking part"))
    for scored in score_mentee(cohort, weights, mentee_id):
        if scored.mentor_id == mentor_id:
            return PairCheck(scored.score, scored.reasons)
    # Matching the pair alone makes the engine name the binding rule.
    alone = cohort.instance(weights, mentee_ids=[mentee_id], mentor_places={mentor_id: 1})
    result = run_match(alone, "greedy", options=_ONE_ROW).result
    if result.pairs:
        return PairCheck(result.pairs[0].score, result.pairs[0].reasons)
    reason = result.unmatched[0].reason if result.unmatched else _("the programme's rules")
    return PairCheck(0.0, (), reason)


# Expectation alignment


ALIGNMENT_KEYS = (Question.FREQUENCY, Question.FORMAT, Question.STYLE, Question.FOCUS_AREAS)
_FREQUENCY_RANK = ORDINAL_POSITIONS["frequency"]
# A mix suits either meeting format.
_FLEXIBLE_FORMATS = {"mixed", "hybrid"}


def _values(value: AnswerValue | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _label(labels: dict[str, dict[str, str]], key: str, values: list[str]) -> str:
    named = labels.get(key, {})
    return ", ".join(named.get(v, v) for v in values)


def _verdict(key: str, a: list[str], b: list[str]) -> str:
    """'same', 'close', 'different' or 'unknown' for one question's two answers."""
    if not a or not b:
        return "unknown"
    na = [normalise_answer(v) for v in a]
    nb = [normalise_answer(v) for v in b]
    if set(na) & set(nb):
        return "same"
    if key == Question.FREQUENCY:
        ra, rb = _FREQUENCY_RANK.get(na[0]), _FREQUENCY_RANK.get(nb[0])
        if ra is not None and rb is not None:
            return "close" if abs(ra - rb) == 1 else "different"
    if key == Question.STYLE:
        try:
            gap = abs(int(na[0]) - int(nb[0]))
        except ValueError:
            return "different"
        return "close" if gap == 1 else "different"
    if key == Question.FORMAT and (set(na) | set(nb)) & _FLEXIBLE_FORMATS:
        return "close"
    return "different"


def alignment_summary(
    mentee: dict[str, AnswerValue],
    mentor: dict[str, AnswerValue],
    questions: dict[str, tuple[str, dict[str, str]]],
) -> dict[str, Any]:
    """Both sides' answers to the structured questions, with a flag where they clearly differ.

    ``questions`` maps a key to (question text, {value: label}) for the programme.
    """
    labels = {key: choices for key, (_text, choices) in questions.items()}
    rows = []
    for key in ALIGNMENT_KEYS:
        if key not in questions:
            continue
        a, b = _values(mentee.get(key)), _values(mentor.get(key))
        verdict = _verdict(key, a, b)
        rows.append(
            {
                "key": key,
                "question": questions[key][0],
                "mentee": _label(labels, key, a),
                "mentor": _label(labels, key, b),
                "verdict": verdict,
                "mismatch": verdict == "different",
            }
        )
    flagged = [row["key"] for row in rows if row["mismatch"]]
    return {"rows": rows, "mismatch": bool(flagged), "flags": flagged}


def question_labels(questions: list[Question]) -> dict[str, tuple[str, dict[str, str]]]:
    return {
        q.key: (q.text, {str(value): str(label) for value, label in q.choices})
        for q in questions
        if q.key in ALIGNMENT_KEYS
    }
