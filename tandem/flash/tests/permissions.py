"""One-off conversations: a mentor's own slot pages, the booking pages for the programme's
mentees, and each conversation's pages for its two people only (coordinators and the
operator read counts in the report instead)."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tandem.core.testing.permissions import INVALID, NOT_FOUND, OK, REDIRECT, Case, signed_in
from tandem.flash import services
from tandem.flash.models import Booking, Slot

MARKER = "ZQX-FLASH-PERMISSION-4471"


def prepare(p: Any) -> None:
    now = timezone.now().replace(second=0, microsecond=0)
    for days, location in ((3, "open"), (4, "booked")):
        services.slots_publish(
            mentor=p.bob,
            programme=p.programme,
            starts_at=timezone.localtime(now + timedelta(days=days)),
            minutes=30,
            format="phone",
            location=location,
        )
    booked = Slot.objects.get(location="booked")
    services.slot_book(slot=booked, mentee=p.alice, question=f"Ahead {MARKER}")
    # A conversation that has taken place, written as it would stand afterwards.
    past = Slot.objects.create(
        programme=p.programme,
        mentor=p.bob,
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(minutes=30),
        format="phone",
        location="past",
        status=Slot.Status.BOOKED,
    )
    Booking.objects.create(slot=past, mentee=p.alice, question=f"Past {MARKER}")


def open_slot(p: Any) -> dict[str, Any]:
    return {"pk": Slot.objects.get(mentor=p.bob, location="open").pk}


def ahead(p: Any) -> dict[str, Any]:
    return {"pk": Booking.objects.get(slot__location="booked").pk}


def held(p: Any) -> dict[str, Any]:
    return {"pk": Booking.objects.get(slot__location="past").pk}


def slug(p: Any) -> dict[str, Any]:
    return {"slug": p.programme.slug}


def slot_data(p: Any) -> dict[str, Any]:
    later = timezone.localtime(timezone.now() + timedelta(days=9)).replace(tzinfo=None)
    return {
        "programme": p.programme.pk,
        "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
        "minutes": 30,
        "format": "phone",
        "location": "",
        "weeks": 1,
    }


def shows_question_to_the_two_only(p: Any, who: str, response: Any) -> None:
    if who in ("alice", "bob"):
        assert MARKER in response.content.decode()
    else:
        assert MARKER not in response.content.decode()


MENTOR = signed_in(NOT_FOUND, bob=OK, superuser=NOT_FOUND)
MENTOR_WRITES = signed_in(NOT_FOUND, bob=REDIRECT, superuser=NOT_FOUND)
MENTEES = signed_in(NOT_FOUND, alice=OK, other_pair=OK, superuser=NOT_FOUND)
THE_TWO = signed_in(NOT_FOUND, alice=OK, bob=OK, superuser=NOT_FOUND)
THE_TWO_WRITE = signed_in(NOT_FOUND, alice=REDIRECT, bob=REDIRECT, superuser=NOT_FOUND)

CASES = [
    Case("flash:index", signed_in(OK, superuser=OK)),
    Case("flash:my_slots", MENTOR),
    Case("flash:my_slots", MENTOR_WRITES, method="post", data=slot_data),
    Case("flash:weekly_cap", MENTOR),
    Case("flash:weekly_cap", MENTOR_WRITES, method="post", data=lambda p: {"weekly_cap": 4}),
    Case("flash:slot_withdraw", MENTOR_WRITES, method="post", kwargs=open_slot),
    Case("flash:change_place", MENTOR, kwargs=open_slot),
    Case(
        "flash:change_place",
        MENTOR_WRITES,
        method="post",
        kwargs=open_slot,
        data=lambda p: {"format": "video", "location": "https://video.example.org/b"},
    ),
    Case("flash:programme_slots", MENTEES, kwargs=slug),
    Case("flash:book", MENTEES, kwargs=open_slot),
    Case(
        "flash:book",
        signed_in(NOT_FOUND, alice=REDIRECT, other_pair=REDIRECT, superuser=NOT_FOUND),
        method="post",
        kwargs=open_slot,
        data=lambda p: {"question": "How do I start?"},
    ),
    Case("flash:conversation", THE_TWO, kwargs=ahead, check=shows_question_to_the_two_only),
    Case("flash:conversation", THE_TWO, kwargs=held, label="held"),
    Case("flash:cancel", THE_TWO_WRITE, method="post", kwargs=ahead),
    Case(
        "flash:reflect",
        THE_TWO_WRITE,
        method="post",
        kwargs=held,
        data=lambda p: {"rating": 4, "note": "Next: try it."},
    ),
    # The programme lets only its coordinator match: the mentee is told so beside the form.
    Case(
        "flash:ask",
        signed_in(NOT_FOUND, alice=INVALID, superuser=NOT_FOUND),
        method="post",
        kwargs=held,
        data=lambda p: {"hope_to_gain": "Grow.", "why_this_mentor": "We talked."},
    ),
]
