"""A coordinator posts an announcement to the programme's mentees, after a preview that counts
them, and a mentee finds it on their home page."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tandem.announcements.models import Announcement
from tandem.conftest import Personas
from tandem.core.testing.browser import Journey, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_coordinator_posts_an_announcement(
    page: Page, live_server: LiveServer, journey: Journey, personas: Personas
) -> None:
    base = live_server.url
    for user in (personas.carol, personas.alice.user):
        # allauth signs in only a verified address.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)

    sign_in(page, base, personas.carol.email)
    page.goto(f"{base}/programmes/{personas.programme.slug}/")
    page.get_by_role("navigation", name=f"Manage {personas.programme.name}").get_by_role(
        "link", name="Announcements"
    ).click()
    expect(page.get_by_role("heading", name="Announcements", exact=True)).to_be_visible()
    journey.check(page, "list")

    page.get_by_role("link", name="Post an announcement").click()
    page.get_by_label("Title").fill("Meet-up on Thursday")
    page.get_by_label("Announcement").fill(
        "Our next meet-up is on **Thursday at 17:00**.\n\n- Bring a question\n- Bring a friend"
    )
    page.get_by_role("radio", name="Mentees only").check()
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview")
    expect(preview.get_by_text("1 person")).to_be_visible()
    expect(preview.locator("strong", has_text="Thursday at 17:00")).to_be_visible()
    journey.check(page, "preview")

    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.get_by_text("The announcement is posted.")).to_be_visible()
    expect(page.get_by_role("cell", name="Meet-up on Thursday", exact=True)).to_be_visible()
    journey.check(page, "posted")

    announcement = Announcement.objects.get()
    assert announcement.audience == Announcement.Audience.MENTEES
    assert [message.to for message in mail.outbox] == [[personas.alice.user.email]]

    sign_in(page, base, personas.alice.user.email)
    expect(page.get_by_role("heading", name="Meet-up on Thursday")).to_be_visible()
    journey.check(page, "mentee-home")
    page.get_by_role("link", name="Read Meet-up on Thursday").click()
    expect(page.get_by_role("heading", name="Meet-up on Thursday")).to_be_visible()
    expect(page.locator("strong", has_text="Thursday at 17:00")).to_be_visible()
    journey.check(page, "mentee-reads")
