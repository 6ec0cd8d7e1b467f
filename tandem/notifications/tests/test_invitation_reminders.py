"""One reminder to invited people who have not signed up after their programme's days."""

from __future__ import annotations

import datetime
from typing import Any

from django.core import mail

from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.notifications.invitation_reminders import invitation_reminders_send
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Invitation
from tandem.programmes.tests.factories import EnrolmentFactory, InvitationFactory

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def at(time_machine: Any, **offset: float) -> datetime.datetime:
    moment = T0 + datetime.timedelta(**offset)
    time_machine.move_to(moment, tick=False)
    return moment


def invite(personas: Personas, email: str) -> Invitation:
    return InvitationFactory(programme=personas.programme, email=email, sent_at=T0)


def test_one_reminder_after_the_programmes_days_and_never_again(
    personas: Personas, time_machine: Any
) -> None:
    invitation = invite(personas, "zoe@example.org")
    assert personas.programme.invitation_reminder_days == 7

    assert invitation_reminders_send(now=at(time_machine, days=6, hours=23)) == 0
    assert mail.outbox == []

    assert invitation_reminders_send(now=at(time_machine, days=7)) == 1
    assert [m.to for m in mail.outbox] == [["zoe@example.org"]]
    assert "Reminder" in mail.outbox[0].subject
    assert invitation.token in mail.outbox[0].body
    invitation.refresh_from_db()
    assert invitation.reminded_at == T0 + datetime.timedelta(days=7)

    assert invitation_reminders_send(now=at(time_machine, days=8)) == 0
    assert invitation_reminders_send(now=at(time_machine, days=30)) == 0
    assert len(mail.outbox) == 1


def test_no_reminder_for_people_who_registered_or_applied(
    personas: Personas, time_machine: Any
) -> None:
    invite(personas, "registered@example.org")
    UserFactory(email="registered@example.org")
    applicant = PersonFactory(user=None, email="applied@example.org", name="Applied")
    invite(personas, applicant.email)
    EnrolmentFactory(programme=personas.programme, person=applicant, role="mentee")
    invite(personas, "waiting@example.org")

    invitation_reminders_send(now=at(time_machine, days=10))

    assert [m.to for m in mail.outbox] == [["waiting@example.org"]]


def test_no_reminder_when_the_programme_turned_them_off(
    personas: Personas, time_machine: Any
) -> None:
    personas.programme.invitation_reminder_days = 0
    personas.programme.save(update_fields=["invitation_reminder_days"])
    invite(personas, "zoe@example.org")

    assert invitation_reminders_send(now=at(time_machine, days=60)) == 0
    assert mail.outbox == []


def test_the_days_are_the_programmes_own(personas: Personas, time_machine: Any) -> None:
    personas.programme.invitation_reminder_days = 3
    personas.programme.save(update_fields=["invitation_reminder_days"])
    invite(personas, "zoe@example.org")
    InvitationFactory(programme=personas.other_programme, email="yan@example.org", sent_at=T0)

    invitation_reminders_send(now=at(time_machine, days=3))
    assert [m.to for m in mail.outbox] == [["zoe@example.org"]]
    invitation_reminders_send(now=at(time_machine, days=7))
    assert [m.to for m in mail.outbox] == [["zoe@example.org"], ["yan@example.org"]]


def test_an_unsent_invitation_is_not_reminded(personas: Personas, time_machine: Any) -> None:
    InvitationFactory(programme=personas.programme, email="zoe@example.org", sent_at=None)
    assert invitation_reminders_send(now=at(time_machine, days=30)) == 0
