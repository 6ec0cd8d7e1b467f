"""A circle member's download of their own data, and their erasure."""

from __future__ import annotations

import pytest

from tandem.circles import services
from tandem.circles.errors import CircleError
from tandem.circles.models import Circle, CircleJournalEntry
from tandem.conftest import Personas
from tandem.core.personal_data import erase, personal_data_for

pytestmark = pytest.mark.django_db

MINE = "ZQX-CIRCLE-MINE-3301"
THEIRS = "ZQX-CIRCLE-THEIRS-3302"


def _write(personas: Personas, circle: Circle) -> None:
    services.circle_journal_entry_create(
        circle=circle, by=personas.alice, title="Week one", body=f"I learnt {MINE}"
    )
    services.circle_journal_entry_create(
        circle=circle, by=personas.bob, title="Facilitating", body=f"Bob's own {THEIRS}"
    )


def test_the_download_holds_what_the_member_wrote_and_not_what_others_kept_private(
    personas: Personas, circle: Circle
) -> None:
    _write(personas, circle)
    data = personal_data_for(personas.alice.user)
    section = data["circles"]
    assert [m["circle"] for m in section["memberships"]] == [circle.name]
    assert section["memberships"][0]["role"] == "Member"
    assert MINE in str(section["journal_entries"])
    assert THEIRS not in str(data)


def test_erasure_waits_until_the_member_has_left_then_forgets_their_private_writing(
    personas: Personas, circle: Circle
) -> None:
    _write(personas, circle)
    with pytest.raises(CircleError, match="still a member of the circle"):
        erase(personas.alice)
    assert CircleJournalEntry.objects.filter(body__contains=MINE).exists()

    Circle.objects.filter(pk=circle.pk).update(state=Circle.State.CLOSED)
    erase(personas.alice)
    assert not CircleJournalEntry.objects.filter(body__contains=MINE).exists()
    assert CircleJournalEntry.objects.filter(body__contains=THEIRS).exists()
