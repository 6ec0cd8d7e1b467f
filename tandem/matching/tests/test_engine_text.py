"""Goals against expertise: the same need in different words finds the right mentor."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from tandem.matching.engine import parse_instance, run_match
from tandem.matching.engine.text import canonical_skills, fit_text_model, stem

from .engine_helpers import document

EXPERTS = {
    "fin": "Fifteen years running FP&A: budgets, forecasts and board packs for a listed group.",
    "ml": "I build predictive models; deep learning, statistics and experimentation.",
    "talk": "Former broadcaster; I coach executives on presenting and keynote talks.",
    "law": "Commercial contracts and contract law; I negotiate supplier agreements.",
    "people": "Head of recruiting: interviewing, hiring plans and talent acquisition.",
    "cloud": "Site reliability engineer; kubernetes, AWS and continuous delivery.",
    "ux": "User experience lead running usability testing and customer interviews.",
    "green": "I lead our net zero programme and ESG reporting.",
}
NEEDS = {
    "fin": "I need to get much better at financial forecasting and budget planning",
    "ml": "I want to learn machine learning so I can build better models",
    "talk": "Speaking at conferences terrifies me; I want to be a confident public speaker",
    "law": "Help me understand legal drafting of contracts",
    "people": "I'm about to hire my first team and need help with recruitment",
    "cloud": "Want to move our services to the cloud and learn devops",
    "ux": "How do I do user research properly?",
    "green": "I want to shape our sustainability and climate strategy",
}


def free_text_doc() -> dict[str, Any]:
    langs = {"languages": ["en"], "utc_offset_hours": 0}
    return document(
        mentors=[
            {"id": f"m-{k}", "capacity": 1, "expertise": v, **langs} for k, v in EXPERTS.items()
        ],
        mentees=[{"id": f"e-{k}", "goals": v, **langs} for k, v in NEEDS.items()],
    )


def test_every_mentee_gets_the_mentor_whose_expertise_answers_their_goals() -> None:
    for mode in ("optimal", "stable", "greedy"):
        run = run_match(parse_instance(free_text_doc()), mode)
        pairs = {p.mentee: p.mentor for p in run.result.pairs}
        assert pairs == {f"e-{k}": f"m-{k}" for k in NEEDS}, mode


def test_the_right_mentor_scores_highest_for_each_mentee() -> None:
    run = run_match(parse_instance(free_text_doc()), "optimal")
    scorer = run.scorer
    assert scorer is not None
    import numpy as np

    n = run.cohort.n_mentees
    m = run.cohort.n_mentors
    rows = np.repeat(np.arange(n), m)
    cols = np.tile(np.arange(m), n)
    scores = scorer.pair_scores(rows, cols).reshape(n, m)
    assert (scores.argmax(axis=1) == np.arange(n)).all()
    assert ((scores >= 0) & (scores <= 1)).all()


def test_stemming_meets_word_forms() -> None:
    assert stem("forecasting") == stem("forecasts") == stem("forecast")
    assert stem("negotiating") == stem("negotiation")
    assert stem("budgets") == stem("budgeting")


def test_aliases_fold_to_canonical_skills() -> None:
    assert canonical_skills(["ML"]) == {"machine learning"}
    assert canonical_skills(["FP&A"]) == {"financial planning"}
    assert canonical_skills(["Speaking at conferences"]) == {"public speaking"}
    assert canonical_skills(["basket weaving"]) == set()


def test_skill_column_connects_different_words() -> None:
    model = fit_text_model(["get better at presenting"], ["public speaking coach"])
    product = model.mentees.multiply(model.mentors).sum()
    assert product > 0.3
    assert "public speaking" in model.feature_names


def test_empty_text_still_matches_on_the_other_components() -> None:
    doc = document(
        mentors=[{"id": "m", "languages": ["en"], "answers": {"frequency": "weekly"}}],
        mentees=[{"id": "e", "languages": ["en"], "answers": {"frequency": "weekly"}}],
    )
    run = run_match(parse_instance(doc), "optimal")
    assert run.result.pairs[0].score == 1.0
    assert run.result.pairs[0].reasons[0] == "both prefer weekly meetings"


def test_free_text_answers_are_not_compared_word_for_word() -> None:
    from tandem.matching.engine.features import fit_expectations
    from tandem.matching.engine.model import AnswerValue

    mentees: list[dict[str, AnswerValue]] = [
        {"definition": f"mentoring is thought number {i}", "frequency": "weekly"}
        for i in range(120)
    ]
    mentors: list[dict[str, AnswerValue]] = [
        {"definition": f"a long answer {i}", "frequency": "weekly"} for i in range(60)
    ]
    model = fit_expectations(mentees, mentors)
    assert model.questions == ["frequency"]
    repeated: list[dict[str, AnswerValue]] = [{"pace": "slow"}, {"pace": "fast"}]
    assert fit_expectations(repeated, repeated).questions == ["pace"]


def test_a_mentor_in_a_related_field_beats_a_stranger_to_it() -> None:
    from tandem.matching.engine.pipeline import run_match
    from tandem.matching.engine.validation import parse_instance

    mentor = {"capacity": 2, "languages": ["en"], "utc_offset_hours": 0, "answers": {}}
    doc = {
        "format": "tandem-match/1",
        "rules": {"exclude_management_chain": False, "require_shared_language": True},
        "people": [],
        "mentors": [
            {**mentor, "id": "fpa", "expertise": "FP&A lead: I run annual planning"},
            {**mentor, "id": "ux", "expertise": "UX research and interaction design"},
            {**mentor, "id": "seo", "expertise": "SEO and paid social campaigns"},
        ],
        "mentees": [
            {
                "id": "a",
                "languages": ["en"],
                "utc_offset_hours": 0,
                "goals": "Get on top of budgeting",
            },
            {"id": "b", "languages": ["en"], "utc_offset_hours": 0, "goals": "Run user interviews"},
            {
                "id": "c",
                "languages": ["en"],
                "utc_offset_hours": 0,
                "goals": "Grow our online marketing",
            },
        ],
    }

    result = run_match(parse_instance(doc), "optimal").result

    pairs = {p.mentee: p for p in result.pairs}
    assert {m: p.mentor for m, p in pairs.items()} == {"a": "fpa", "b": "ux", "c": "seo"}
    assert "related expertise: financial planning and analysis" in pairs["a"].reasons


def test_the_text_model_is_the_same_whatever_the_hash_seed() -> None:
    # Python orders sets of strings by a seed drawn per process; the model must not depend on
    # it, or two runs of one file could break ties differently.
    script = (
        "from tandem.matching.engine.text import fit_text_model\n"
        "docs = ['pricing, budgeting, accounting and payroll', 'pricing and accounting',"
        " 'payroll and pricing', 'budgeting and accounting']\n"
        "model = fit_text_model(docs[:2], docs[2:])\n"
        "print(model.feature_names, model.mentees.toarray().tolist())\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(6)
    }
    assert len(outputs) == 1
