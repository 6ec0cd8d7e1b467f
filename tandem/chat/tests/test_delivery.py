"""Posting to a real local webhook endpoint: once, with retries that back off."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tandem.chat import services
from tandem.chat.delivery import BACKOFF, MAX_ATTEMPTS, message_deliver, messages_due
from tandem.chat.jobs import chat_retries
from tandem.chat.models import ChatMessage, ChatWebhook
from tandem.chat.tests.receiver import running_receiver
from tandem.core.models import Heartbeat

pytestmark = pytest.mark.django_db


def _queue(webhook: ChatWebhook, key: str = "occasion:1") -> ChatMessage:
    message = services.message_queue(
        webhook=webhook,
        key=key,
        title="Leaders of Tomorrow: 2 coordinator alerts <today> & more",
        lines=["Alice and Bob have not met for six weeks"],
        link="https://tandem.example.org/mentorships/programme/leaders/",
    )
    assert message is not None
    return message


def test_a_slack_post_arrives_once_in_slack_shape(slack, receiver) -> None:
    message = _queue(slack)
    assert message_deliver(message.pk) is True
    assert message_deliver(message.pk) is False
    assert len(receiver.posts) == 1
    text = receiver.posts[0]["text"]
    assert text.startswith("*Leaders of Tomorrow: 2 coordinator alerts &lt;today&gt; &amp; more*")
    assert "• Alice and Bob have not met for six weeks" in text
    assert "<https://tandem.example.org/mentorships/programme/leaders/|Open in Tandem>" in text
    message.refresh_from_db()
    assert message.status == ChatMessage.Status.SENT
    assert message.sent_at is not None


def test_a_teams_post_is_one_adaptive_card_with_a_link(receiver, personas) -> None:
    teams = ChatWebhook.objects.create(
        programme=personas.programme, name="Mentoring", kind="teams", url=receiver.url
    )
    message_deliver(_queue(teams).pk)
    (post,) = receiver.posts
    assert post["type"] == "message"
    (attachment,) = post["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard"
    assert card["body"][0]["text"].startswith("Leaders of Tomorrow: 2 coordinator alerts")
    assert card["body"][1]["text"] == "- Alice and Bob have not met for six weeks"
    assert card["actions"][0]["url"].endswith("/mentorships/programme/leaders/")


def test_a_receiver_failing_twice_gets_the_post_on_the_third_attempt_and_only_once(
    slack, receiver
) -> None:
    receiver.statuses = [500, 503]
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        message = _queue(slack)
        assert message_deliver(message.pk) is False
        message.refresh_from_db()
        assert message.status == ChatMessage.Status.PENDING
        assert message.next_attempt_at == start + BACKOFF[0]
        assert message.last_error == "The service answered 500."

        chat_retries()  # not due yet: nothing is posted
        assert len(receiver.posts) == 1

        clock.shift(BACKOFF[0])
        chat_retries()
        message.refresh_from_db()
        assert message.attempts == 2
        assert message.status == ChatMessage.Status.PENDING
        assert message.next_attempt_at == start + BACKOFF[0] + BACKOFF[1]

        clock.shift(BACKOFF[1])
        chat_retries()
        clock.shift(timedelta(hours=12))
        chat_retries()

    assert receiver.answered == [500, 503, 200]
    assert len(receiver.delivered) == 1
    message.refresh_from_db()
    assert message.status == ChatMessage.Status.SENT
    assert message.attempts == 3
    assert message.last_error == ""


def test_a_service_asking_to_wait_is_given_the_time_it_asked_for(slack, receiver) -> None:
    receiver.statuses = [429]
    receiver.retry_after = "600"
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        message = _queue(slack)
        message_deliver(message.pk)
    message.refresh_from_db()
    assert message.next_attempt_at == start + timedelta(seconds=600)


def test_a_refused_address_is_not_tried_again_and_says_why(slack, receiver) -> None:
    receiver.statuses = [404]
    message = _queue(slack)
    message_deliver(message.pk)
    message.refresh_from_db()
    assert message.status == ChatMessage.Status.FAILED
    assert "check the webhook address" in message.last_error
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert messages_due() == []
        chat_retries()
    assert len(receiver.posts) == 1


def test_it_gives_up_after_the_last_attempt(slack, receiver) -> None:
    receiver.statuses = [500] * MAX_ATTEMPTS
    message = _queue(slack)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        message_deliver(message.pk)
        for wait in BACKOFF:
            clock.shift(wait)
            chat_retries()
        clock.shift(timedelta(days=2))
        chat_retries()
    message.refresh_from_db()
    assert len(receiver.posts) == MAX_ATTEMPTS
    assert message.status == ChatMessage.Status.FAILED
    assert message.last_error.endswith(f"Gave up after {MAX_ATTEMPTS} attempts.")


def test_no_answer_at_all_is_retried(local_hosts, personas) -> None:
    with running_receiver() as gone:
        url = gone.url  # the server stops when the block ends: the port no longer answers
    webhook = ChatWebhook.objects.create(programme=personas.programme, name="#x", url=url)
    message = _queue(webhook)
    message_deliver(message.pk)
    message.refresh_from_db()
    assert message.status == ChatMessage.Status.PENDING
    assert message.last_error.startswith("No answer from the service")


def test_a_post_held_by_a_dead_worker_is_taken_over_and_a_live_one_is_left(slack, receiver) -> None:
    now = timezone.now()
    live = _queue(slack, "occasion:live")
    dead = _queue(slack, "occasion:dead")
    Heartbeat.objects.create(process_id="worker-live", kind="worker", beat_at=now, started_at=now)
    Heartbeat.objects.create(
        process_id="worker-dead",
        kind="worker",
        beat_at=now - timedelta(hours=1),
        started_at=now - timedelta(hours=2),
    )
    for message, worker in ((live, "worker-live"), (dead, "worker-dead")):
        ChatMessage.objects.filter(pk=message.pk).update(
            status=ChatMessage.Status.SENDING, attempts=1, claimed_by=worker, claimed_at=now
        )
    assert messages_due() == [dead.pk]
    chat_retries()
    assert len(receiver.posts) == 1
    dead.refresh_from_db()
    live.refresh_from_db()
    assert dead.status == ChatMessage.Status.SENT
    assert dead.attempts == 2
    assert live.status == ChatMessage.Status.SENDING


def test_a_channel_switched_off_posts_nothing(slack, receiver) -> None:
    message = _queue(slack)
    ChatWebhook.objects.filter(pk=slack.pk).update(is_active=False)
    assert message_deliver(message.pk) is False
    assert receiver.posts == []


def test_an_occasion_is_queued_once(slack) -> None:
    _queue(slack)
    assert services.message_queue(webhook=slack, key="occasion:1", title="Again", lines=[]) is None
    assert ChatMessage.objects.count() == 1
