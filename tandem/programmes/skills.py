"""Turning what a mentee types ("ML, public speaking") into entries of the shared skills list."""

from __future__ import annotations

from collections.abc import Iterable

from tandem.people.models import Skill, normalise_term
from tandem.people.selectors import skills_resolve


def split_terms(text: str) -> list[str]:
    terms: list[str] = []
    for part in text.replace(";", ",").replace("\n", ",").split(","):
        term = normalise_term(part)
        if term and term not in terms:
            terms.append(term)
    return terms


def resolve_skills(terms: Iterable[str]) -> tuple[list[Skill], list[str]]:
    """The skills named by the terms (by name or alias), and the terms that name none."""
    wanted = [normalise_term(t) for t in terms if normalise_term(t)]
    by_term = skills_resolve(wanted)
    skills: list[Skill] = []
    unknown: list[str] = []
    for term in wanted:
        found = by_term.get(term)
        if found is None:
            unknown.append(term)
        elif found not in skills:
            skills.append(found)
    return skills, unknown
