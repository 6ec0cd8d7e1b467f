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
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

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
    in_pairs = Q(mentorship__in=ids)
    content = {
        "charter_versions": _by_pair(CharterVersion.objects.filter(in_pairs), person),
        "goals": _by_pair(Goal.objects.filter(in_pairs), person),
        "milestones": _by_pair(
            Milestone.objects.filter(goal__mentorship__in=ids).select_related("goal"),
            person,
            pair_of=lambda m: m.goal.mentorship_id,
        ),
        "goal_comments": _by_pair(
            GoalComment.objects.filter(goal__mentorship__in=ids).select_related("goal"),
            person,
            pair_of=lambda c: c.goal.mentorship_id,
        ),
        "learning_needs": _by_pair(LearningNeed.objects.filter(in_pairs), person),
        "development_opportunities": _by_pair(
            DevelopmentOpportunity.objects.filter(in_pairs), person
        ),
        "teach_backs": _by_pair(TeachBack.objects.filter(in_pairs), person),
        "meetings": _by_pair(Meeting.objects.filter(in_pairs), person),
        "agenda_items": _by_pair(
            AgendaItem.objects.filter(meeting__mentorship__in=ids).select_related("meeting"),
            person,
            pair_of=lambda a: a.meeting.mentorship_id,
        ),
        "meeting_notes": _by_pair(
            access.meeting_notes_for(person)
            .filter(meeting__mentorship__in=ids)
            .select_related("meeting"),
            person,
            pair_of=lambda n: n.meeting.mentorship_id,
        ),
        "action_items": _by_pair(ActionItem.objects.filter(in_pairs), person),
        "attendance": _by_pair(
            Attendance.objects.filter(meeting__mentorship__in=ids, person=person).select_related(
                "meeting"
            ),
            person,
            pair_of=lambda a: a.meeting.mentorship_id,
        ),
        "journal_entries": _by_pair(access.journal_entries_for(person).filter(in_pairs), person),
        "feedback": _by_pair(Feedback.objects.filter(in_pairs), person),
        "check_ins": _by_pair(CheckIn.objects.filter(in_pairs), person),
        "concerns": _by_pair(access.concerns_for_member(person).filter(in_pairs), person),
        "closure_reflections": _by_pair(
            access.closure_reflections_for(person).filter(in_pairs), person
        ),
        "outcome_surveys": _by_pair(
            OutcomeSurvey.objects.filter(in_pairs, respondent=person), person
        ),
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
    rows: QuerySet[Any], person: Person, pair_of: Callable[[Any], int] | None = None
) -> dict[int, list[dict[str, Any]]]:
    """Rows grouped by pair, each with its own fields and the people it names, by name."""
    people = [
        field.name
        for field in rows.model._meta.concrete_fields
        if field.is_relation and field.related_model is Person
    ]
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows.select_related(*people):
        pair_id = pair_of(row) if pair_of else row.mentorship_id
        named = {name: _name(getattr(row, name), person) for name in people}
        grouped[pair_id].append({**own_fields(row), **named})
    return grouped


def _name(who: Person | None, me: Person | None = None) -> str | None:
    if who is None:
        return None
    return "you" if me is not None and who.pk == me.pk else who.name
