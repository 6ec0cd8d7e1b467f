"""A circle's notices and invitations are written in each member's language, whoever acted."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import translation

from tandem.circles import services
from tandem.circles.models import CircleMember, Placement
from tandem.circles.services.joining import circle_join
from tandem.circles.services.runs import group_run_publish
from tandem.conftest import Personas
from tandem.core.testing.itip import invitations
from tandem.core.testing.languages import speaks, translated
from tandem.notifications.models import Notification
from tandem.people.models import Person

from .forming.cohort import cohort, run_now
from .forming.world import circle, group_programme, mentee, mentor
from .life.world import make_circle, person

pytestmark = pytest.mark.django_db

# Monday 2 March 2026, 09:00 UTC; the meeting is on Thursday 5 March at 18:00 UTC.
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
STARTS = datetime.datetime(2026, 3, 5, 18, 0, tzinfo=datetime.UTC)

JOINED = {
    "fr": {
        "%(name)s joined %(circle)s": "%(name)s a rejoint %(circle)s",
        "Welcome them at your next meeting.": "Accueillez-le lors de votre prochaine rencontre.",
    },
    "de": {
        "%(name)s joined %(circle)s": "%(name)s ist %(circle)s beigetreten",
        "Welcome them at your next meeting.": "Begrüßen Sie es bei Ihrem nächsten Treffen.",
    },
    "es": {
        "%(name)s joined %(circle)s": "%(name)s se unió a %(circle)s",
        "Welcome them at your next meeting.": "Dele la bienvenida en su próxima reunión.",
    },
}
SCHEDULED = "%(name)s scheduled a meeting of %(circle)s on %(when)s"
MEETING = {
    "fr": {SCHEDULED: "%(name)s a planifié une rencontre de %(circle)s le %(when)s"},
    "de": {SCHEDULED: "%(name)s hat ein Treffen von %(circle)s am %(when)s geplant"},
    "es": {SCHEDULED: "%(name)s programó una reunión de %(circle)s el %(when)s"},
}
PLACED = "You are in a circle of %(programme)s: %(circle)s"
WHY_CIRCLE = "Why this circle: %(reasons)s."
FACILITATORS = (
    "Your facilitators are %(names)s. Meet your circle and agree together how you will work."
)
UNPLACED = "No circle for you in this round of %(programme)s"
WHY = "Why: %(reason)s."
PUBLISHED = {
    "de": {
        PLACED: "Sie sind in einem Kreis von %(programme)s: %(circle)s",
        WHY_CIRCLE: "Warum dieser Kreis: %(reasons)s.",
        FACILITATORS: "Ihre Moderatoren sind %(names)s. Lernen Sie Ihren Kreis kennen und "
        "vereinbaren Sie gemeinsam, wie Sie arbeiten.",
    },
    "fr": {
        UNPLACED: "Pas de cercle pour vous dans ce tour de %(programme)s",
        WHY: "Pourquoi : %(reason)s.",
    },
}


@pytest.fixture(autouse=True)
def _clock(time_machine: Any) -> None:
    time_machine.move_to(NOW, tick=False)


def _told(person: Person, kind: str) -> tuple[str, str]:
    notice = Notification.objects.get(recipient=person.user, kind=kind)
    return notice.title, notice.body


def test_each_member_hears_who_joined_in_their_own_language(personas: Personas) -> None:
    group = group_programme(personas.carol)
    fay = mentor(group, "Fay Facilitator")
    members = [mentee(group, f"Member {n}") for n in range(3)]
    found = circle(group, "Budgeting circle", [fay], members)
    speaks(fay, "fr")
    speaks(members[0], "de")
    speaks(members[1], "es")
    newcomer = mentee(group, "Nia Newcomer")

    # Nia joins from a page in German; each member reads their own language.
    with translated(JOINED), translation.override("de"):
        circle_join(circle=found, mentee=newcomer, note="")

    assert _told(fay, "circle_joined") == (
        "Nia Newcomer a rejoint Budgeting circle",
        "Accueillez-le lors de votre prochaine rencontre.",
    )
    assert _told(members[0], "circle_joined") == (
        "Nia Newcomer ist Budgeting circle beigetreten",
        "Begrüßen Sie es bei Ihrem nächsten Treffen.",
    )
    assert _told(members[1], "circle_joined") == (
        "Nia Newcomer se unió a Budgeting circle",
        "Dele la bienvenida en su próxima reunión.",
    )
    assert _told(members[2], "circle_joined") == (
        "Nia Newcomer joined Budgeting circle",
        "Welcome them at your next meeting.",
    )


def test_a_scheduled_meeting_reaches_each_member_in_their_language_and_time_zone(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    mia, max_ = person("Mia Member", personas.programme), person("Max Member")
    found = make_circle(
        personas.programme,
        facilitators=[personas.bob],
        mentees=[personas.alice, mia, max_],
        started=NOW - datetime.timedelta(days=10),
    )
    for someone, language, zone in (
        (personas.alice, "fr", "Europe/Paris"),
        (personas.bob, "de", "Europe/Berlin"),
        (mia, "es", "America/Mexico_City"),
        (max_, "", "Europe/London"),
    ):
        speaks(someone, language)
        Person.objects.filter(pk=someone.pk).update(timezone=zone)

    # Bob schedules from a page in German; nobody else reads German.
    with (
        translated(MEETING),
        translation.override("de"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.circle_meeting_schedule(
            circle=found, by=personas.bob, starts_at=STARTS, meeting_format="in_person"
        )

    titles = dict(
        Notification.objects.filter(kind="circle.meeting_scheduled").values_list(
            "recipient__email", "title"
        )
    )
    assert titles == {
        "alice@example.org": (
            "Bob Mentor a planifié une rencontre de Finance leaders le 5 mars 2026, 19:00"
        ),
        "mia.member@example.org": (
            "Bob Mentor programó una reunión de Finance leaders el 5 marzo 2026, 12:00"
        ),
        "max.member@example.org": (
            "Bob Mentor scheduled a meeting of Finance leaders on 5 March 2026, 18:00"
        ),
    }
    # The calendar invitations, one to each member, bob included.
    bodies = {
        address: message.body
        for address in ("alice@example.org", "bob@example.org", *titles)
        for message, _part, _calendar in invitations(address)
    }
    assert CircleMember.objects.current().filter(circle=found).count() == len(bodies) == 4
    assert (
        "Quand\u00a0: jeudi 5 mars 2026, 19:00 (Europe/Paris), 60 minutes"
        in bodies["alice@example.org"]
    )
    assert "Ordre du jour et notes\u00a0: http" in bodies["alice@example.org"]
    assert (
        "Wann: Donnerstag 5 März 2026, 19:00 (Europe/Berlin), 60 Minuten"
        in bodies["bob@example.org"]
    )
    assert (
        "Cuándo: jueves 5 marzo 2026, 12:00 (America/Mexico_City), 60 minutos"
        in bodies["mia.member@example.org"]
    )
    assert (
        "When: Thursday 5 March 2026, 18:00 (Europe/London), 60 minutes"
        in bodies["max.member@example.org"]
    )


def test_a_published_group_run_tells_each_mentee_in_their_own_language(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    group = group_programme(personas.carol)
    cohort(group, mentors=2, mentees=7)
    lou = mentee(group, "Lou Lingua", languages=["fr"])
    run = run_now(group, personas.carol, django_capture_on_commit_callbacks)
    placement = Placement.objects.filter(run=run).select_related("mentee__user", "circle")[0]
    speaks(placement.mentee, "de")
    speaks(lou, "fr")

    # Carol publishes from a page in Spanish.
    with translated(PUBLISHED), translation.override("es"):
        group_run_publish(run=run, by=personas.carol)

    placed_title, placed_body = _told(placement.mentee, "circle_placed")
    assert placed_title == f"Sie sind in einem Kreis von {group.name}: {placement.circle.name}"
    assert placed_body.startswith("Warum dieser Kreis: ")
    assert placed_body.endswith(
        ". Lernen Sie Ihren Kreis kennen und vereinbaren Sie gemeinsam, wie Sie arbeiten."
    )
    assert "\n\nIhre Moderatoren sind Mentor 0" in placed_body
    unplaced_title, unplaced_body = _told(lou, "circle_unplaced")
    assert unplaced_title == f"Pas de cercle pour vous dans ce tour de {group.name}"
    assert unplaced_body.startswith("Pourquoi : ")
    others = Notification.objects.filter(kind="circle_placed").exclude(
        recipient=placement.mentee.user
    )
    assert {title.split(" of ")[0] for title in others.values_list("title", flat=True)} == {
        "You are in a circle",
        "You facilitate a circle",
    }
