"""What the mentorships app holds about a person: each of their pairs, as they see it.

A pair's shared content (charter, plan, meetings, shared notes, feedback, check-ins) is in
the export of both people, since both see it. What is private goes only to its author: a
private meeting note, an unshared journal entry or closure reflection, an outcome survey, a
concern raised only to the coordinator, the reason given for ending a pair early. The
member-visibility rules are the pages' own (`access.py`), so the export never shows more
than the person's pages do.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import F, QuerySet

from tandem.core.personal_data import erases, own_fields, personal_data
from tandem.mentorships import access, services
from tandem.mentorships.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarFeed,
    CharterVersion,
    CheckIn,
    DevelopmentOpportunity,
    Feedback,
    Goal,
    GoalComment,
    LearningNeed,
    Meeting,
    Mentorship,
    Milestone,
    OutcomeSurvey,
    TeachBack,
)
from tandem.people.models import Person

erases(order=20)(services.mentorships_erase_person)

# The coordinator's reason for the record, shown to whoever ended the pair and nobody else.
_EXIT = ("exit_reason",)


@personal_data(section="mentorships", order=50)
def mentorships(user: Any) -> list[dict[str, Any]]:
    person = Person.objects.filter(user=user).first()
    if person is None:
        return []
    pairs = list(access.member_mentorships(user).select_related("closure_proposed_by", "ended_by"))
    if not pairs:
        return []
    ids = [pair.pk for pair in pairs]

    def rows(queryset: QuerySet[Any], via: str = "mentorship") -> dict[int, list[dict[str, Any]]]:
        return _by_pair(queryset, person, ids, via)

    content = {
        "charter_versions": rows(CharterVersion.objects.all()),
        "goals": rows(Goal.objects.all()),
        "milestones": rows(Milestone.objects.all(), via="goal__mentorship"),
        "goal_comments": rows(GoalComment.objects.all(), via="goal__mentorship"),
        "learning_needs": rows(LearningNeed.objects.all()),
        "development_opportunities": rows(DevelopmentOpportunity.objects.all()),
        "teach_backs": rows(TeachBack.objects.all()),
        "meetings": rows(Meeting.objects.all()),
        "agenda_items": rows(AgendaItem.objects.all(), via="meeting__mentorship"),
        "meeting_notes": rows(access.meeting_notes_for(person), via="meeting__mentorship"),
        "action_items": rows(ActionItem.objects.all()),
        "attendance": rows(Attendance.objects.filter(person=person), via="meeting__mentorship"),
        "journal_entries": rows(access.journal_entries_for(person)),
        "feedback": rows(Feedback.objects.all()),
        "check_ins": rows(CheckIn.objects.all()),
        "concerns": rows(access.concerns_for_member(person)),
        "closure_reflections": rows(access.closure_reflections_for(person)),
        "outcome_surveys": rows(OutcomeSurvey.objects.filter(respondent=person)),
    }
    return [_pair(pair, person, content) for pair in pairs]


@personal_data(section="calendar_feeds", order=51)
def calendar_feeds(user: Any) -> list[dict[str, Any]]:
    # The address's secret is left out: the export may be passed on, the feed should not be.
    feeds = CalendarFeed.objects.filter(person__user=user)
    return [own_fields(feed, leave_out=("token",)) for feed in feeds]


def _pair(
    pair: Mentorship, person: Person, content: dict[str, dict[int, list[dict[str, Any]]]]
) -> dict[str, Any]:
    mentee = pair.mentee_id == person.pk
    partner = pair.mentor if mentee else pair.mentee
    return {
        "programme": pair.programme.name,
        "your_role": "mentee" if mentee else "mentor",
        "partner": partner.name,
        **own_fields(pair, leave_out=_EXIT if pair.ended_by_id != person.pk else ()),
        "closure_proposed_by": _name(pair.closure_proposed_by),
        "ended_by": _name(pair.ended_by),
        **{kind: rows.get(pair.pk, []) for kind, rows in content.items()},
    }


def _by_pair(
    rows: QuerySet[Any], person: Person, pairs: list[int], via: str
) -> dict[int, list[dict[str, Any]]]:
    """The rows of these pairs (reached through `via`), grouped by pair, each with its own
    fields and the people it names, by name."""
    people = [
        field.name
        for field in rows.model._meta.concrete_fields
        if field.is_relation and field.related_model is Person
    ]
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    selected = (
        rows.filter(**{f"{via}__in": pairs})
        .annotate(pair_id=F(via))
        .select_related(*people)
        .order_by("pk")
    )
    for row in selected:
        named = {name: _name(getattr(row, name), person) for name in people}
        grouped[row.pair_id].append({**own_fields(row), **named})
    return grouped


def _name(who: Person | None, me: Person | None = None) -> str | None:
    if who is None:
        return None
    return "you" if me is not None and who.pk == me.pk else who.name
