"""A participant chooses how a kind of notification reaches them, and later unsubscribes from
an email's kind through the link it carries."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.conftest import Personas
from tandem.core.testing.browser import Journey, sign_in
from tandem.notifications.kinds import Delivery
from tandem.notifications.services import notification_preferences_for, notification_send
from tandem.notifications.tasks import notification_email

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def alice(personas: Personas):
    user = personas.alice.user
    # allauth signs in only a verified address.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_a_participant_changes_notification_preferences(
    page: Page, live_server: LiveServer, journey: Journey, alice
) -> None:
    base = live_server.url

    sign_in(page, base, alice.email)
    page.locator(".nav-account").get_by_role("link", name="Notification settings").click()
    expect(page.get_by_role("heading", name="Notification settings")).to_be_visible()
    activity = page.get_by_role("group", name="Activity in your mentorships")
    expect(activity.get_by_role("radio", name="In a daily digest email")).to_be_checked()
    journey.check(page, "settings")

    activity.get_by_role("radio", name="In a weekly digest email").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your notification settings are saved.")).to_be_visible()
    expect(activity.get_by_role("radio", name="In a weekly digest email")).to_be_checked()
    journey.check(page, "saved")

    chosen = notification_preferences_for(user=alice)
    assert chosen["activity"] == Delivery.WEEKLY
    assert chosen["reminders"] == Delivery.IMMEDIATE  # left as it was


def test_a_participant_unsubscribes_through_the_link_in_an_email(
    page: Page, live_server: LiveServer, journey: Journey, alice
) -> None:
    base = live_server.url
    notice = notification_send(
        recipient=alice,
        kind="reminder.meeting",
        title="Meeting with Bob tomorrow",
        url="/mentorships/",
        dedupe_key="journey",
        email=False,
    )
    notification_email.call(notice.pk)
    (message,) = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    path = link[link.index("/notifications/") :]

    # Signed out, as someone opening the link from their mail would often be.
    page.goto(f"{base}{path}")
    expect(page.get_by_role("heading", name="Unsubscribe")).to_be_visible()
    expect(page.get_by_text("Reminders").first).to_be_visible()
    journey.check(page, "unsubscribe")
    assert notification_preferences_for(user=alice)["reminders"] == Delivery.IMMEDIATE

    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    expect(page.get_by_text("Emails for Reminders have stopped.")).to_be_visible()
    journey.check(page, "unsubscribed")

    chosen = notification_preferences_for(user=alice)
    assert chosen["reminders"] == Delivery.IN_APP
    assert chosen["requests"] == Delivery.IMMEDIATE
