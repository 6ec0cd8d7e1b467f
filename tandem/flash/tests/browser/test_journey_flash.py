"""A mentee books a one-off slot: from the navigation to the open slots, the booking form
with the question, and the conversation's page; the mentor finds it booked on their slots."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.conftest import Personas
from tandem.core.testing.browser import Journey, sign_in
from tandem.flash import services
from tandem.flash.models import Booking, Slot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_mentee_books_a_one_off_slot(
    page: Page, live_server: LiveServer, journey: Journey, personas: Personas
) -> None:
    base = live_server.url
    for user in (personas.alice.user, personas.bob.user):
        # allauth signs in only a verified address.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    start = timezone.localtime() + datetime.timedelta(days=2)
    for hours in (0, 2):
        services.slots_publish(
            mentor=personas.bob,
            programme=personas.programme,
            starts_at=start.replace(hour=10 + hours, minute=0, second=0, microsecond=0),
            minutes=30,
            format="video",
            location="https://video.example.org/bob",
        )

    sign_in(page, base, personas.alice.user.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Conversations").click()
    expect(page.get_by_role("heading", name="One-off conversations")).to_be_visible()
    journey.check(page, "conversations")

    page.get_by_role("link", name=f"Book a conversation in {personas.programme.name}").click()
    expect(page.get_by_role("heading", name="Book a conversation")).to_be_visible()
    expect(page.get_by_role("link", name="Book Bob Mentor", exact=False)).to_have_count(2)
    journey.check(page, "open-slots")

    page.get_by_role("link", name="Book Bob Mentor", exact=False).first.click()
    expect(page.get_by_role("heading", name="Book a conversation with Bob Mentor")).to_be_visible()
    page.get_by_label("The question you bring").fill("How do I run my first team meeting?")
    journey.check(page, "booking-form")
    page.get_by_role("button", name="Book").click()

    expect(page.get_by_text("A calendar invitation is on its way")).to_be_visible()
    expect(page.get_by_role("heading", name="Conversation with Bob Mentor")).to_be_visible()
    expect(page.get_by_text("How do I run my first team meeting?")).to_be_visible()
    journey.check(page, "booked")

    booking = Booking.objects.get()
    assert booking.mentee == personas.alice
    assert booking.slot.status == Slot.Status.BOOKED
    invited = {m.to[0] for m in mail.outbox if m.subject.startswith("One-off conversation")}
    assert invited == {personas.alice.email, personas.bob.email}

    page.get_by_role("link", name="One-off conversations").click()
    page.get_by_role("link", name=f"Book a conversation in {personas.programme.name}").click()
    expect(page.get_by_role("link", name="Book Bob Mentor", exact=False)).to_have_count(1)

    sign_in(page, base, personas.bob.user.email)
    page.goto(f"{base}/flash/slots/")
    expect(page.get_by_role("heading", name="My slots")).to_be_visible()
    expect(page.get_by_role("link", name="Alice Mentee")).to_be_visible()
    journey.check(page, "mentor-slots")
