"""Someone leaves the organisation, or comes back.

Leaving ends a person's participation gracefully, in one transaction: their waiting mentor
requests are withdrawn, their open mentorships close as "ended: left the organisation"
(nobody's fault; the partner is told and keeps what the two shared), a mentee whose mentor
left is offered a new match, their applications and places in running programmes are
withdrawn so that no match picks them again, and their account no longer signs in. Coming
back lets them sign in again and reopens nothing.

It lives here, in matching, because it touches every app up to matching: people (the person
and their account), programmes (enrolments), mentorships (pairs) and matching (requests).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.i18n import interpolate_lazy, lazy_text
from tandem.matching.models import MentorRequest
from tandem.matching.reasons import next_step_for_unmatched
from tandem.mentorships.models import Mentorship
from tandem.mentorships.services import mentorship_close_left
from tandem.notifications.services import notification_send_to_person
from tandem.people.models import Person
from tandem.people.signals import person_left
from tandem.programmes.models import Enrolment, Programme

from ._common import logger, role_word


@dataclass(frozen=True)
class Departure:
    """What leaving ended; all zero when the person had already left."""

    requests_withdrawn: int = 0
    mentorships_closed: int = 0
    enrolments_withdrawn: int = 0


@transaction.atomic
def person_leave(*, person: Person, actor: User | None = None) -> Departure:
    """The person left the organisation; leaving twice changes nothing the second time."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.left_at is not None:
        return Departure()
    now = timezone.now()
    locked.left_at = now
    locked.save(update_fields=["left_at", "updated_at"])
    if locked.user_id is not None:
        # An inactive account fails every sign-in, session and API token from now on.
        User.objects.filter(pk=locked.user_id).update(is_active=False)
    departure = Departure(
        requests_withdrawn=_requests_withdraw(locked),
        mentorships_closed=_mentorships_close(locked),
        enrolments_withdrawn=_enrolments_withdraw(locked),
    )
    # Apps above this one (group circles) end their part in the same transaction.
    person_left.send(sender=Person, person=locked)
    audit.record(
        "person.left",
        actor=actor,
        obj=locked,
        requests_withdrawn=departure.requests_withdrawn,
        mentorships_closed=departure.mentorships_closed,
        enrolments_withdrawn=departure.enrolments_withdrawn,
    )
    logger.info("person %s left: %s", locked.pk, departure)
    person.left_at = locked.left_at
    return departure


@transaction.atomic
def person_return(*, person: Person, actor: User | None = None) -> bool:
    """The person is back: they may sign in again. Their old pairs, requests and places stay
    as leaving left them; they apply again like anyone. False when they had not left."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.left_at is None:
        return False
    locked.left_at = None
    locked.save(update_fields=["left_at", "updated_at"])
    if locked.user_id is not None:
        User.objects.filter(pk=locked.user_id).update(is_active=True)
    audit.record("person.returned", actor=actor, obj=locked)
    person.left_at = None
    return True


def _requests_withdraw(person: Person) -> int:
    pending = list(
        MentorRequest.objects.pending()
        .filter(Q(mentee=person) | Q(mentor=person))
        .select_related("mentee__user", "mentor__user", "programme")
    )
    now = timezone.now()
    MentorRequest.objects.filter(pk__in=[r.pk for r in pending]).update(
        status=MentorRequest.Status.WITHDRAWN, responded_at=now, updated_at=now
    )
    for request in pending:
        asked_by_leaver = request.mentee_id == person.pk
        other = request.mentor if asked_by_leaver else request.mentee
        if asked_by_leaver:
            title = gettext_lazy("%(name)s withdrew their request in %(programme)s")
            body = gettext_lazy("%(name)s has left the organisation. Nothing more to do.")
        else:
            title = gettext_lazy("Your request to %(name)s is withdrawn")
            body = gettext_lazy(
                "%(name)s has left the organisation. You can ask another %(mentor)s."
            )
        # Lazy: written in the language of the one told.
        values = {
            "name": person.name,
            "programme": request.programme.name,
            "mentor": lazy_text(role_word, request.programme, "mentor"),
        }
        notification_send_to_person(
            person=other,
            kind="mentor_request_withdrawn",
            title=interpolate_lazy(title, **values),
            body=interpolate_lazy(body, **values),
            url=reverse("matching:request_detail", args=[request.pk]),
            dedupe_key=f"mentor-request:{request.pk}:withdrawn:{other.pk}",
            programme_id=request.programme_id,
        )
    return len(pending)


def _mentorships_close(person: Person) -> int:
    pairs = list(
        Mentorship.objects.open()
        .for_person(person)
        .select_related("programme", "mentee__user", "mentor__user")
        .order_by("pk")
    )
    for mentorship in pairs:
        mentorship_close_left(mentorship=mentorship, leaver=person)
        if mentorship.mentor_id == person.pk:
            _rematch_offer(mentorship, person)
    return len(pairs)


def _rematch_offer(mentorship: Mentorship, mentor: Person) -> None:
    """The mentee is back among those awaiting a match; tell them, as after a silent pair's
    close, how they get a new mentor in this programme."""
    programme = mentorship.programme
    if programme.status == Programme.Status.CLOSED:
        return
    if programme.allows_self_selection:
        url = reverse("matching:find_mentor", args=[programme.slug])
    else:
        url = reverse("programmes:detail", args=[programme.slug])
    notification_send_to_person(
        person=mentorship.mentee,
        kind="rematch_offered",
        title=interpolate_lazy(
            gettext_lazy("You can be matched with a new %(mentor)s in %(programme)s"),
            mentor=lazy_text(role_word, programme, "mentor"),
            programme=programme.name,
        ),
        body=lazy_text(_rematch_body, programme, mentor.name),
        url=url,
        dedupe_key=f"rematch:{mentorship.pk}",
        programme_id=programme.pk,
    )


def _rematch_body(programme: Programme, mentor: str) -> str:
    """Why the mentee is back and what they can do, in the language active now."""
    return (
        _(
            "%(name)s has left the organisation, so your mentorship ended: nobody is to blame, "
            "and what you shared stays with you."
        )
        % {"name": mentor}
        + " "
        + next_step_for_unmatched(programme)
    )


def _enrolments_withdraw(person: Person) -> int:
    return (
        Enrolment.objects.filter(
            person=person,
            status__in=[Enrolment.Status.APPLIED, Enrolment.Status.APPROVED],
        )
        .exclude(programme__status=Programme.Status.CLOSED)
        .update(status=Enrolment.Status.WITHDRAWN, updated_at=timezone.now())
    )
