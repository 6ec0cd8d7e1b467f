"""One-click unsubscribe from invitations (RFC 8058): the link names an address, since an
invitee may have no account, and once followed nobody invites that address again."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tandem.conftest import Personas
from tandem.core.personal_data import personal_data_for
from tandem.notifications.invitation_reminders import invitation_reminders_send
from tandem.notifications.programme_emails import send_decision_email, send_invitation_email
from tandem.notifications.services import email_template_save
from tandem.notifications.unsubscribe import (
    CATEGORY,
    invitation_unsubscribe_read,
    invitation_unsubscribe_token,
    unsubscribe_token,
)
from tandem.people.models import Department, Person
from tandem.programmes.models import EmailSuppression, Enrolment, Invitation, InvitationBatch
from tandem.programmes.services import email_suppress, invitation_batch_run
from tandem.programmes.tests.factories import (
    EnrolmentFactory,
    InvitationFactory,
    valid_answers_form,
)

pytestmark = pytest.mark.django_db

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], object]]]]
ONE_CLICK = {"List-Unsubscribe": "One-Click"}
T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def signed_out() -> Client:
    """A mail client's POST: no session, no cookie, and CSRF checked as in production."""
    return Client(enforce_csrf_checks=True)


def header_link(message: mail.EmailMessage) -> str:
    """The path of the link in the List-Unsubscribe header."""
    (url,) = re.findall(r"<(.+)>", message.extra_headers["List-Unsubscribe"])
    return "/" + url.split("/", 3)[3]


def assert_carries_the_address_link(message: mail.EmailMessage, email: str) -> None:
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header_link(message)
    assert link.startswith("/notifications/unsubscribe/invitations/")
    assert invitation_unsubscribe_read(link.rstrip("/").rsplit("/", 1)[1]) == email
    last_line = message.body.rstrip().splitlines()[-1]
    assert last_line.startswith("Don't want invitations from Tandem? http")
    assert last_line.endswith(link)
    html, _ = message.alternatives[0]
    assert "Don&#x27;t want invitations from Tandem?" in str(html)
    assert link in str(html)


def test_an_invitation_and_its_reminder_carry_a_link_for_their_address(
    personas: Personas, time_machine: Any
) -> None:
    # A coordinator's wording that leaves out every line of the default keeps the link.
    email_template_save(
        programme=personas.programme,
        key="invitation",
        subject="Join {programme_name}",
        body="Come along: {accept_link}",
        by=personas.carol,
    )
    invitation = InvitationFactory(programme=personas.programme, email="zoe@example.org")

    send_invitation_email.call(invitation.pk)
    time_machine.move_to(T0, tick=False)
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=T0 - datetime.timedelta(days=8))
    assert invitation_reminders_send(now=T0) == 1

    invited, reminded = mail.outbox
    assert "Reminder" in reminded.subject
    for message in (invited, reminded):
        assert message.to == ["zoe@example.org"]
        assert_carries_the_address_link(message, "zoe@example.org")


def test_one_click_stops_invitations_to_that_address_and_only_that_one(
    personas: Personas, signed_out: Client, time_machine: Any
) -> None:
    zoe = InvitationFactory(programme=personas.programme, email="zoe@example.org")
    send_invitation_email.call(zoe.pk)
    (message,) = mail.outbox

    response = signed_out.post(header_link(message), ONE_CLICK)

    assert response.status_code == 200
    assert "no more invitations to zoe@example.org" in response.content.decode()
    assert EmailSuppression.objects.filter(email="zoe@example.org", kind="invitations").exists()
    # A mail client may send it twice.
    assert signed_out.post(header_link(message), ONE_CLICK).status_code == 200
    assert EmailSuppression.objects.count() == 1

    # An invitation made before she unsubscribed (a batch still sending) sends nothing, and
    # neither does the reminder of the one she received.
    waiting = InvitationFactory(programme=personas.other_programme, email="zoe@example.org")
    other = InvitationFactory(programme=personas.other_programme, email="yves@example.org")
    assert send_invitation_email.call(waiting.pk) is False
    assert send_invitation_email.call(other.pk) is True
    time_machine.move_to(T0, tick=False)
    Invitation.objects.update(sent_at=T0 - datetime.timedelta(days=30))
    assert invitation_reminders_send(now=T0) == 1
    assert [m.to for m in mail.outbox] == [
        ["zoe@example.org"],
        ["yves@example.org"],
        ["yves@example.org"],
    ]


def test_get_asks_and_changes_nothing(signed_out: Client) -> None:
    token = invitation_unsubscribe_token(email="zoe@example.org")

    response = signed_out.get(reverse("notifications:unsubscribe_invitations", args=[token]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "zoe@example.org" in html
    assert 'type="submit"' in html
    assert not EmailSuppression.objects.exists()


def test_a_tampered_token_or_a_persons_token_is_refused(signed_out: Client) -> None:
    token = invitation_unsubscribe_token(email="zoe@example.org")
    value, signature = token.rsplit(":", 1)
    tampered = f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}"
    # A person's link for a category is signed with another salt: it stops no invitations.
    persons = unsubscribe_token(user_id=1, scope=CATEGORY, target="reminders")

    for bad in (tampered, persons, "nonsense"):
        url = reverse("notifications:unsubscribe_invitations", args=[bad])
        assert signed_out.get(url).status_code == 404
        assert signed_out.post(url, ONE_CLICK).status_code == 404
    assert not EmailSuppression.objects.exists()


def test_the_address_is_kept_in_lower_case_and_matched_whatever_its_case(
    personas: Personas,
) -> None:
    email_suppress(email=" Zoe@Example.ORG ")

    response = personas.client_for("carol").post(
        reverse("programmes:invite", args=[personas.programme.slug]),
        {"email": "ZOE@example.org", "role": "mentee"},
    )

    assert EmailSuppression.objects.get().email == "zoe@example.org"
    assert response.status_code == 400
    (error,) = response.context["form"].errors["email"]
    assert "asked not to be invited" in error
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_the_invite_form_refuses_the_address_and_invites_the_others(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    email_suppress(email="zoe@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = personas.client_for("carol").post(
            reverse("programmes:invite", args=[personas.programme.slug]),
            {"email": "zoe@example.org, yves@example.org", "role": "mentee"},
        )

    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        "zoe@example.org: This person asked not to be invited to programmes, from the link in "
        "an earlier invitation."
    ]
    assert list(Invitation.objects.values_list("email", flat=True)) == ["yves@example.org"]
    assert [m.to for m in mail.outbox] == [["yves@example.org"]]


def test_bulk_preview_counts_them_and_the_batch_skips_them(
    personas: Personas, django_capture_on_commit_callbacks: OnCommit
) -> None:
    sales = Department.objects.create(name="Sales")
    Person.objects.bulk_create(
        Person(email=f"sales{i}@example.org", name=f"Sales {i}", department=sales) for i in range(4)
    )
    email_suppress(email="sales0@example.org")
    email_suppress(email="sales1@example.org")
    carol = personas.client_for("carol")
    url = reverse("programmes:invite_bulk", args=[personas.programme.slug])

    response = carol.post(url, {"department": sales.pk, "role": "mentee"})

    preview = response.context["preview"]
    assert (preview.selected, preview.suppressed, preview.to_invite) == (4, 2, 2)
    assert "Asked not to be invited" in response.content.decode()

    carol.post(url, {"department": sales.pk, "role": "mentee", "confirm": "1"})
    batch = InvitationBatch.objects.get()
    assert batch.skipped_suppressed == 2
    with django_capture_on_commit_callbacks(execute=True):
        invitation_batch_run(batch_id=batch.pk)
    assert sorted(m.to[0] for m in mail.outbox) == ["sales2@example.org", "sales3@example.org"]


def test_someone_who_unsubscribed_can_still_apply(personas: Personas) -> None:
    email_suppress(email=personas.oscar.email)

    response = personas.client_for("oscar").post(
        reverse("programmes:apply", args=[personas.other_programme.slug]),
        {"role": "mentee", "goals": "Grow.", **valid_answers_form()},
    )

    assert response.status_code == 302
    assert Enrolment.objects.filter(person=personas.oscar).exists()


def test_the_decision_email_stays_without_an_unsubscribe(personas: Personas) -> None:
    enrolment = EnrolmentFactory(programme=personas.programme, status=Enrolment.Status.APPROVED)
    email_suppress(email=enrolment.person.email)

    assert send_decision_email.call(enrolment.pk) is True

    (message,) = mail.outbox
    assert "List-Unsubscribe" not in message.extra_headers
    assert "unsubscribe" not in message.body.lower()
    assert "invitations from Tandem" not in message.body


def test_the_download_holds_the_request_not_to_be_invited(personas: Personas) -> None:
    email_suppress(email=personas.alice.email.upper())

    (row,) = personal_data_for(personas.alice.user)["email_suppressions"]

    assert row["email"] == personas.alice.email
    assert row["kind"] == "Invitations to programmes"
    assert personal_data_for(personas.bob.user)["email_suppressions"] == []
