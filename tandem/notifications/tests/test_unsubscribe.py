"""One-click unsubscribe (RFC 8058): every notification email carries a link that stops its
kind, and only its kind; the decisions on an application carry none. Invitations carry one
for their address (test_invitation_unsubscribe.py)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tandem.accounts.models import User
from tandem.accounts.tests.factories import UserFactory
from tandem.notifications.digests import digests_send
from tandem.notifications.kinds import Delivery
from tandem.notifications.models import Notification
from tandem.notifications.programme_emails import send_decision_email
from tandem.notifications.services import (
    notification_preferences_for,
    notification_preferences_save,
    notification_send,
)
from tandem.notifications.unsubscribe import (
    CATEGORY,
    DIGEST,
    unsubscribe_read,
    unsubscribe_token,
)
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
MONDAY = datetime.datetime(2026, 11, 30, 9, tzinfo=UTC)
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture(autouse=True)
def _clock(time_machine) -> None:
    time_machine.move_to(MONDAY, tick=False)


@pytest.fixture
def signed_out() -> Client:
    """A mail client's POST: no session, no cookie, and CSRF checked as in production."""
    return Client(enforce_csrf_checks=True)


def notify(user: User, kind: str, title: str, capture) -> mail.EmailMessage | None:
    """Send a notice; its email, if one was sent."""
    before = len(mail.outbox)
    with capture(execute=True):
        notification_send(
            recipient=user, kind=kind, title=title, url="/mentorships/", dedupe_key=title
        )
    return mail.outbox[-1] if len(mail.outbox) > before else None


def link_of(message: mail.EmailMessage) -> str:
    """The path of the message's List-Unsubscribe link, checked against its body."""
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(\S+)>", header).group(1)
    assert url.startswith(f"{settings.SITE_URL}/notifications/unsubscribe/")
    assert message.body.rstrip().endswith(url)
    return url.removeprefix(settings.SITE_URL)


def test_a_notice_email_carries_a_link_for_its_category(django_capture_on_commit_callbacks):
    user = UserFactory()
    message = notify(
        user, "mentor_request_received", "Alice asks you", django_capture_on_commit_callbacks
    )

    path = link_of(message)

    token = path.split("/")[-2]
    what = unsubscribe_read(token)
    assert (what.user_id, what.scope, what.target) == (user.pk, CATEGORY, "requests")
    assert "Stop emails like this one (Mentor requests)" in message.body


def test_one_click_stops_that_category_and_only_that_one(
    signed_out: Client, django_capture_on_commit_callbacks
) -> None:
    user = UserFactory()
    capture = django_capture_on_commit_callbacks
    path = link_of(notify(user, "mentor_request_received", "Alice asks you", capture))

    response = signed_out.post(path, ONE_CLICK)

    assert response.status_code == 200
    assert "Emails for Mentor requests have stopped." in response.content.decode()
    chosen = notification_preferences_for(user=user)
    assert chosen["requests"] == Delivery.IN_APP
    assert chosen["reminders"] == Delivery.IMMEDIATE
    assert notify(user, "mentor_request_accepted", "Bob said yes", capture) is None
    assert Notification.objects.filter(recipient=user, title="Bob said yes").exists()
    reminder = notify(user, "reminder.meeting", "Meeting tomorrow", capture)
    assert reminder is not None
    assert reminder.subject == "[Tandem] Meeting tomorrow"


def test_a_digest_email_carries_a_link_for_its_digest(time_machine) -> None:
    user = UserFactory()
    notification_send(
        recipient=user, kind="mentorship.goal_achieved", title="A goal", dedupe_key="g"
    )
    time_machine.move_to(MONDAY + datetime.timedelta(days=1, hours=-8), tick=False)

    assert digests_send(now=MONDAY + datetime.timedelta(days=1, hours=-8)) == 1

    (message,) = mail.outbox
    what = unsubscribe_read(link_of(message).split("/")[-2])
    assert (what.user_id, what.scope, what.target) == (user.pk, DIGEST, Delivery.DAILY)
    assert "Stop the daily digest:" in message.body


def test_unsubscribing_from_a_digest_stops_what_it_carries_and_nothing_else(
    signed_out: Client, time_machine, django_capture_on_commit_callbacks
) -> None:
    user = UserFactory()
    notification_preferences_save(user=user, deliveries={"requests": Delivery.WEEKLY})
    notification_send(recipient=user, kind="mentorship.paused", title="Paused", dedupe_key="p")
    waiting = notification_send(
        recipient=user, kind="celebration.anniversary", title="A year", dedupe_key="a"
    )
    token = unsubscribe_token(user_id=user.pk, scope=DIGEST, target=Delivery.DAILY)
    path = f"/notifications/unsubscribe/{token}/"

    page = signed_out.get(path).content.decode()
    assert "Activity in your mentorships" in page
    assert "Celebrations" in page
    assert "Mentor requests" not in page  # weekly, not in this digest
    signed_out.post(path, ONE_CLICK)

    chosen = notification_preferences_for(user=user)
    assert {key for key, delivery in chosen.items() if delivery == Delivery.IN_APP} == {
        "activity",
        "celebrations",
        "alerts",
    }
    assert chosen["requests"] == Delivery.WEEKLY
    waiting.refresh_from_db()
    assert waiting.digest == ""  # taken out of the digest that had not left yet
    time_machine.move_to(MONDAY + datetime.timedelta(days=1), tick=False)
    assert digests_send(now=MONDAY + datetime.timedelta(days=1)) == 0
    assert mail.outbox == []
    assert notify(user, "reminder.meeting", "Meeting tomorrow", django_capture_on_commit_callbacks)


def test_unsubscribing_from_a_category_takes_its_notices_out_of_a_waiting_digest(
    signed_out: Client,
) -> None:
    user = UserFactory()
    activity = notification_send(
        recipient=user, kind="mentorship.paused", title="P", dedupe_key="p"
    )
    celebration = notification_send(recipient=user, kind="celebration.x", title="C", dedupe_key="c")
    token = unsubscribe_token(user_id=user.pk, scope=CATEGORY, target="activity")

    signed_out.post(f"/notifications/unsubscribe/{token}/", ONE_CLICK)

    activity.refresh_from_db()
    celebration.refresh_from_db()
    assert (activity.digest, celebration.digest) == ("", Delivery.DAILY)


def test_get_asks_and_changes_nothing(signed_out: Client) -> None:
    user = UserFactory()
    token = unsubscribe_token(user_id=user.pk, scope=CATEGORY, target="reminders")

    response = signed_out.get(f"/notifications/unsubscribe/{token}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Reminders" in html
    assert 'type="submit"' in html
    assert 'href="/notifications/preferences/"' in html
    assert notification_preferences_for(user=user)["reminders"] == Delivery.IMMEDIATE


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        # signed by someone else
        "WzEsImNhdGVnb3J5IiwicmVtaW5kZXJzIl0:1vPZcA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_a_token_not_signed_here_is_refused(signed_out: Client, token: str) -> None:
    user = UserFactory()

    for method in ("get", "post"):
        response = getattr(signed_out, method)(f"/notifications/unsubscribe/{token}/", ONE_CLICK)
        assert response.status_code == 404

    assert notification_preferences_for(user=user)["reminders"] == Delivery.IMMEDIATE


def test_a_tampered_token_is_refused(signed_out: Client) -> None:
    alice, bob = UserFactory(), UserFactory()
    alices = unsubscribe_token(user_id=alice.pk, scope=CATEGORY, target="reminders")
    bobs = unsubscribe_token(user_id=bob.pk, scope=CATEGORY, target="reminders")
    # Bob's payload under the signature made for Alice's.
    forged = f"{bobs.split(':', 1)[0]}:{alices.split(':', 1)[1]}"

    response = signed_out.post(f"/notifications/unsubscribe/{forged}/", ONE_CLICK)

    assert response.status_code == 404
    assert notification_preferences_for(user=bob)["reminders"] == Delivery.IMMEDIATE


def test_a_link_for_another_purpose_or_a_removed_account_is_refused(signed_out: Client) -> None:
    user = UserFactory()
    unknown = unsubscribe_token(user_id=user.pk, scope=CATEGORY, target="carrier-pigeon")
    gone = unsubscribe_token(user_id=user.pk + 1000, scope=CATEGORY, target="reminders")

    assert signed_out.get(f"/notifications/unsubscribe/{unknown}/").status_code == 404
    assert signed_out.post(f"/notifications/unsubscribe/{gone}/", ONE_CLICK).status_code == 404


def test_the_link_works_for_whoever_is_signed_in(personas) -> None:
    token = unsubscribe_token(user_id=personas.alice.user.pk, scope=CATEGORY, target="nudges")

    personas.client_for("bob").post(f"/notifications/unsubscribe/{token}/", ONE_CLICK)

    assert notification_preferences_for(user=personas.alice.user)["nudges"] == Delivery.IN_APP
    assert notification_preferences_for(user=personas.bob.user)["nudges"] == Delivery.IMMEDIATE


def test_emails_that_are_not_notifications_carry_no_unsubscribe() -> None:
    enrolment = EnrolmentFactory(status=Enrolment.Status.DECLINED)

    send_decision_email.call(enrolment.pk)

    (message,) = mail.outbox
    assert "List-Unsubscribe" not in message.extra_headers
    assert "unsubscribe" not in message.body.lower()
