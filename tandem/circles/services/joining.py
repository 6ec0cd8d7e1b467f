"""A mentee joining an open circle from the browse page, with a note for its members."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.circles import rules as circle_rules
from tandem.circles.errors import CircleError
from tandem.circles.models import Circle, CircleMember
from tandem.core import audit
from tandem.people.models import Person
from tandem.programmes.models import Enrolment

from .forming import notify_new_member
from .runs import group_settings

JOINABLE = (Circle.State.FORMING, Circle.State.ACTIVE)
NOTE_MAX = 1000


@transaction.atomic
def circle_join(*, circle: Circle, mentee: Person, note: str) -> CircleMember:
    """Take a place in the circle. The mentee's enrolment and then the circle are locked, in
    that order, so two mentees racing for the last place (or one mentee for two circles) are
    decided one after the other: exactly one gets it, the other is told why."""
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise CircleError(
            _("Keep the note under %(most)s characters.") % {"most": NOTE_MAX}, field="note"
        )
    enrolment = (
        Enrolment.objects.select_for_update()
        .filter(
            programme_id=circle.programme_id,
            person=mentee,
            role=Enrolment.Role.MENTEE,
            status=Enrolment.Status.APPROVED,
        )
        .first()
    )
    if enrolment is None:
        raise CircleError(_("Only an approved mentee of the programme can join its circles."))
    locked = Circle.objects.select_for_update().select_related("programme").get(pk=circle.pk)
    programme = locked.programme
    if not group_settings(programme).mentees_may_join:
        raise CircleError(_("In this programme your coordinator places mentees in circles."))
    if locked.state not in JOINABLE or not locked.open_to_join:
        raise CircleError(_("%(circle)s no longer takes new members.") % {"circle": locked.name})
    current = list(
        CircleMember.objects.current().filter(circle=locked).values_list("person_id", "role")
    )
    facts = circle_rules.facts_for([mentee.pk, *(pk for pk, _ in current)])
    circle_rules.check_not_in_a_circle(programme, facts[mentee.pk], as_mentee=True)
    circle_rules.check_place(
        rules=circle_rules.circle_rules(programme),
        newcomer=facts[mentee.pk],
        members=[facts[pk] for pk, _ in current],
        circle=locked.name,
        mentees=sum(1 for _, role in current if role == CircleMember.Role.MENTEE),
        max_mentees=locked.max_mentees,
        as_mentee=True,
    )
    member = CircleMember.objects.create(
        circle=locked,
        person=mentee,
        role=CircleMember.Role.MENTEE,
        joined_at=timezone.now(),
        join_note=note,
    )
    audit.record("circle.joined", actor=mentee.user, obj=locked, person=mentee.pk)
    notify_new_member(locked, mentee, [pk for pk, _ in current])
    return member
