"""Posting an announcement: who it reaches, once, and what it can never carry."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User
from tandem.announcements import services
from tandem.announcements.models import Announcement
from tandem.announcements.personal_data import announcements as exported
from tandem.announcements.tasks import announcement_notify
from tandem.conftest import Personas
from tandem.core.personal_data import ERASED_NAME, ErasureSubject
from tandem.mentorships import services as pair_services
from tandem.mentorships.models import Mentorship
from tandem.mentorships.tests.conftest import build_world, make_active
from tandem.notifications.kinds import Delivery
from tandem.notifications.models import Notification
from tandem.notifications.services import notification_preferences_save

pytestmark = pytest.mark.django_db

MARKER = "ZQX-ANNOUNCE-MARKER-7731"
Audience = Announcement.Audience


def post(personas: Personas, capture: Any, **fields: Any) -> Announcement:
    values = {"title": "Meet-up on Thursday", "body": "See you **there**."} | fields
    with capture(execute=True):
        return services.announcement_post(programme=personas.programme, by=personas.carol, **values)


def reached(announcement: Announcement) -> set[User]:
    notified = Notification.objects.filter(dedupe_key=f"announcement:{announcement.pk}")
    return {notice.recipient for notice in notified}


def emailed() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def active_pair(personas: Personas) -> Mentorship:
    return make_active(
        pair_services.mentorship_create(
            programme=personas.programme,
            mentee=personas.alice,
            mentor=personas.bob,
            created_by=personas.carol,
        )
    )


@pytest.mark.parametrize(
    ("audience", "who"),
    [
        (Audience.EVERYONE, {"alice", "bob"}),
        (Audience.MENTORS, {"bob"}),
        (Audience.MENTEES, {"alice"}),
    ],
)
def test_an_announcement_reaches_its_audience_and_no_one_else(
    personas: Personas, django_capture_on_commit_callbacks: Any, audience: str, who: set[str]
) -> None:
    announcement = post(personas, django_capture_on_commit_callbacks, audience=audience)

    people = {"alice": personas.alice, "bob": personas.bob}
    expected = {people[name].user for name in who}
    assert reached(announcement) == expected
    assert emailed() == {user.email for user in expected}
    for name in people:
        client = personas.client_for(name)
        detail = client.get(reverse("announcements:detail", args=[announcement.pk]))
        home = client.get(reverse("home")).content.decode()
        assert detail.status_code == (200 if name in who else 404), name
        assert (announcement.title in home) == (name in who), name
    for outsider in ("carol", "dave", "erin", "oscar", "superuser"):
        response = personas.client_for(outsider).get(
            reverse("announcements:detail", args=[announcement.pk])
        )
        assert response.status_code == 404, outsider


def test_an_announcement_to_mentors_never_reaches_a_mentee(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    active_pair(personas)
    mentee_of_other_pair = personas.other_pair.mentee.user
    announcement = post(personas, django_capture_on_commit_callbacks, audience=Audience.MENTORS)

    mentees = {personas.alice.user, mentee_of_other_pair}
    assert not reached(announcement) & mentees
    assert not emailed() & {user.email for user in mentees}
    assert personas.bob.user in reached(announcement)


def test_pairs_in_a_state_reach_both_members_of_those_pairs_only(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    active_pair(personas)
    other = personas.other_pair
    Mentorship.objects.filter(pk=other.pk).update(state=Mentorship.State.PAUSED)

    paused = post(
        personas,
        django_capture_on_commit_callbacks,
        audience=Audience.PAIRS,
        pair_state=Mentorship.State.PAUSED,
    )

    assert reached(paused) == {other.mentee.user, other.mentor.user}
    assert personas.alice.user not in reached(paused)


def test_a_retried_fan_out_notifies_and_emails_nobody_twice(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    announcement = post(personas, django_capture_on_commit_callbacks, audience=Audience.EVERYONE)
    sent = len(mail.outbox)

    assert announcement_notify.call(announcement.pk) == 0
    assert len(mail.outbox) == sent == 2
    assert Notification.objects.filter(kind=services.KIND).count() == 2


def test_the_email_is_html_with_a_plain_text_part_and_a_one_click_unsubscribe(
    personas: Personas, django_capture_on_commit_callbacks: Any, client: Any
) -> None:
    post(personas, django_capture_on_commit_callbacks, audience=Audience.MENTEES)

    (message,) = mail.outbox
    assert message.subject == "[Tandem] Leaders of Tomorrow: Meet-up on Thursday"
    assert "See you **there**." in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "<strong>there</strong>" in html
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    assert link.replace("&", "&amp;") in html

    response = client.post(link[link.index("/notifications/") :])
    assert response.status_code == 200
    assert Notification.objects.filter(kind=services.KIND).count() == 1


def test_a_preference_for_the_app_only_or_a_digest_sends_no_email_of_its_own(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    notification_preferences_save(
        user=personas.alice.user, deliveries={"announcements": Delivery.IN_APP}
    )
    notification_preferences_save(
        user=personas.bob.user, deliveries={"announcements": Delivery.DAILY}
    )
    announcement = post(personas, django_capture_on_commit_callbacks, audience=Audience.EVERYONE)

    assert mail.outbox == []
    assert reached(announcement) == {personas.alice.user, personas.bob.user}
    assert Notification.objects.get(recipient=personas.bob.user, kind=services.KIND).digest == (
        Delivery.DAILY
    )


@pytest.mark.parametrize(
    "body",
    [
        '<script>alert("owned")</script>',
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "[click](javascript:alert(1))",
    ],
)
def test_stored_markup_is_shown_as_text_on_the_page_and_in_the_email(
    personas: Personas, django_capture_on_commit_callbacks: Any, body: str
) -> None:
    announcement = post(
        personas, django_capture_on_commit_callbacks, audience=Audience.MENTEES, body=body
    )

    page = personas.client_for("alice").get(reverse("announcements:detail", args=[announcement.pk]))
    html = page.content.decode()
    (message,) = mail.outbox
    email_html = str(message.alternatives[0][0])
    for shown in (html, email_html):
        assert "<script>alert" not in shown
        assert "<meta http-equiv" not in shown
        assert 'href="javascript:' not in shown


def test_nothing_a_pair_wrote_reaches_an_announcement_or_the_coordinator(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    pair = active_pair(personas)
    build_world(personas, pair, marker=MARKER)
    mail.outbox.clear()
    client = personas.client_for("carol")
    preview = client.post(
        reverse("announcements:post", args=[personas.programme.slug]),
        {
            "title": "News",
            "body": "Hello.",
            "audience": "pairs",
            "pair_state": "active",
            "preview": "",
        },
    )
    announcement = post(
        personas,
        django_capture_on_commit_callbacks,
        audience=Audience.PAIRS,
        pair_state=Mentorship.State.ACTIVE,
    )

    listed = client.get(reverse("announcements:coordinator_list", args=[personas.programme.slug]))
    assert MARKER not in preview.content.decode() + listed.content.decode()
    for who in ("alice", "bob"):
        page = personas.client_for(who).get(reverse("announcements:detail", args=[announcement.pk]))
        assert page.status_code == 200
        assert MARKER not in page.content.decode()
    for message in mail.outbox:
        assert MARKER not in f"{message.subject} {message.body} {message.alternatives}"
    for notice in Notification.objects.filter(kind=services.KIND):
        assert MARKER not in notice.title + notice.body
    to_carol = Notification.objects.filter(recipient=personas.carol)
    assert all(MARKER not in n.title + n.body for n in to_carol)


def test_the_post_page_previews_and_counts_the_recipients(personas: Personas) -> None:
    client = personas.client_for("carol")
    url = reverse("announcements:post", args=[personas.programme.slug])

    response = client.post(
        url, {"title": "News", "body": "**Hello**", "audience": "everyone", "preview": ""}
    )

    assert response.status_code == 200
    assert response.context["recipients"] == 2
    assert "<strong>Hello</strong>" in response.content.decode()
    assert not Announcement.objects.exists()


def test_pairs_without_a_state_are_refused_on_the_field(personas: Personas) -> None:
    client = personas.client_for("carol")
    url = reverse("announcements:post", args=[personas.programme.slug])

    response = client.post(url, {"title": "News", "body": "Hello", "audience": "pairs"})

    assert response.status_code == 400
    assert response.context["form"].errors["pair_state"] == [
        "Choose the state of the pairs it is for."
    ]


def test_withdrawing_takes_it_down_and_stops_emails_not_yet_sent(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    notification_preferences_save(
        user=personas.alice.user, deliveries={"announcements": Delivery.DAILY}
    )
    announcement = post(personas, django_capture_on_commit_callbacks, audience=Audience.MENTEES)
    client = personas.client_for("carol")

    response = client.post(
        reverse("announcements:withdraw", args=[personas.programme.slug, announcement.pk])
    )

    assert response.status_code == 302
    assert not Notification.objects.filter(kind=services.KIND).exists()
    detail = personas.client_for("alice").get(
        reverse("announcements:detail", args=[announcement.pk])
    )
    assert detail.status_code == 404
    assert announcement.title not in personas.client_for("alice").get("/").content.decode()


def test_the_home_page_shows_an_announcement_for_its_time_only(
    personas: Personas, django_capture_on_commit_callbacks: Any, time_machine: Any
) -> None:
    time_machine.move_to(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False)
    dated = post(
        personas,
        django_capture_on_commit_callbacks,
        audience=Audience.MENTEES,
        title="Dated",
        show_until=datetime.date(2026, 4, 1),
    )
    undated = post(personas, django_capture_on_commit_callbacks, audience=Audience.MENTEES)
    client = personas.client_for("alice")

    home = client.get("/").content.decode()
    assert dated.title in home
    assert undated.title in home

    time_machine.move_to(datetime.datetime(2026, 3, 20, 9, tzinfo=datetime.UTC), tick=False)
    home = personas.client_for("alice").get("/").content.decode()
    assert dated.title in home
    assert undated.title not in home


def test_the_author_finds_their_announcements_in_their_data_and_erasure_drops_names(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    announcement = post(
        personas,
        django_capture_on_commit_callbacks,
        audience=Audience.EVERYONE,
        body="Thanks to Alice Mentee for hosting.",
    )
    rows = exported(personas.carol)
    assert [row["title"] for row in rows] == [announcement.title]
    assert rows[0]["programme"] == personas.programme.name
    assert exported(personas.bob.user) == []

    alice = personas.alice
    services.announcements_erase_person(
        ErasureSubject(
            person=alice,
            user=alice.user,
            name=alice.name,
            email=alice.email,
            erased_email="erased@erased.invalid",
        )
    )
    announcement.refresh_from_db()
    assert alice.name not in announcement.body
    assert ERASED_NAME in announcement.body
    assert announcement.created_at <= timezone.now()
