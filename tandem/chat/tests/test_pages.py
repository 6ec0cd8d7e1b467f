"""The coordinator's chat channel pages."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from tandem.chat.models import ChatMessage, ChatWebhook
from tandem.conftest import Personas
from tandem.core.audit import AuditEvent
from tandem.core.testing.forms import submit_unchanged

pytestmark = pytest.mark.django_db

SLACK_URL = "https://hooks.slack.com/services/T0001/B0001/Zq4secretTOKEN"


def _add(client, personas: Personas, **changes: str):
    data = {
        "name": "#mentoring-team",
        "kind": "slack",
        "url": SLACK_URL,
        "post_digest": "on",
        "post_concerns": "on",
        "is_active": "on",
    } | changes
    return client.post(reverse("chat:webhook_add", args=[personas.programme.slug]), data)


def test_a_coordinator_adds_a_channel_and_the_list_shows_its_host_not_its_secret(
    personas: Personas,
) -> None:
    client = personas.client_for("carol")
    response = _add(client, personas)
    assert response.status_code == 302
    webhook = ChatWebhook.objects.get()
    assert (webhook.post_digest, webhook.post_announcements, webhook.post_concerns) == (
        True,
        False,
        True,
    )
    page = client.get(reverse("chat:webhooks", args=[personas.programme.slug])).content.decode()
    assert "#mentoring-team" in page
    assert "hooks.slack.com" in page
    assert "Zq4secretTOKEN" not in page
    assert "Daily digest, new concerns" in page
    assert AuditEvent.objects.filter(action="chat.webhook_added").count() == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://169.254.169.254/latest/meta-data/", "not the address of a Slack or Teams"),
        ("https://hooks.slack.com.evil.example/x", "not the address of a Slack or Teams"),
        ("http://hooks.slack.com/services/x", "must start with https://"),
    ],
)
def test_an_address_outside_the_chat_services_is_refused_beside_the_field(
    personas: Personas, url: str, message: str
) -> None:
    response = _add(personas.client_for("carol"), personas, url=url)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ChatWebhook.objects.exists()


def test_a_teams_workflow_address_is_accepted(personas: Personas) -> None:
    url = (
        "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke"
    )
    assert _add(personas.client_for("carol"), personas, kind="teams", url=url).status_code == 302


def test_the_edit_page_saves_unchanged(personas: Personas) -> None:
    client = personas.client_for("carol")
    _add(client, personas)
    webhook = ChatWebhook.objects.get()
    url = reverse("chat:webhook_edit", args=[personas.programme.slug, webhook.pk])
    response = submit_unchanged(client, url, "name")
    assert response.status_code == 302
    stored = ChatWebhook.objects.get()
    assert (stored.url, stored.name, stored.post_announcements) == (
        SLACK_URL,
        "#mentoring-team",
        False,
    )
    assert not AuditEvent.objects.filter(action="chat.webhook_changed").exists()


def test_a_test_message_is_queued_sent_and_shown_with_its_state(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    from tandem.chat.tests.receiver import running_receiver

    client = personas.client_for("carol")
    with (
        override_settings(TANDEM_CHAT_WEBHOOK_HOSTS=["127.0.0.1"], TANDEM_CHAT_ALLOW_HTTP=True),
        running_receiver() as receiver,
    ):
        receiver.statuses = [403]
        _add(client, personas, url=receiver.url)
        webhook = ChatWebhook.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("chat:webhook_test", args=[personas.programme.slug, webhook.pk])
            )
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    assert "Tandem is connected to this channel for Leaders of Tomorrow." in page
    assert "Not sent" in page
    assert "check the webhook address" in page
    assert ChatMessage.objects.get().status == ChatMessage.Status.FAILED


def test_removing_a_channel_removes_its_posts(personas: Personas) -> None:
    client = personas.client_for("carol")
    _add(client, personas)
    webhook = ChatWebhook.objects.get()
    client.post(reverse("chat:webhook_delete", args=[personas.programme.slug, webhook.pk]))
    assert not ChatWebhook.objects.exists()
    assert AuditEvent.objects.filter(action="chat.webhook_removed").count() == 1


def test_the_list_does_not_grow_queries_with_channels(
    personas: Personas, django_assert_max_num_queries
) -> None:
    client = personas.client_for("carol")
    url = reverse("chat:webhooks", args=[personas.programme.slug])
    for n in range(3):
        ChatWebhook.objects.create(programme=personas.programme, name=f"#c{n}", url=SLACK_URL)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(20):
        ChatWebhook.objects.create(programme=personas.programme, name=f"#d{n}", url=SLACK_URL)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
