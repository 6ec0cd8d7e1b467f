"""Every email a programme sends, in its own wording: decisions, invitations and their
reminder, and the email of a notice about the programme's pairs."""

from __future__ import annotations

from collections.abc import Callable
from email.message import Message

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import timezone

from tandem.conftest import Personas
from tandem.core.testing.forms import submit_unchanged
from tandem.notifications.email_templates import BY_KEY
from tandem.notifications.invitation_reminders import _send as send_invitation_reminder
from tandem.notifications.models import EmailTemplate, Notification
from tandem.notifications.programme_emails import send_decision_email, send_invitation_email
from tandem.notifications.receivers import on_mentorship_event
from tandem.notifications.services import email_template_save, notification_send
from tandem.notifications.tasks import notification_email
from tandem.nudges.services._common import tell_coordinators
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db

TRANSACTIONAL = ["decision-approved", "decision-declined"]
INVITATIONS = ["invitation", "invitation-reminder"]
TEMPLATED = [*TRANSACTIONAL, *INVITATIONS, "notification"]


def _decide(personas: Personas, status: str) -> None:
    enrolment = personas.alice_enrolment
    enrolment.status, enrolment.decided_at, enrolment.notified_status = status, timezone.now(), ""
    enrolment.decision_note = "See you on Monday."
    enrolment.save()
    send_decision_email.enqueue(enrolment.pk)


def _invite(personas: Personas) -> None:
    invitation = InvitationFactory(
        programme=personas.programme, email="zoe@example.org", invited_by=personas.carol
    )
    send_invitation_email.enqueue(invitation.pk)


def _remind(personas: Personas) -> None:
    invitation = InvitationFactory(
        programme=personas.programme,
        email="zoe@example.org",
        sent_at=timezone.now(),
        send_count=1,
    )
    send_invitation_reminder(invitation)


def _notify(personas: Personas, *, programme: bool = True) -> None:
    notice = notification_send(
        recipient=personas.alice.user,
        kind="reminder.meeting",
        title="Meeting with Bob Mentor tomorrow",
        body="Add what you want to talk about.",
        url="/mentorships/",
        dedupe_key="test",
        email=False,  # sent below, without waiting for a commit
        programme_id=personas.programme.pk if programme else None,
    )
    assert notice is not None
    notification_email.call(notice.pk)


SEND: dict[str, Callable[[Personas], None]] = {
    "decision-approved": lambda personas: _decide(personas, Enrolment.Status.APPROVED),
    "decision-declined": lambda personas: _decide(personas, Enrolment.Status.DECLINED),
    "invitation": _invite,
    "invitation-reminder": _remind,
    "notification": _notify,
}


def sent(personas: Personas, key: str) -> tuple[EmailMultiAlternatives, str]:
    SEND[key](personas)
    (message,) = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    ((html, mimetype),) = message.alternatives
    assert mimetype == "text/html"
    return message, str(html)


def edit_url(personas: Personas, key: str) -> str:
    return reverse("notifications:email_edit", args=[personas.programme.slug, key])


def save(personas: Personas, key: str, subject: str, body: str) -> None:
    email_template_save(
        programme=personas.programme, key=key, subject=subject, body=body, by=personas.carol
    )


@pytest.mark.parametrize("key", TEMPLATED)
def test_without_an_override_the_default_wording_is_sent(personas: Personas, key: str) -> None:
    message, html = sent(personas, key)

    spec = BY_KEY[key]
    default_subject = spec.subject.replace("{programme_name}", personas.programme.name)
    if key == "notification":
        default_subject = "Meeting with Bob Mentor tomorrow"
    assert message.subject == f"[Tandem] {default_subject}"
    assert (
        message.body.endswith("— Tandem")
        or "Stop emails like this one" in message.body
        or "Don't want invitations from Tandem?" in message.body
    )
    assert "<p>— Tandem</p>" in html


@pytest.mark.parametrize("key", TEMPLATED)
def test_an_override_words_the_subject_and_both_parts(personas: Personas, key: str) -> None:
    client = personas.client_for("carol")
    saved = client.post(
        edit_url(personas, key),
        {
            "subject": "Our own subject for {programme_name}",
            "body": "**Our words** for {programme_name}.\n\nSee [this page]({link})."
            if "link" in BY_KEY[key].placeholders
            else "**Our words** for {programme_name}.\n\n[Accept]({accept_link})",
            "save": "",
        },
    )
    assert saved.status_code == 302

    message, html = sent(personas, key)

    assert message.subject == "[Tandem] Our own subject for Leaders of Tomorrow"
    assert message.body.startswith("**Our words** for Leaders of Tomorrow.")
    assert "<p><strong>Our words</strong> for Leaders of Tomorrow.</p>" in html
    # An address put in a link the coordinator wrote is the link's target, not a second link.
    assert '<a href="http' in html
    assert 'href="tandemvalue' not in html
    assert "&lt;a" not in html


@pytest.mark.parametrize("key", TEMPLATED)
def test_a_reset_brings_back_the_default(personas: Personas, key: str) -> None:
    save(personas, key, "Ours", "Our words.")
    client = personas.client_for("carol")

    response = client.post(
        reverse("notifications:email_reset", args=[personas.programme.slug, key])
    )

    assert response.status_code == 302
    assert not EmailTemplate.objects.exists()
    message, _ = sent(personas, key)
    assert message.subject != "[Tandem] Ours"
    assert "Our words." not in message.body


@pytest.mark.parametrize("key", TEMPLATED)
def test_an_unknown_placeholder_is_refused_with_the_allowed_list(
    personas: Personas, key: str
) -> None:
    response = personas.client_for("carol").post(
        edit_url(personas, key), {"subject": "Hi {first_name}", "body": "Hello.", "save": ""}
    )

    assert response.status_code == 400
    (error,) = response.context["form"].errors["subject"]
    assert "{first_name}" in error
    assert ", ".join(f"{{{name}}}" for name in BY_KEY[key].placeholders) in error
    assert not EmailTemplate.objects.exists()


@pytest.mark.parametrize("key", TEMPLATED)
def test_the_edit_page_loads_and_saves_unchanged(personas: Personas, key: str) -> None:
    response = submit_unchanged(personas.client_for("carol"), edit_url(personas, key), "subject")

    assert response.status_code == 302
    assert not EmailTemplate.objects.exists()


@pytest.mark.parametrize("key", TRANSACTIONAL)
def test_transactional_emails_carry_no_unsubscribe(personas: Personas, key: str) -> None:
    save(personas, key, "Ours", "Our words.")

    message, html = sent(personas, key)

    headers: Message = message.message()
    assert headers["List-Unsubscribe"] is None
    assert headers["List-Unsubscribe-Post"] is None
    assert "unsubscribe" not in message.body.lower()
    assert "/notifications/unsubscribe/" not in html


@pytest.mark.parametrize("key", INVITATIONS)
def test_invitations_keep_their_address_unsubscribe_under_any_wording(
    personas: Personas, key: str
) -> None:
    save(personas, key, "Ours", "Our words.")

    message, html = sent(personas, key)

    assert message.body.startswith("Our words.")
    assert "Don't want invitations from Tandem? http" in message.body
    link = "/notifications/unsubscribe/invitations/"
    assert link in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in html


def test_the_notification_email_keeps_its_unsubscribe_under_any_wording(
    personas: Personas,
) -> None:
    save(personas, "notification", "{title}", "Only {title}.")

    message, html = sent(personas, "notification")

    assert message.body.startswith("Only Meeting with Bob Mentor tomorrow.")
    assert "Stop emails like this one (Reminders): http" in message.body
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert "/notifications/unsubscribe/" in html


def test_a_notice_about_no_programme_keeps_the_default_wording(personas: Personas) -> None:
    save(personas, "notification", "Ours: {title}", "Our words.")

    _notify(personas, programme=False)

    (message,) = mail.outbox
    assert message.subject == "[Tandem] Meeting with Bob Mentor tomorrow"
    assert message.body.startswith("Add what you want to talk about.\n\nhttp")


@pytest.mark.parametrize("key", TEMPLATED)
def test_markup_in_a_programme_name_or_the_coordinators_text_stays_text(
    personas: Personas, key: str
) -> None:
    personas.programme.name = "<script>alert(1)</script> Club"
    personas.programme.save()
    save(
        personas,
        key,
        "{programme_name}",
        "<script>alert(2)</script> <b>Hi</b> {programme_name}\n\n[x](javascript:alert(3))",
    )

    message, html = sent(personas, key)

    assert "<script" not in html
    assert "<b>" not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Club" in html
    assert "<script>alert(1)</script> Club" in message.body


def test_a_decision_note_paragraph_is_left_out_when_there_is_no_note(
    personas: Personas,
) -> None:
    enrolment = personas.alice_enrolment
    enrolment.status, enrolment.decided_at = Enrolment.Status.APPROVED, timezone.now()
    enrolment.save()

    send_decision_email.enqueue(enrolment.pk)

    (message,) = mail.outbox
    assert "A note from the coordinator" not in message.body
    assert "A note from the coordinator" not in str(message.alternatives[0][0])
    assert "will be matched with a mentor" in message.body


def test_the_decision_preview_uses_the_programmes_latest_applicant(personas: Personas) -> None:
    enrolment = personas.bob_enrolment
    enrolment.status, enrolment.decided_at = Enrolment.Status.APPROVED, timezone.now()
    enrolment.decision_note = "Thanks for stepping up."
    enrolment.save()

    response = personas.client_for("carol").post(
        edit_url(personas, "decision-approved"),
        {"subject": "{programme_name}", "body": "{person_name}, {role}: {note}", "preview": ""},
    )

    assert response.status_code == 200
    assert "Carol Coordinator, mentor: Thanks for stepping up." in response.context["preview"].html


def test_the_invitation_preview_uses_a_real_invitation_without_its_token(
    personas: Personas,
) -> None:
    invitation = InvitationFactory(
        programme=personas.programme, message="Join us, Zoe.", invited_by=personas.carol
    )

    response = personas.client_for("carol").get(edit_url(personas, "invitation"))

    preview = response.context["preview"]
    assert "Join us, Zoe." in preview.html
    assert invitation.token not in preview.html


def test_notices_about_a_pair_name_its_programme(personas: Personas) -> None:
    pair = personas.other_pair
    Notification.objects.all().delete()

    on_mentorship_event(None, mentorship=pair, event="paused", by=pair.mentee)
    tell_coordinators(personas.programme, kind="alert.health", title="Amber", url="/", key="t")

    programmes = Notification.objects.values_list("programme_id", flat=True)
    assert len(programmes) == 2
    assert set(programmes) == {personas.programme.pk}
