"""Links in emails and calendar files point at the address the site is served on."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.env import site_url
from tandem.mentorships import services
from tandem.mentorships.models import Mentorship
from tandem.mentorships.tests.conftest import active, proposed  # noqa: F401
from tandem.notifications.services import notification_send

SITE = "http://127.0.0.1:8101"


def test_site_url_follows_the_port_unless_set(monkeypatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("PORT", "8101")
    assert site_url() == SITE
    monkeypatch.delenv("PORT")
    assert site_url() == "http://127.0.0.1:8000"
    monkeypatch.setenv("SITE_URL", "https://mentoring.example.org/")
    assert site_url() == "https://mentoring.example.org"


@pytest.mark.system
def test_a_server_started_on_another_port_links_to_that_port() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(PORT="8101", DJANGO_SETTINGS_MODULE="tandem.settings")
    script = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == SITE


def test_the_makefile_passes_its_port_to_every_process() -> None:
    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    assert "\nexport PORT\n" in makefile
    assert "SITE_URL=" not in makefile


@pytest.fixture
def on_port_8101(settings) -> None:
    settings.SITE_URL = SITE


@pytest.mark.usefixtures("on_port_8101")
def test_invitation_email_links_to_the_served_address(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        personas.client_for("carol").post(
            reverse("programmes:invite", args=[personas.programme.slug]),
            {"email": "zoe@example.org", "role": "mentor", "message": "Welcome."},
        )
    (email,) = mail.outbox
    assert f"{SITE}/programmes/invitations/" in email.body
    assert ":8000" not in email.body


@pytest.mark.usefixtures("on_port_8101")
def test_notification_email_links_to_the_served_address(
    db: None, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(
            recipient=UserFactory(),
            kind="match",
            title="You have a mentor",
            url="/mentorships/",
            dedupe_key="match:1",
        )
    assert f"{SITE}/mentorships/" in mail.outbox[0].body


@pytest.mark.usefixtures("on_port_8101")
def test_calendar_files_and_feed_address_use_the_served_address(
    personas: Personas,
    active: Mentorship,  # noqa: F811
    time_machine,
) -> None:
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    (meeting,) = services.meeting_schedule(
        mentorship=active,
        by=personas.alice,
        starts_at=datetime.datetime(2026, 3, 9, 14, 0, tzinfo=datetime.UTC),
    )
    client = personas.client_for("alice")
    ics = client.get(reverse("mentorships:meeting_ics", args=[active.pk, meeting.pk]))
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(event["URL"]).startswith(f"{SITE}/mentorships/{active.pk}/meetings/")

    page = client.get(reverse("mentorships:calendar")).content.decode()
    assert f"{SITE}/mentorships/calendar/feed/" in page
