"""An operator erases a person: nothing of them remains, and their partner keeps the history."""

from __future__ import annotations

from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tandem.accounts.models import PersonalToken
from tandem.accounts.tests.factories import PASSWORD
from tandem.conftest import Personas
from tandem.core.personal_data import ERASED_NAME
from tandem.mentorships import services as pairs
from tandem.mentorships.models import JournalEntry, MeetingNote, Mentorship
from tandem.mentorships.tests.conftest import build_world, make_active
from tandem.notifications.services import notification_send
from tandem.people.models import ImportJob, Person
from tandem.people.services import person_photo_set, person_profile_update
from tandem.people.tests.test_photos import photo_upload
from tandem.programmes.models import InvitationBatch
from tandem.programmes.selectors import InviteeCriteria
from tandem.programmes.services import email_suppress

pytestmark = pytest.mark.django_db

WORLD = "WORLD-6610"
BIO = "ALICEBIO-3391"
REASON = "ALICEREASON-2284"
NAME, EMAIL = "Alice Mentee", "alice@example.org"


@pytest.fixture
def pair(personas: Personas) -> Mentorship:
    """alice's pair with bob, full of what both wrote, ended early by alice."""
    alice = personas.alice
    mentorship = make_active(
        pairs.mentorship_create(programme=personas.programme, mentee=alice, mentor=personas.bob)
    )
    build_world(personas, mentorship, marker=WORLD)
    person_profile_update(person=alice, changes={"bio": BIO})
    person_photo_set(person=alice, upload=photo_upload((64, 64)))
    pairs.calendar_feed_get_or_create(person=alice)
    PersonalToken.issue(user=alice.user, name="script")
    AccessAttempt.objects.create(username=EMAIL, ip_address="10.0.0.1", failures_since_start=1)
    notification_send(
        recipient=personas.bob.user,
        kind="note",
        title=f"{NAME} shared a note",
        body=f"{NAME} wrote to you.",
        dedupe_key="note-1",
    )
    ImportJob.objects.create(
        created_by=personas.superuser,
        filename="people.csv",
        source=f"email,name\n{EMAIL},{NAME}\n",
        status=ImportJob.Status.SUCCEEDED,
    )
    # A coordinator chose people reporting to her, and pasted her address among others.
    InvitationBatch.objects.create(
        programme=personas.programme,
        role="mentee",
        created_by=personas.superuser,
        criteria=InviteeCriteria(
            manager_id=alice.pk, emails=((1, EMAIL), (2, "dora@example.org"))
        ).as_json(),
        description=f"Reporting to {NAME}, 2 pasted addresses",
        message=f"{NAME.upper()} suggested you for this programme.",
    )
    # She once followed an invitation's link asking not to be invited.
    email_suppress(email=EMAIL.upper())
    return pairs.mentorship_exit_early(mentorship=mentorship, by=alice, reason=REASON)


def erase(personas: Personas, person: Person, email: str | None = None) -> Client:
    client = personas.client_for("superuser")
    response = client.post(
        reverse("people:erase", args=[person.pk]), {"email": email or person.email}
    )
    assert response.status_code == 302, response.content.decode()
    return client


def everything_stored() -> str:
    out = StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def test_nothing_of_her_remains_anywhere_in_the_database(
    personas: Personas, pair: Mentorship
) -> None:
    assert NAME in everything_stored()  # the sweep below would see her if she were there

    erase(personas, personas.alice)

    stored = everything_stored()
    for trace in (NAME, EMAIL, BIO, REASON, f"private note {WORLD}", f"journal private {WORLD}"):
        assert trace.lower() not in stored.lower(), trace
    alice = Person.objects.get(pk=personas.alice.pk)
    assert alice.name == ERASED_NAME
    assert not alice.photo
    assert alice.erased_at is not None
    batch = InvitationBatch.objects.get()
    assert batch.criteria["emails"] == [[2, "dora@example.org"]]
    assert batch.description == f"Reporting to {ERASED_NAME}, 2 pasted addresses"
    assert batch.message == f"{ERASED_NAME} suggested you for this programme."


def test_her_partner_keeps_their_shared_history_from_a_former_participant(
    personas: Personas, pair: Mentorship
) -> None:
    erase(personas, personas.alice)

    page = personas.client_for("bob").get(reverse("mentorships:check_ins", args=[pair.pk]))

    text = page.content.decode()
    assert f"check-in comment {WORLD}" in text
    assert ERASED_NAME in text
    assert MeetingNote.objects.filter(body=f"shared note {WORLD}").exists()
    assert not MeetingNote.objects.filter(author=personas.alice, is_private=True).exists()
    assert not JournalEntry.objects.filter(author=personas.alice, shared_at__isnull=True).exists()
    assert JournalEntry.objects.filter(author=personas.bob).exists()


def test_she_is_signed_out_and_can_never_sign_in_again(
    personas: Personas, pair: Mentorship
) -> None:
    hers = personas.client_for("alice")
    assert hers.get(reverse("home")).status_code == 200

    erase(personas, personas.alice)

    assert hers.get(reverse("home"))["Location"].startswith(reverse("account_login"))
    signing_in = Client().post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert signing_in.status_code == 200  # the form again, with its error
    assert not PersonalToken.objects.filter(user=personas.alice.user).exists()


def test_she_leaves_the_directory_and_her_erase_page_is_gone(
    personas: Personas, pair: Mentorship
) -> None:
    client = erase(personas, personas.alice)

    directory = client.get(reverse("people:directory")).content.decode()
    assert ERASED_NAME not in directory
    assert client.get(reverse("people:erase", args=[personas.alice.pk])).status_code == 404


def test_someone_still_in_an_open_pair_is_not_erased(personas: Personas) -> None:
    pairs.mentorship_create(
        programme=personas.programme, mentee=personas.alice, mentor=personas.bob
    )

    response = personas.client_for("superuser").post(
        reverse("people:erase", args=[personas.alice.pk]), {"email": EMAIL}
    )

    assert response.status_code == 400
    assert "still in a pair in Leaders of Tomorrow" in response.content.decode()
    assert Person.objects.get(pk=personas.alice.pk).name == NAME


def test_the_only_coordinator_of_a_running_programme_is_not_erased(personas: Personas) -> None:
    carol = Person.objects.get(user=personas.carol)

    response = personas.client_for("superuser").post(
        reverse("people:erase", args=[carol.pk]), {"email": carol.email}
    )

    assert response.status_code == 400
    assert "only coordinator of Leaders of Tomorrow" in response.content.decode()
    assert personas.programme.coordinators.filter(pk=personas.carol.pk).exists()


def test_a_coordinator_who_shares_a_programme_is_erased_and_leaves_it(
    personas: Personas,
) -> None:
    personas.programme.coordinators.add(personas.dave)
    carol = Person.objects.get(user=personas.carol)

    erase(personas, carol)

    assert list(personas.programme.coordinators.all()) == [personas.dave]
    assert Person.objects.get(pk=carol.pk).name == ERASED_NAME


def test_an_operator_cannot_erase_themselves(personas: Personas) -> None:
    me = Person.objects.get(user=personas.superuser)

    response = personas.client_for("superuser").post(
        reverse("people:erase", args=[me.pk]), {"email": me.email}
    )

    assert response.status_code == 400
    assert "You cannot erase yourself" in response.content.decode()


def test_a_mistyped_address_erases_nobody(personas: Personas, pair: Mentorship) -> None:
    response = personas.client_for("superuser").post(
        reverse("people:erase", args=[personas.alice.pk]), {"email": "bob@example.org"}
    )

    assert response.status_code == 400
    assert "not this person&#x27;s email address" in response.content.decode()
    assert Person.objects.get(pk=personas.alice.pk).name == NAME


def test_the_operator_finds_the_erase_page_from_the_profile(personas: Personas) -> None:
    page = personas.client_for("superuser").get(reverse("people:detail", args=[personas.bob.pk]))
    carols = personas.client_for("carol").get(reverse("people:detail", args=[personas.bob.pk]))

    assert reverse("people:erase", args=[personas.bob.pk]) in page.content.decode()
    assert reverse("people:erase", args=[personas.bob.pk]) not in carols.content.decode()
