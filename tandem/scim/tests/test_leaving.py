"""End to end: the identity provider deactivates someone, and their participation ends
gracefully; it reactivates them, and they may sign in again."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from tandem.core.models import AuditEvent
from tandem.matching.models import MentorRequest
from tandem.matching.services import mentor_request_create
from tandem.mentorships import services as mentorship_services
from tandem.mentorships.models import MentorExclusion, Mentorship
from tandem.mentorships.tests.conftest import CHARTER, make_active
from tandem.notifications.models import Notification
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import EnrolmentFactory
from tandem.reports.organisation import Figures
from tandem.scim.tests.client import ScimClient, assert_error, op

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def world(personas):
    """alice and bob in an active pair of a programme where mentees may ask mentors; mia, a
    new mentee, has asked bob too."""
    programme = personas.programme
    programme.matching_mode = Programme.MatchingMode.BOTH
    programme.status = Programme.Status.RUNNING
    programme.save()
    pair = make_active(
        mentorship_services.mentorship_create(
            programme=programme, mentee=personas.alice, mentor=personas.bob
        )
    )
    mia = PersonFactory(name="Mia Mentee")
    EnrolmentFactory(programme=programme, person=mia, role=Enrolment.Role.MENTEE)
    request = mentor_request_create(
        programme=programme,
        mentee=mia,
        mentor=personas.bob,
        hope_to_gain="Confidence in front of the board.",
        why_this_mentor="Bob has done it.",
    )
    for person in (personas.alice, personas.bob):
        person.user.set_password(PASSWORD)
        person.user.save()
        EmailAddress.objects.create(
            user=person.user, email=person.email, verified=True, primary=True
        )
    return pair, mia, request


def _titles(person, kind):
    return list(
        Notification.objects.filter(recipient=person.user, kind=kind).values_list(
            "title", flat=True
        )
    )


def _signs_in(email):
    """Through the sign-in page, as the person would."""
    client = Client()
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    return client.get(reverse("home")).status_code == 200


def test_deactivating_a_mentor_ends_their_participation_gracefully(
    personas, world, django_capture_on_commit_callbacks
):
    pair, mia, request = world
    scim = ScimClient.for_operator(personas.superuser)
    bob_session = personas.client_for("bob")
    assert bob_session.get(reverse("mentorships:list")).status_code == 200

    # Microsoft Entra ID deactivates with a PATCH whose value is the string "False".
    with django_capture_on_commit_callbacks(execute=True):
        response = scim.patch(f"Users/{personas.bob.pk}", op("Replace", "active", "False"))

    assert response.status_code == 200, response.document
    assert response.document["active"] is False
    # The open request is withdrawn, and the mentee who asked may ask someone else.
    request.refresh_from_db()
    assert request.status == MentorRequest.Status.WITHDRAWN
    assert _titles(mia, "mentor_request_withdrawn") == ["Your request to Bob Mentor is withdrawn"]
    # The pair closes without blame and without excluding the two from each other.
    pair.refresh_from_db()
    assert (pair.state, pair.outcome, pair.ended_by) == (
        Mentorship.State.CLOSED,
        Mentorship.Outcome.LEFT,
        None,
    )
    assert pair.get_outcome_display() == "Ended: left the organisation"
    assert not MentorExclusion.objects.filter(mentorship=pair).exists()
    # The partner is told, and the mentee is offered a new match.
    assert _titles(personas.alice, "mentorship.left_organisation") == [
        "Bob Mentor has left the organisation, so your mentorship has ended; what you shared "
        "stays here for you"
    ]
    assert _titles(personas.alice, "rematch_offered") == [
        "You can be matched with a new mentor in Leaders of Tomorrow"
    ]
    rematch = Notification.objects.get(kind="rematch_offered")
    assert rematch.url == reverse("matching:find_mentor", args=[personas.programme.slug])
    assert "nobody is to blame" in rematch.body
    assert not Notification.objects.filter(
        recipient=personas.bob.user, kind__startswith="mentorship.left"
    )
    # The partner keeps the shared history.
    alice = personas.client_for("alice")
    charter = alice.get(reverse("mentorships:charter", args=[pair.pk]))
    assert charter.status_code == 200
    assert CHARTER["desired_outcomes"] in charter.content.decode()
    overview = alice.get(reverse("mentorships:overview", args=[pair.pk]))
    assert "Ended: left the organisation" in overview.content.decode()
    # The one who left no longer signs in, and their open session ends.
    assert not _signs_in("bob@example.org")
    assert bob_session.get(reverse("mentorships:list")).status_code == 302
    assert Enrolment.objects.get(pk=personas.bob_enrolment.pk).status == Enrolment.Status.WITHDRAWN
    event = AuditEvent.objects.get(action="person.left")
    assert event.actor == personas.superuser
    assert event.detail == {
        "requests_withdrawn": 1,
        "mentorships_closed": 1,
        "enrolments_withdrawn": 1,
    }


def test_deactivating_a_mentee_tells_the_mentor_and_offers_nobody_a_rematch(
    personas, world, django_capture_on_commit_callbacks
):
    pair, _mia, _request = world
    scim = ScimClient.for_operator(personas.superuser)

    with django_capture_on_commit_callbacks(execute=True):
        scim.patch(f"Users/{personas.alice.pk}", op("replace", value={"active": False}))

    pair.refresh_from_db()
    assert pair.outcome == Mentorship.Outcome.LEFT
    assert _titles(personas.bob, "mentorship.left_organisation") == [
        "Alice Mentee has left the organisation, so your mentorship has ended; what you "
        "shared stays here for you"
    ]
    assert not Notification.objects.filter(kind="rematch_offered").exists()
    assert (
        personas.client_for("bob").get(reverse("mentorships:charter", args=[pair.pk])).status_code
        == 200
    )


def test_delete_deactivates_and_keeps_the_person(personas, world):
    pair, _mia, _request = world
    scim = ScimClient.for_operator(personas.superuser)

    response = scim.delete(f"Users/{personas.bob.pk}")

    assert response.status_code == 204
    pair.refresh_from_db()
    assert pair.outcome == Mentorship.Outcome.LEFT
    assert scim.get(f"Users/{personas.bob.pk}").document["active"] is False


def test_reactivating_lets_them_sign_in_and_reopens_nothing(personas, world):
    pair, _mia, request = world
    scim = ScimClient.for_operator(personas.superuser)
    scim.patch(f"Users/{personas.bob.pk}", op("replace", "active", False))
    # Leaving twice changes nothing the second time.
    scim.patch(f"Users/{personas.bob.pk}", op("replace", "active", False))

    response = scim.patch(f"Users/{personas.bob.pk}", op("replace", "active", True))

    assert response.document["active"] is True
    assert _signs_in("bob@example.org")
    pair.refresh_from_db()
    request.refresh_from_db()
    assert pair.state == Mentorship.State.CLOSED
    assert request.status == MentorRequest.Status.WITHDRAWN
    assert AuditEvent.objects.filter(action="person.left").count() == 1
    assert AuditEvent.objects.filter(action="person.returned").count() == 1


def test_a_person_provisioned_inactive_starts_as_left(personas):
    scim = ScimClient.for_operator(personas.superuser)
    from tandem.scim.tests.client import user_body

    user = scim.post("Users", user_body("later@example.org", active=False)).document

    assert user["active"] is False


def test_leaving_counts_neither_as_completed_nor_as_an_early_end():
    figures = Figures(outcomes={Mentorship.Outcome.COMPLETED: 1, Mentorship.Outcome.LEFT: 3})

    assert figures.ended_early == 0
    assert figures.completion_rate == 1.0


def test_a_person_who_left_cannot_be_provisioned_twice(personas):
    scim = ScimClient.for_operator(personas.superuser)
    scim.patch(f"Users/{personas.bob.pk}", op("replace", "active", False))

    assert_error(scim.post("Users", {"userName": "bob@example.org"}), 409, "uniqueness")
