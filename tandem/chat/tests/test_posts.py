"""What reaches a programme's channel: a concern's fact, an announcement's title, and the
coordinators' daily digest of alerts, each once, and nothing anyone wrote."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from tandem.announcements.services import announcement_post
from tandem.chat.jobs import chat_digests
from tandem.chat.models import ChatMessage, ChatWebhook
from tandem.circles import services as circles
from tandem.circles.models import Circle, CircleConcern
from tandem.circles.tests.life.world import make_circle
from tandem.mentorships import services as mentorships
from tandem.mentorships.models import Concern
from tandem.mentorships.tests.conftest import make_active
from tandem.notifications.services import notification_send

pytestmark = pytest.mark.django_db

MARKER = "ZQX-CHAT-CONCERN-5521"


@pytest.fixture
def pair(personas: Any) -> Any:
    return make_active(
        mentorships.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )
    )


def _raise(pair: Any, capture: Any, audience: str) -> Concern:
    with capture(execute=True):
        return mentorships.concern_raise(
            mentorship=pair, by=pair.mentee, audience=audience, text=f"I worry {MARKER}"
        )


def test_a_concern_for_the_coordinators_is_posted_as_a_fact_only(
    slack, receiver, pair, django_capture_on_commit_callbacks
) -> None:
    _raise(pair, django_capture_on_commit_callbacks, Concern.Audience.COORDINATOR)
    (post,) = receiver.posts
    assert "A concern was raised for the coordinators of Leaders of Tomorrow." in post["text"]
    assert MARKER not in post["text"]
    assert "Alice" not in post["text"]
    assert "Bob" not in post["text"]
    assert f"/pairs/{pair.pk}/" in post["text"]


def test_a_concern_for_the_partner_alone_is_not_posted(
    slack, receiver, pair, django_capture_on_commit_callbacks
) -> None:
    _raise(pair, django_capture_on_commit_callbacks, Concern.Audience.PARTNER)
    assert receiver.posts == []
    assert not ChatMessage.objects.exists()


def test_a_channel_that_does_not_take_concerns_gets_none(
    slack, receiver, pair, django_capture_on_commit_callbacks
) -> None:
    ChatWebhook.objects.filter(pk=slack.pk).update(post_concerns=False)
    _raise(pair, django_capture_on_commit_callbacks, Concern.Audience.BOTH)
    assert receiver.posts == []


@pytest.fixture
def circle(personas: Any) -> Circle:
    return make_circle(personas.programme, facilitators=[personas.bob], mentees=[personas.alice])


def _raise_in_circle(circle: Circle, by: Any, capture: Any, audience: str) -> CircleConcern:
    with capture(execute=True):
        return circles.circle_concern_raise(
            circle=circle, by=by, audience=audience, text=f"I worry {MARKER}"
        )


def test_a_circles_concern_for_the_coordinators_is_posted_as_a_fact_only(
    slack, receiver, personas, circle, django_capture_on_commit_callbacks
) -> None:
    _raise_in_circle(
        circle, personas.alice, django_capture_on_commit_callbacks, CircleConcern.Audience.BOTH
    )

    (post,) = receiver.posts
    assert (
        "A concern was raised in a circle for the coordinators of Leaders of Tomorrow."
        in post["text"]
    )
    assert f"/circles/programme/{personas.programme.slug}/{circle.pk}/" in post["text"]
    for private in (MARKER, circle.name, "Alice", "Bob"):
        assert private not in post["text"]


def test_a_circles_concern_for_the_facilitators_alone_is_not_posted(
    slack, receiver, personas, circle, django_capture_on_commit_callbacks
) -> None:
    _raise_in_circle(
        circle,
        personas.alice,
        django_capture_on_commit_callbacks,
        CircleConcern.Audience.FACILITATORS,
    )

    assert receiver.posts == []
    assert not ChatMessage.objects.exists()


def test_a_channel_that_does_not_take_concerns_hears_none_from_circles(
    slack, receiver, personas, circle, django_capture_on_commit_callbacks
) -> None:
    ChatWebhook.objects.filter(pk=slack.pk).update(post_concerns=False)
    _raise_in_circle(
        circle,
        personas.alice,
        django_capture_on_commit_callbacks,
        CircleConcern.Audience.COORDINATOR,
    )

    assert receiver.posts == []


def test_an_announcement_is_posted_with_its_title_and_audience(
    slack, receiver, personas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        announcement = announcement_post(
            programme=personas.programme,
            by=personas.carol,
            title="Spring social on 12 March",
            body=f"Body text {MARKER}",
            audience="mentors",
        )
    (post,) = receiver.posts
    assert "New announcement in Leaders of Tomorrow: Spring social on 12 March" in post["text"]
    assert "• For: Mentors only." in post["text"]
    assert f"/announcements/{announcement.pk}/" in post["text"]
    assert MARKER not in post["text"]


def test_another_programmes_channel_hears_nothing(
    receiver, personas, pair, django_capture_on_commit_callbacks
) -> None:
    ChatWebhook.objects.create(programme=personas.other_programme, name="#guild", url=receiver.url)
    _raise(pair, django_capture_on_commit_callbacks, Concern.Audience.COORDINATOR)
    assert receiver.posts == []


LONDON = ZoneInfo("Europe/London")


def _alert(personas: Any, key: str, title: str, *, at: datetime) -> None:
    with time_machine.travel(at, tick=False):
        for coordinator in (personas.carol, personas.superuser):
            notification_send(
                recipient=coordinator,
                kind="alert.inactive",
                title=title,
                dedupe_key=key,
                email=False,
                programme_id=personas.programme.pk,
            )


def _digests_at(moment: datetime, capture: Any) -> None:
    with time_machine.travel(moment, tick=False), capture(execute=True):
        chat_digests()


def test_the_daily_digest_lists_each_alert_of_the_day_before_once(
    slack, receiver, personas, django_capture_on_commit_callbacks, settings
) -> None:
    settings.TIME_ZONE = "Europe/London"
    day = datetime(2026, 11, 30, tzinfo=LONDON)
    _alert(personas, "quiet:1", "Alice and Bob have not met for 9 weeks", at=day.replace(hour=9))
    _alert(personas, "health:1", "Cara and Dan need attention", at=day.replace(hour=17))
    _alert(personas, "quiet:2", "Made today, for tomorrow", at=day + timedelta(days=1, hours=7))
    with time_machine.travel(day - timedelta(hours=12), tick=False):
        notification_send(  # another programme's alert stays out
            recipient=personas.dave,
            kind="alert.inactive",
            title="Another programme's pair",
            dedupe_key="quiet:9",
            email=False,
            programme_id=personas.other_programme.pk,
        )

    # Before 08:00 the morning's digest is not due yet.
    _digests_at(day + timedelta(days=1, hours=7, minutes=30), django_capture_on_commit_callbacks)
    assert receiver.posts == []

    for hour in (8, 9):
        _digests_at(day + timedelta(days=1, hours=hour), django_capture_on_commit_callbacks)
    (post,) = receiver.posts
    lines = post["text"].splitlines()
    assert lines[0] == "*Leaders of Tomorrow: 2 coordinator alerts on Monday 30 November*"
    assert lines[1:3] == [
        "• Alice and Bob have not met for 9 weeks",
        "• Cara and Dan need attention",
    ]
    assert "Another programme" not in post["text"]


def test_a_day_without_alerts_posts_no_digest(
    slack, receiver, django_capture_on_commit_callbacks
) -> None:
    _digests_at(timezone.now().replace(hour=10), django_capture_on_commit_callbacks)
    assert receiver.posts == []
