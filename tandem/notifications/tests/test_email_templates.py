"""A programme's own wording of an email: checked, previewed, saved, sent and reset."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from tandem.conftest import Personas
from tandem.core.testing.forms import submit_unchanged
from tandem.notifications.email_templates import BY_KEY, email_render
from tandem.notifications.models import EmailTemplate
from tandem.notifications.services import email_template_send

pytestmark = pytest.mark.django_db

SPEC = BY_KEY["announcement"]


def edit_url(personas: Personas) -> str:
    return reverse("notifications:email_edit", args=[personas.programme.slug, "announcement"])


def test_the_edit_page_loads_and_saves_unchanged_storing_nothing(personas: Personas) -> None:
    client = personas.client_for("carol")

    response = submit_unchanged(client, edit_url(personas), "subject")

    assert response.status_code == 302
    assert not EmailTemplate.objects.exists()


def test_an_unknown_placeholder_is_refused_naming_the_allowed_ones(personas: Personas) -> None:
    client = personas.client_for("carol")

    response = client.post(
        edit_url(personas),
        {"subject": "News", "body": "Hello {first_name} {person_name.__class__}"},
    )

    assert response.status_code == 400
    (error,) = response.context["form"].errors["body"]
    assert "{first_name}" in error
    assert "{person_name}, {programme_name}, {title}, {announcement}, {link}" in error
    assert not EmailTemplate.objects.exists()


def test_a_saved_wording_is_sent_and_a_reset_brings_back_the_default(
    personas: Personas,
) -> None:
    client = personas.client_for("carol")
    url = edit_url(personas)
    saved = client.post(
        url, {"subject": "News for {person_name}", "body": "Dear {person_name},\n\n{announcement}"}
    )
    assert saved.status_code == 302

    alice = personas.alice.user
    values = {"person_name": "Alice", "announcement": "**Bring** a friend", "title": "T"}
    email_template_send(
        programme=personas.programme,
        key="announcement",
        send_key="test:1",
        recipient=alice,
        values=values,
        unsubscribe_category="announcements",
    )
    (message,) = mail.outbox
    assert message.subject == "[Tandem] News for Alice"
    assert message.body.startswith("Dear Alice,\n\n**Bring** a friend")
    assert "Stop emails like this one (Announcements): " in message.body
    html = message.alternatives[0][0]
    assert "<p>Dear Alice,</p>" in html
    assert "<strong>Bring</strong>" in html
    assert "List-Unsubscribe" in message.extra_headers

    client.post(
        reverse("notifications:email_reset", args=[personas.programme.slug, "announcement"])
    )
    assert not EmailTemplate.objects.exists()
    page = client.get(url)
    assert page.context["form"].initial["subject"] == SPEC.subject


def test_the_preview_shows_the_programme_and_the_coordinator_and_saves_nothing(
    personas: Personas,
) -> None:
    client = personas.client_for("carol")

    response = client.post(
        edit_url(personas),
        {"subject": "{programme_name} news", "body": "Hi {person_name}", "preview": ""},
    )

    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.subject == "Leaders of Tomorrow news"
    assert "Hi Carol Coordinator" in preview.html
    assert not EmailTemplate.objects.exists()


@pytest.mark.parametrize(
    "name", ["<script>alert(1)</script>", "[x](javascript:alert(1))", "**bold** _me_"]
)
def test_values_are_never_read_as_markup_or_markdown(name: str) -> None:
    rendered = email_render(
        SPEC, subject="{title}", body="Hello {person_name}", values={"person_name": name}
    )

    assert "<script>" not in rendered.html
    assert "<strong>" not in rendered.html
    assert 'href="javascript' not in rendered.html
    assert name in rendered.text


def test_another_programmes_coordinator_cannot_reach_the_page(personas: Personas) -> None:
    response: Any = personas.client_for("dave").get(edit_url(personas))
    assert response.status_code == 404
