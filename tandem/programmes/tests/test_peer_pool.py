"""A peer programme takes applications into one pool: each person applies once, as a peer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.programmes import services
from tandem.programmes.errors import ProgrammeError
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.roles import role_labels
from tandem.programmes.tests.factories import ProgrammeFactory, valid_answers_form


@pytest.fixture
def peer_programme(personas: Personas) -> Programme:
    return ProgrammeFactory(
        name="Peer Circle", kind=Programme.Kind.PEER, coordinators=[personas.carol]
    )


def test_a_person_applies_once_as_a_peer_with_what_they_want_and_offer(
    personas: Personas, peer_programme: Programme
) -> None:
    client = personas.client_for("oscar")
    url = reverse("programmes:apply", args=[peer_programme.slug])
    page = client.get(url).content.decode()
    assert "What you can offer" in page
    assert "How many mentees" not in page
    assert 'name="role" value="mentor"' not in page  # nobody chooses a role
    assert 'type="hidden" name="role" value="peer"' in page
    response = client.post(
        url,
        {
            "role": "peer",
            "goals": "Get better at negotiating.",
            "offers": "Ten years of customer research.",
            **valid_answers_form(),
        },
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(programme=peer_programme, person=personas.oscar)
    assert enrolment.role == Enrolment.Role.PEER
    assert enrolment.offers == "Ten years of customer research."
    assert enrolment.capacity == 1

    services.enrolment_decide(enrolment=enrolment, decision="approved", decided_by=personas.carol)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.APPROVED
    detail = personas.client_for("carol").get(
        reverse("programmes:detail", args=[peer_programme.slug])
    )
    assert "Approved peers" in detail.content.decode()


def test_a_peer_must_say_what_they_offer(personas: Personas, peer_programme: Programme) -> None:
    response = personas.client_for("oscar").post(
        reverse("programmes:apply", args=[peer_programme.slug]),
        {"role": "peer", "goals": "Grow.", **valid_answers_form()},
    )
    assert response.status_code == 400
    assert "offers" in response.context["form"].errors
    assert not Enrolment.objects.filter(person=personas.oscar).exists()


@pytest.mark.parametrize("role", ["mentor", "mentee"])
def test_a_peer_programme_refuses_mentors_and_mentees(
    personas: Personas, peer_programme: Programme, role: str
) -> None:
    with pytest.raises(ProgrammeError) as refused:
        services.enrolment_apply(
            programme=peer_programme,
            user=personas.oscar.user,
            role=role,
            answers={},
            goals="Grow.",
            capacity=2,
        )
    assert "as a peer" in " ".join(refused.value.errors["role"])


def test_other_programmes_refuse_peers(personas: Personas) -> None:
    with pytest.raises(ProgrammeError) as refused:
        services.enrolment_apply(
            programme=personas.other_programme,
            user=personas.oscar.user,
            role="peer",
            answers={},
            goals="Grow.",
            offers="Research.",
        )
    assert "role" in refused.value.errors


def test_invitations_to_a_peer_programme_are_as_a_peer(
    personas: Personas, peer_programme: Programme
) -> None:
    with pytest.raises(ProgrammeError):
        services.invitation_send(
            programme=peer_programme,
            email="new@example.org",
            role="mentor",
            invited_by=personas.carol,
        )
    invitation, _ = services.invitation_send(
        programme=peer_programme, email="new@example.org", role="peer", invited_by=personas.carol
    )
    assert invitation.role == "peer"
    page = personas.client_for("carol").get(
        reverse("programmes:invite", args=[peer_programme.slug])
    )
    assert b'value="mentor"' not in page.content


def test_a_programme_with_applicants_keeps_its_kind_of_pool(personas: Personas) -> None:
    programme = personas.programme
    with pytest.raises(ProgrammeError) as refused:
        services.programme_update(programme=programme, kind=Programme.Kind.PEER)
    assert "peer programme" in refused.value.message
    # Reverse and one-to-one mentoring share their roles.
    services.programme_update(programme=programme, kind=Programme.Kind.REVERSE)


def test_a_new_programme_starts_with_guidelines_for_its_kind(personas: Personas) -> None:
    from tandem.programmes.defaults import GUIDELINES_ROLES

    reverse_kind = services.programme_create(
        created_by=personas.carol,
        name="Reverse",
        purpose="Learn from newer colleagues.",
        kind=Programme.Kind.REVERSE,
        starts_on="2026-01-01",
        guidelines_roles=GUIDELINES_ROLES,  # as the form offers it before a kind is chosen
    )
    assert "junior colleague" in reverse_kind.guidelines_roles
    assert "junior colleagues mentor senior ones" in role_labels(reverse_kind).about
    page = personas.client_for("carol").get(reverse("programmes:detail", args=[reverse_kind.slug]))
    assert "reverse mentoring programme" in page.content.decode()
    peer = services.programme_create(
        created_by=personas.carol,
        name="Peers",
        purpose="Learn from each other.",
        kind=Programme.Kind.PEER,
        starts_on="2026-01-01",
        guidelines_roles="Our own words.",
    )
    assert peer.guidelines_roles == "Our own words."
    assert "as equals" in peer.guidelines_what_mentoring_is


def test_a_reverse_programme_explains_itself_on_its_apply_and_pair_pages(
    personas: Personas,
) -> None:
    from tandem.mentorships import services as pairs

    programme = personas.programme
    services.programme_update(programme=programme, kind=Programme.Kind.REVERSE)
    alice = personas.client_for("oscar")
    apply_page = alice.get(reverse("programmes:apply", args=[programme.slug])).content.decode()
    assert "junior colleagues mentor senior ones" in apply_page
    mentorship = pairs.mentorship_create(
        programme=programme, mentee=personas.alice, mentor=personas.bob
    )
    overview = personas.client_for("alice").get(
        reverse("mentorships:overview", args=[mentorship.pk])
    )
    assert "Reverse mentoring: the mentor is the junior colleague" in overview.content.decode()
