"""A coordinator forming circles by hand: the group settings, a circle formed at once, and
members added or removed afterwards. Every place is checked by `tandem.circles.rules`."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tandem.accounts.models import User
from tandem.circles import rules as circle_rules
from tandem.circles.errors import CircleError
from tandem.circles.models import (
    MAX_MENTORS,
    MIN_MENTEES,
    MIN_MENTEES_TO_CONTINUE,
    Circle,
    CircleMember,
    GroupSettings,
)
from tandem.core import audit
from tandem.core.i18n import interpolate_lazy
from tandem.notifications.services import notification_send_to_person
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme

from .notices import member_circle_url


def group_settings_update(
    *, programme: Programme, max_mentees: int, mentees_may_join: bool, by: User
) -> GroupSettings:
    if programme.kind != Programme.Kind.GROUP:
        raise CircleError(_("Only a group programme has circles."))
    found = GroupSettings.objects.filter(programme=programme).first() or GroupSettings(
        programme=programme
    )
    changed = (found.max_mentees, found.mentees_may_join) != (max_mentees, mentees_may_join)
    found.max_mentees = max_mentees
    found.mentees_may_join = mentees_may_join
    try:
        found.full_clean()
    except ValidationError as exc:
        raise CircleError.from_validation_error(exc) from exc
    found.save()
    if changed:
        audit.record("programme.group_settings_changed", actor=by, obj=programme)
    return found


def _approved(programme: Programme, role: str) -> set[int]:
    return set(
        Enrolment.objects.filter(
            programme=programme, role=role, status=Enrolment.Status.APPROVED
        ).values_list("person_id", flat=True)
    )


@transaction.atomic
def circle_form(
    *,
    programme: Programme,
    name: str,
    topic: str,
    facilitators: Sequence[Person],
    mentees: Sequence[Person],
    max_mentees: int,
    by: User,
) -> Circle:
    """A circle the coordinator forms at once, with the same rules as a run's."""
    if programme.kind != Programme.Kind.GROUP:
        raise CircleError(_("Only a group programme has circles."))
    # One change to the programme's circles at a time: two circles formed together could
    # otherwise both take the same mentee.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    name = name.strip()
    if not name:
        raise CircleError(_("Give the circle a name."), field="name")
    if not 1 <= len(facilitators) <= MAX_MENTORS:
        raise CircleError(_("A circle has one or two facilitators."), field="facilitators")
    if len(mentees) < MIN_MENTEES:
        raise CircleError(
            ngettext(
                "A circle forms with at least %(count)s mentee.",
                "A circle forms with at least %(count)s mentees.",
                MIN_MENTEES,
            )
            % {"count": MIN_MENTEES},
            field="mentees",
        )
    if len(mentees) > max_mentees:
        raise CircleError(
            ngettext(
                "%(count)s mentees is more than the %(most)s this circle takes.",
                "%(count)s mentees is more than the %(most)s this circle takes.",
                len(mentees),
            )
            % {"count": len(mentees), "most": max_mentees},
            field="mentees",
        )
    mentors = _approved(programme, Enrolment.Role.MENTOR)
    for person in facilitators:
        if person.pk not in mentors:
            raise CircleError(
                _("%(name)s is not an approved mentor of the programme.") % {"name": person.name},
                field="facilitators",
            )
    approved = _approved(programme, Enrolment.Role.MENTEE)
    for person in mentees:
        if person.pk not in approved:
            raise CircleError(
                _("%(name)s is not an approved mentee of the programme.") % {"name": person.name},
                field="mentees",
            )
    if {p.pk for p in facilitators} & {p.pk for p in mentees}:
        raise CircleError(
            _("Someone cannot be a facilitator and a member at once."), field="mentees"
        )
    facts = circle_rules.facts_for([p.pk for p in (*facilitators, *mentees)])
    for person in mentees:
        circle_rules.check_not_in_a_circle(programme, facts[person.pk], field="mentees")
    circle_rules.check_group(
        rules=circle_rules.circle_rules(programme),
        facilitators=[facts[p.pk] for p in facilitators],
        mentees=[facts[p.pk] for p in mentees],
        circle=name,
        max_mentees=max_mentees,
    )
    circle = Circle.objects.create(
        programme=programme,
        name=name[:150],
        topic=topic.strip(),
        max_mentees=max_mentees,
        origin=Circle.Origin.COORDINATOR,
        state=Circle.State.FORMING,
        created_by=by,
    )
    now = timezone.now()
    CircleMember.objects.bulk_create(
        [
            CircleMember(circle=circle, person=p, role=CircleMember.Role.MENTOR, joined_at=now)
            for p in facilitators
        ]
        + [
            CircleMember(circle=circle, person=p, role=CircleMember.Role.MENTEE, joined_at=now)
            for p in mentees
        ]
    )
    audit.record("circle.formed", actor=by, obj=circle, programme=programme.pk)
    # Lazy, as the texts around it: each person reads the list in their own language.
    led_by = get_text_list([p.name for p in facilitators], gettext_lazy("and"))
    facilitate = gettext_lazy("You facilitate a circle of %(programme)s: %(circle)s")
    member = gettext_lazy("You are in a circle of %(programme)s: %(circle)s")
    body = interpolate_lazy(
        gettext_lazy(
            "Your coordinator formed this circle. Its facilitators are %(names)s. Meet your "
            "circle and agree together how you will work."
        ),
        names=led_by,
    )
    for person in (*facilitators, *mentees):
        facilitating = person in facilitators
        notification_send_to_person(
            person=person,
            kind="circle_placed",
            title=interpolate_lazy(
                facilitate if facilitating else member,
                programme=programme.name,
                circle=circle.name,
            ),
            body=body,
            url=member_circle_url(circle.pk),
            dedupe_key=f"circle-formed:{circle.pk}:{person.pk}",
            programme_id=programme.pk,
        )
    return circle


def _lock(circle: Circle) -> Circle:
    locked = Circle.objects.select_for_update().select_related("programme").get(pk=circle.pk)
    if not locked.is_open:
        raise CircleError(_("%(circle)s has closed.") % {"circle": locked.name})
    return locked


def _current(circle: Circle) -> list[tuple[int, str]]:
    return list(
        CircleMember.objects.current().filter(circle=circle).values_list("person_id", "role")
    )


def notify_new_member(circle: Circle, newcomer: Person, members: Sequence[int]) -> None:
    """Tell the circle's current members that someone joined it."""
    for person in Person.objects.filter(pk__in=members).select_related("user"):
        notification_send_to_person(
            person=person,
            kind="circle_joined",
            title=interpolate_lazy(
                gettext_lazy("%(name)s joined %(circle)s"), name=newcomer.name, circle=circle.name
            ),
            body=gettext_lazy("Welcome them at your next meeting."),
            url=member_circle_url(circle.pk),
            dedupe_key=f"circle-joined:{circle.pk}:{newcomer.pk}:{person.pk}",
            programme_id=circle.programme_id,
        )


@transaction.atomic
def circle_member_add(*, circle: Circle, person: Person, by: User) -> CircleMember:
    """The coordinator places an approved mentee in an open circle, within the rules."""
    locked = _lock(circle)
    programme = locked.programme
    if person.pk not in _approved(programme, Enrolment.Role.MENTEE):
        raise CircleError(
            _("%(name)s is not an approved mentee of the programme.") % {"name": person.name},
            field="person",
        )
    current = _current(locked)
    facts = circle_rules.facts_for([person.pk, *(pk for pk, _ in current)])
    circle_rules.check_not_in_a_circle(programme, facts[person.pk], field="person")
    circle_rules.check_place(
        rules=circle_rules.circle_rules(programme),
        newcomer=facts[person.pk],
        members=[facts[pk] for pk, _ in current],
        circle=locked.name,
        mentees=sum(1 for _, role in current if role == CircleMember.Role.MENTEE),
        max_mentees=locked.max_mentees,
        field="person",
    )
    member = CircleMember.objects.create(
        circle=locked, person=person, role=CircleMember.Role.MENTEE, joined_at=timezone.now()
    )
    audit.record("circle.member_added", actor=by, obj=locked, person=person.pk)
    notify_new_member(locked, person, [pk for pk, _ in current])
    notification_send_to_person(
        person=person,
        kind="circle_placed",
        title=interpolate_lazy(
            gettext_lazy("You are in a circle of %(programme)s: %(circle)s"),
            programme=programme.name,
            circle=locked.name,
        ),
        body=gettext_lazy(
            "Your coordinator placed you in this circle. Meet its members and agree together "
            "how you will work."
        ),
        url=member_circle_url(locked.pk),
        dedupe_key=f"circle-added:{locked.pk}:{person.pk}:{member.pk}",
        programme_id=programme.pk,
    )
    return member


@transaction.atomic
def circle_member_remove(*, member: CircleMember, by: User) -> CircleMember:
    """The coordinator takes someone out of a circle; the circle keeps enough people to go on."""
    locked = _lock(member.circle)
    member = CircleMember.objects.select_related("person").get(pk=member.pk)
    if member.left_at is not None:
        raise CircleError(
            _("%(name)s has already left %(circle)s.")
            % {"name": member.person.name, "circle": locked.name}
        )
    current = _current(locked)
    if member.role == CircleMember.Role.MENTEE:
        mentees = sum(1 for _, role in current if role == CircleMember.Role.MENTEE)
        if mentees - 1 < MIN_MENTEES_TO_CONTINUE:
            raise CircleError(
                ngettext(
                    "%(circle)s would keep %(count)s mentee; a circle needs at least %(least)s "
                    "to go on. Close the circle instead.",
                    "%(circle)s would keep %(count)s mentees; a circle needs at least %(least)s "
                    "to go on. Close the circle instead.",
                    mentees - 1,
                )
                % {"circle": locked.name, "count": mentees - 1, "least": MIN_MENTEES_TO_CONTINUE}
            )
    elif sum(1 for _, role in current if role == CircleMember.Role.MENTOR) <= 1:
        raise CircleError(
            _("%(name)s is the only facilitator of %(circle)s: add another first.")
            % {"name": member.person.name, "circle": locked.name}
        )
    member.left_at = timezone.now()
    member.save(update_fields=["left_at", "updated_at"])
    audit.record("circle.member_removed", actor=by, obj=locked, person=member.person_id)
    return member
