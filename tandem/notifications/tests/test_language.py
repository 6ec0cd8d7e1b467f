"""What Tandem sends is written in its recipient's language, whoever caused it to be sent."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from tandem.accounts.models import User
from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import Meeting, Mentorship
from tandem.mentorships.tests.conftest import CHARTER, make_active
from tandem.mentorships.tests.factories import MeetingFactory, MentorshipFactory
from tandem.notifications.digests import digests_send
from tandem.notifications.meeting_invitations import meeting_invitations_send_now
from tandem.notifications.models import Notification
from tandem.notifications.programme_emails import invitation_values
from tandem.notifications.reminders import meeting_reminders_send
from tandem.notifications.services import (
    email_template_send,
    notification_preferences_save,
    notification_send,
)
from tandem.people.models import Person
from tandem.programmes.models import Enrolment

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 22, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def speaks(user: User | None, language: str) -> None:
    assert user is not None
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


def titles(user: User | None) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def _agreeing(personas: Personas) -> tuple[Mentorship, int]:
    mentorship = services.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )
    services.mentorship_start_agreeing(mentorship=mentorship, by=personas.alice)
    version = services.charter_edit(mentorship=mentorship, by=personas.alice, **CHARTER)
    Notification.objects.all().delete()
    return mentorship, version


def test_a_notice_and_its_email_are_in_the_recipients_language_not_the_actors(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    mentorship, version = _agreeing(personas)
    speaks(personas.bob.user, "fr")
    notification_preferences_save(user=personas.bob.user, deliveries={"activity": "immediate"})
    mail.outbox.clear()

    # Alice signs from a page in German; Bob reads French.
    with translation.override("de"), django_capture_on_commit_callbacks(execute=True):
        services.charter_sign(mentorship=mentorship, by=personas.alice, version=version)

    assert titles(personas.bob.user) == ["Alice Mentee a signé la charte"]
    (email,) = mail.outbox
    assert email.to == ["bob@example.org"]
    assert email.subject == "[Tandem] Alice Mentee a signé la charte"
    assert "Ne plus recevoir d'e-mails comme celui-ci (Activité de vos mentorats)" in email.body


def test_without_a_choice_a_notice_is_in_english_whatever_the_actor_reads(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    mentorship, version = _agreeing(personas)

    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        services.charter_sign(mentorship=mentorship, by=personas.alice, version=version)

    assert titles(personas.bob.user) == ["Alice Mentee signed the charter"]


def test_plain_text_is_stored_as_it_is(personas: Personas) -> None:
    speaks(personas.carol, "es")

    notification_send(
        recipient=personas.carol, kind="other", title="Bob signed the charter", dedupe_key="x"
    )

    assert titles(personas.carol) == ["Bob signed the charter"]


def test_a_meeting_reminder_is_in_the_readers_language_and_time_zone() -> None:
    mentorship = MentorshipFactory(mentee__timezone="Europe/Paris", mentor__timezone="UTC")
    speaks(mentorship.mentee.user, "fr")
    MeetingFactory(
        mentorship=mentorship,
        status=Meeting.Status.SCHEDULED,
        starts_at=NOW + datetime.timedelta(hours=20),
    )

    meeting_reminders_send(now=NOW)

    assert titles(mentorship.mentee.user) == [
        f"Rencontre avec {mentorship.mentor.name} lun 23 Nov à 06:00"
    ]
    assert titles(mentorship.mentor.user) == [
        f"Meeting with {mentorship.mentee.name} Mon 23 Nov at 05:00"
    ]


def test_a_digest_is_in_its_recipients_language(time_machine: Any) -> None:
    user = UserFactory(email="ana@example.org", name="Ana", language="de")
    notification_send(
        recipient=user,
        kind="mentorship.charter_signed",
        title="Bob hat die Charta unterschrieben",
        url="/mentorships/",
        dedupe_key="one",
    )
    tomorrow = NOW + datetime.timedelta(days=1)
    time_machine.move_to(tomorrow, tick=False)

    with translation.override("fr"):
        assert digests_send(now=tomorrow) == 1

    (email,) = mail.outbox
    assert email.subject == "[Tandem] Ihre tägliche Zusammenfassung: 1 Benachrichtigung"
    assert email.body.startswith("Hallo Ana,\n\nIhre tägliche Zusammenfassung für So 22 Nov 2026:")
    assert "Tägliche Zusammenfassung abbestellen: " in email.body


def test_a_meeting_invitation_is_in_each_members_language(personas: Personas) -> None:
    pair = make_active(
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )
    )
    speaks(personas.bob.user, "es")
    Person.objects.filter(pk=personas.bob.pk).update(timezone="Europe/Madrid")
    created = MeetingFactory(
        mentorship=pair,
        status=Meeting.Status.SCHEDULED,
        starts_at=datetime.datetime(2026, 11, 25, 14, 0, tzinfo=datetime.UTC),
        duration_minutes=45,
    )
    meeting = Meeting.objects.select_related(
        "mentorship__mentee__user", "mentorship__mentor__user", "created_by"
    ).get(pk=created.pk)

    assert meeting_invitations_send_now(meeting) == 2

    by_reader = {email.to[0]: email for email in mail.outbox}
    to_bob, to_alice = by_reader["bob@example.org"], by_reader["alice@example.org"]
    assert to_bob.subject == "Reunión de mentoría con Alice Mentee"
    assert "Tiene una reunión con Alice Mentee." in to_bob.body
    assert "Cuándo: miércoles 25 noviembre 2026, 15:00 (Europe/Madrid), 45 minutos" in to_bob.body
    assert (
        "Mentoría: Alice Mentee y Bob Mentor"
        in to_bob.attachments[0].get_payload(decode=True).decode()
    )
    assert to_alice.subject == "Mentoring meeting with Bob Mentor"
    assert "When: Wednesday 25 November 2026, 14:00 (Europe/London), 45 minutes" in to_alice.body


def test_an_invitation_to_someone_with_an_account_is_in_their_language(
    personas: Personas,
) -> None:
    speaks(personas.oscar.user, "es")
    values = invitation_values(
        personas.programme,
        role=Enrolment.Role.MENTEE,
        inviter="Carol Coordinator",
        token="abc",
        purpose="",
        message="",
    )

    email_template_send(
        programme=personas.programme,
        key="invitation",
        send_key="invitation:test",
        to="OSCAR@example.org",
        values=values,
    )

    (email,) = mail.outbox
    assert email.subject == "[Tandem] Está invitado a Leaders of Tomorrow"
    assert "¿No quiere recibir invitaciones de Tandem?" in email.body


def test_an_invitation_to_an_unknown_address_is_in_the_sites_language(
    personas: Personas,
) -> None:
    values = invitation_values(
        personas.programme,
        role=Enrolment.Role.MENTOR,
        inviter="",
        token="abc",
        purpose="",
        message="",
    )

    with translation.override("de"):
        email_template_send(
            programme=personas.programme,
            key="invitation",
            send_key="invitation:test",
            to="new@example.org",
            values=values,
        )

    (email,) = mail.outbox
    assert email.subject == "[Tandem] You are invited to Leaders of Tomorrow"
