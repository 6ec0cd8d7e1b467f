"""Shared builders and an independent, pure-Python statement of the matching rules.

The rule checks here are written from docs/matching.md ("Hard constraints") without reusing
the engine's vectorised masks, so that tests compare two readings of the same rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from hypothesis import strategies as st

FORMAT = "tandem-match/1"


def document(**parts: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": FORMAT,
        "rules": {},
        "people": [],
        "mentors": [],
        "mentees": [],
    }
    doc.update(parts)
    return doc


def ancestors(doc: dict[str, Any], person: str) -> set[str]:
    managers = {p["id"]: p.get("manager") for p in doc["people"]}
    for section in ("mentors", "mentees"):
        for record in doc[section]:
            managers.setdefault(record["id"], record.get("manager"))
    out: set[str] = set()
    current = managers.get(person)
    while current is not None and current not in out:
        out.add(current)
        current = managers.get(current)
    return out


def department(doc: dict[str, Any], person: str) -> str | None:
    for p in doc["people"]:
        if p["id"] == person:
            return p.get("department")
    return None


def rules_allow(doc: dict[str, Any], mentee_id: str, mentor_id: str) -> bool:
    rules = {
        "exclude_management_chain": True,
        "exclude_same_department": False,
        "require_shared_language": True,
        "max_timezone_gap_hours": None,
        "min_score": 0.0,
        **doc.get("rules", {}),
    }
    mentee = next(m for m in doc["mentees"] if m["id"] == mentee_id)
    mentor = next(m for m in doc["mentors"] if m["id"] == mentor_id)
    if mentee_id == mentor_id or mentor.get("capacity", 1) <= 0:
        return False
    if [mentee_id, mentor_id] in doc.get("forbidden", []):
        return False
    if rules["require_shared_language"] and not (
        {x.lower() for x in mentee.get("languages", [])}
        & {x.lower() for x in mentor.get("languages", [])}
    ):
        return False
    gap = rules["max_timezone_gap_hours"]
    a, b = mentee.get("utc_offset_hours"), mentor.get("utc_offset_hours")
    if gap is not None and a is not None and b is not None and abs(a - b) > gap + 1e-9:
        return False
    if rules["exclude_same_department"]:
        da, db = department(doc, mentee_id), department(doc, mentor_id)
        if da is not None and da == db:
            return False
    in_chain = mentor_id in ancestors(doc, mentee_id) or mentee_id in ancestors(doc, mentor_id)
    return not (rules["exclude_management_chain"] and in_chain)


def supplied_scores(doc: dict[str, Any]) -> dict[tuple[str, str], float]:
    return {(a, b): s for a, b, s in doc.get("scores", [])}


def allowed_scored_pairs(doc: dict[str, Any]) -> dict[tuple[str, str], float]:
    min_score = doc.get("rules", {}).get("min_score", 0.0)
    return {
        pair: s
        for pair, s in supplied_scores(doc).items()
        if s >= min_score and rules_allow(doc, *pair)
    }


def brute_force_optimum(doc: dict[str, Any]) -> tuple[int, float]:
    """Most matched, then highest total, by exhaustive search over small instances."""
    pairs = allowed_scored_pairs(doc)
    mentees = [m["id"] for m in doc["mentees"]]
    capacity = {m["id"]: m.get("capacity", 1) for m in doc["mentors"]}
    options = [[None] + [b for (a, b) in pairs if a == mentee] for mentee in mentees]
    best = (0, 0.0)
    for choice in itertools.product(*options):
        load: dict[str, int] = {}
        ok = True
        for mentor in choice:
            if mentor is not None:
                load[mentor] = load.get(mentor, 0) + 1
                if load[mentor] > capacity[mentor]:
                    ok = False
                    break
        if not ok:
            continue
        matched = sum(1 for c in choice if c is not None)
        total = sum(pairs[(a, b)] for a, b in zip(mentees, choice, strict=True) if b is not None)
        if (matched, total) > (best[0], best[1] + 1e-9) and (
            matched > best[0] or total > best[1] + 1e-9
        ):
            best = (matched, total)
    return best


def result_violations(doc: dict[str, Any], result: dict[str, Any]) -> list[str]:
    """Everything wrong with a result against the document's rules."""
    problems: list[str] = []
    pairs = result["pairs"]
    scores = supplied_scores(doc)
    capacity = {m["id"]: m.get("capacity", 1) for m in doc["mentors"]}
    seen: set[str] = set()
    load: dict[str, int] = {}
    for p in pairs:
        a, b = p["mentee"], p["mentor"]
        if a in seen:
            problems.append(f"{a} matched twice")
        seen.add(a)
        load[b] = load.get(b, 0) + 1
        if not rules_allow(doc, a, b):
            problems.append(f"({a}, {b}) breaks a rule")
        if "scores" in doc:
            if (a, b) not in scores:
                problems.append(f"({a}, {b}) has no supplied score")
            elif abs(scores[(a, b)] - p["score"]) > 1e-9:
                problems.append(f"({a}, {b}) score differs from the supplied one")
        if p["score"] < doc.get("rules", {}).get("min_score", 0.0):
            problems.append(f"({a}, {b}) is below the minimum score")
        if not p["reasons"]:
            problems.append(f"({a}, {b}) has no reason")
    for mentor, used in load.items():
        if used > capacity[mentor]:
            problems.append(f"{mentor} is over capacity")
    unmatched = {u["mentee"] for u in result["unmatched"]}
    everyone = {m["id"] for m in doc["mentees"]}
    if unmatched | seen != everyone or unmatched & seen:
        problems.append("matched and unmatched do not partition the mentees")
    if any(not u["reason"] for u in result["unmatched"]):
        problems.append("an unmatched mentee has no reason")
    if abs(sum(p["score"] for p in pairs) - result["total_score"]) > 1e-6:
        problems.append("total_score is not the sum of the pair scores")
    if result["matched"] != len(pairs):
        problems.append("matched is not the number of pairs")
    return problems


def blocking_pairs(doc: dict[str, Any], result: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = allowed_scored_pairs(doc)
    capacity = {m["id"]: m.get("capacity", 1) for m in doc["mentors"]}
    mine = {p["mentee"]: (p["mentor"], p["score"]) for p in result["pairs"]}
    held: dict[str, list[float]] = {}
    for p in result["pairs"]:
        held.setdefault(p["mentor"], []).append(p["score"])
    out: list[tuple[str, str]] = []
    for (a, b), s in pairs.items():
        current = mine.get(a)
        if current is not None and current[0] == b:
            continue
        mentee_wants = current is None or s > current[1]
        scores_b = held.get(b, [])
        mentor_wants = len(scores_b) < capacity[b] or s > min(scores_b)
        if mentee_wants and mentor_wants:
            out.append((a, b))
    return out


LANGS = ["en", "fr", "de"]


@st.composite
def scored_instances(draw: st.DrawFn, max_mentees: int = 6, max_mentors: int = 4) -> dict[str, Any]:
    n = draw(st.integers(0, max_mentees))
    m = draw(st.integers(0, max_mentors))
    extra = draw(st.integers(0, 2))
    mentee_ids = [f"e{i}" for i in range(n)]
    mentor_ids = [f"r{j}" for j in range(m)]
    # A person may be on both sides now and then.
    if n and m and draw(st.booleans()):
        mentor_ids[0] = mentee_ids[0]
    ids = list(dict.fromkeys([*mentee_ids, *mentor_ids, *[f"x{k}" for k in range(extra)]]))
    order = draw(st.permutations(ids))
    people = []
    for position, pid in enumerate(order):
        manager = (
            draw(st.one_of(st.none(), st.sampled_from(order[:position]))) if position else None
        )
        people.append(
            {"id": pid, "manager": manager, "department": draw(st.sampled_from([None, "A", "B"]))}
        )
    langs = st.lists(st.sampled_from(LANGS), min_size=0, max_size=2, unique=True)
    offsets = st.one_of(st.none(), st.sampled_from([-5, -1, 0, 0, 1, 3, 8]))
    mentors = [
        {
            "id": pid,
            "capacity": draw(st.integers(0, 3)),
            "languages": draw(langs),
            "utc_offset_hours": draw(offsets),
        }
        for pid in mentor_ids
    ]
    mentees = [
        {"id": pid, "languages": draw(langs), "utc_offset_hours": draw(offsets)}
        for pid in mentee_ids
    ]
    values = st.one_of(
        st.sampled_from([0.0, 0.125, 0.25, 0.5, 0.75, 1.0]),
        st.floats(0, 1, allow_nan=False, allow_infinity=False),
    )
    scores = []
    forbidden = []
    for a in mentee_ids:
        for b in mentor_ids:
            if draw(st.integers(0, 9)) < 7:
                scores.append([a, b, draw(values)])
            if draw(st.integers(0, 9)) == 0:
                forbidden.append([a, b])
    rules = {
        "exclude_management_chain": draw(st.booleans()),
        "exclude_same_department": draw(st.booleans()),
        "require_shared_language": draw(st.booleans()),
        "max_timezone_gap_hours": draw(st.sampled_from([None, 2, 6])),
        "min_score": draw(st.sampled_from([0.0, 0.0, 0.3])),
    }
    return document(
        rules=rules,
        people=people,
        mentors=mentors,
        mentees=mentees,
        scores=scores,
        forbidden=forbidden,
    )


def ids(records: Iterable[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records]


WORDS = [
    "forecasting",
    "budgets",
    "python",
    "statistics",
    "presenting",
    "negotiation",
    "hiring",
    "contracts",
    "cloud",
    "leadership",
]


@st.composite
def free_text_instances(draw: st.DrawFn) -> dict[str, Any]:
    """Like :func:`scored_instances`, but the engine computes the scores from profiles."""
    doc = draw(scored_instances())
    del doc["scores"]
    text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=3).map(" and ".join)
    answer = st.sampled_from(["weekly", "fortnightly", "monthly"])
    for record in doc["mentors"]:
        record["expertise"] = draw(text)
        record["answers"] = {"frequency": draw(answer)}
    for record in doc["mentees"]:
        record["goals"] = draw(text)
        record["answers"] = {"frequency": draw(answer)}
        mentor_ids: list[str] = [m["id"] for m in doc["mentors"]]
        if mentor_ids:
            ranked: list[str] = draw(st.lists(st.sampled_from(mentor_ids), unique=True))
            record["preferences"] = ranked
    return doc
