"""A cohort for group runs: mentors with skills, mentees with goals, in one programme."""

from __future__ import annotations

from typing import Any

from tandem.circles.models import GroupRun
from tandem.circles.services.runs import group_run_start
from tandem.people.models import PersonSkill, Skill
from tandem.programmes.models import Enrolment, Programme

from .world import enrol, mentor, person

SKILLS = ["budgeting", "public speaking", "negotiation", "data analysis"]


def cohort(programme: Programme, *, mentors: int = 2, mentees: int = 7) -> None:
    for n in range(mentors):
        lead = mentor(programme, f"Mentor {n:02d}")
        name = SKILLS[n % len(SKILLS)]
        skill = Skill.objects.filter(name__iexact=name).first() or Skill.objects.create(
            name=name, slug=name.replace(" ", "-")
        )
        PersonSkill.objects.create(person=lead, skill=skill, level=4)
    for n in range(mentees):
        someone = person(f"Mentee {n:02d}")
        enrol(
            programme,
            someone,
            Enrolment.Role.MENTEE,
            goals=f"Get better at {SKILLS[n % mentors % len(SKILLS)]}.",
        )


def run_now(
    programme: Programme, by: Any, django_capture_on_commit_callbacks: Any, **kw: Any
) -> GroupRun:
    """Start a run and let the (immediate) task queue run it, as a worker would."""
    with django_capture_on_commit_callbacks(execute=True):
        run = group_run_start(programme=programme, created_by=by, circle_count=kw.get("count"))
    run.refresh_from_db()
    return run
