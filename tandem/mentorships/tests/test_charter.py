from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import CharterVersion, Mentorship
from tandem.mentorships.services import MentorshipError

from .conftest import CHARTER


@pytest.fixture
def agreeing(personas: Personas, proposed: Mentorship) -> Mentorship:
    services.mentorship_start_agreeing(mentorship=proposed, by=personas.alice)
    return proposed


def test_charter_cannot_be_written_before_agreeing(
    personas: Personas, proposed: Mentorship
) -> None:
    with pytest.raises(MentorshipError, match="edit the charter"):
        services.charter_edit(mentorship=proposed, by=personas.alice, **CHARTER)


def test_unsigned_charter_is_edited_in_place(personas: Personas, agreeing: Mentorship) -> None:
    services.charter_edit(mentorship=agreeing, by=personas.alice, **CHARTER)
    services.charter_edit(
        mentorship=agreeing, by=personas.bob, **{**CHARTER, "location": "The park café"}
    )
    version = CharterVersion.objects.get()
    assert version.number == 1
    assert version.location == "The park café"
    assert version.written_by == personas.bob


def test_charter_needs_outcomes_and_confidentiality(
    personas: Personas, agreeing: Mentorship
) -> None:
    with pytest.raises(MentorshipError) as info:
        services.charter_edit(
            mentorship=agreeing, by=personas.alice, **{**CHARTER, "confidentiality": " "}
        )
    assert info.value.field == "confidentiality"
    assert not CharterVersion.objects.exists()


def test_third_party_cannot_sign(personas: Personas, agreeing: Mentorship) -> None:
    version = services.charter_edit(mentorship=agreeing, by=personas.alice, **CHARTER)
    for outsider in (personas.oscar, personas.erin):
        with pytest.raises(MentorshipError, match="Only the mentee and the mentor sign"):
            services.charter_sign(mentorship=agreeing, by=outsider, version=version)
    version.refresh_from_db()
    assert not version.has_signature


def test_signing_twice_is_refused(personas: Personas, agreeing: Mentorship) -> None:
    version = services.charter_edit(mentorship=agreeing, by=personas.alice, **CHARTER)
    services.charter_sign(mentorship=agreeing, by=personas.alice, version=version)
    with pytest.raises(MentorshipError, match="already signed"):
        services.charter_sign(mentorship=agreeing, by=personas.alice, version=version)


def test_signatures_are_timestamped(personas: Personas, agreeing: Mentorship) -> None:
    version = services.charter_edit(mentorship=agreeing, by=personas.alice, **CHARTER)
    services.charter_sign(mentorship=agreeing, by=personas.bob, version=version)
    version.refresh_from_db()
    assert version.mentor_signed_at is not None
    assert version.mentee_signed_at is None


def test_editing_a_signed_charter_creates_a_new_version_to_resign(
    personas: Personas, active: Mentorship
) -> None:
    first = CharterVersion.objects.get()
    assert first.is_fully_signed
    second = services.charter_edit(
        mentorship=active, by=personas.bob, **{**CHARTER, "cadence": "monthly"}
    )
    first.refresh_from_db()
    assert second.number == 2
    assert not second.has_signature
    assert first.cadence == "fortnightly"
    assert first.is_fully_signed
    assert active.current_charter() == second
    active.refresh_from_db()
    assert active.state == Mentorship.State.ACTIVE


def test_signing_a_replaced_version_is_refused(personas: Personas, active: Mentorship) -> None:
    first = CharterVersion.objects.get()
    services.charter_edit(mentorship=active, by=personas.bob, **{**CHARTER, "cadence": "weekly"})
    first.mentee_signed_at = None
    first.save()
    with pytest.raises(MentorshipError, match="replaced"):
        services.charter_sign(mentorship=active, by=personas.alice, version=first)


def test_partly_signed_charter_edit_creates_new_version(
    personas: Personas, agreeing: Mentorship
) -> None:
    version = services.charter_edit(mentorship=agreeing, by=personas.alice, **CHARTER)
    services.charter_sign(mentorship=agreeing, by=personas.alice, version=version)
    second = services.charter_edit(
        mentorship=agreeing, by=personas.bob, **{**CHARTER, "roles": "Bob brings questions."}
    )
    assert second.number == 2
    assert not second.has_signature


def test_unchanged_edit_of_signed_charter_is_refused(
    personas: Personas, active: Mentorship
) -> None:
    with pytest.raises(MentorshipError, match="Nothing changed"):
        services.charter_edit(mentorship=active, by=personas.alice, **CHARTER)
    assert CharterVersion.objects.count() == 1


def test_closing_mentorship_charter_is_frozen(personas: Personas, active: Mentorship) -> None:
    services.closure_propose(mentorship=active, by=personas.alice)
    with pytest.raises(MentorshipError, match="edit the charter"):
        services.charter_edit(mentorship=active, by=personas.alice, **{**CHARTER, "roles": "x"})


def test_saving_the_signed_charter_unchanged_goes_back_to_it_with_a_note(
    personas: Personas, active: Mentorship
) -> None:
    client = personas.client_for("alice")
    url = reverse("mentorships:charter_edit", args=[active.pk])

    response = client.post(url, CHARTER, follow=True)

    assert response.redirect_chain == [(reverse("mentorships:charter", args=[active.pk]), 302)]
    assert "Nothing changed: the signed charter still stands." in response.content.decode()
    assert CharterVersion.objects.count() == 1


def test_charter_edit_page_of_a_closing_pair_shows_the_charter_instead_of_a_form(
    personas: Personas, active: Mentorship
) -> None:
    services.closure_propose(mentorship=active, by=personas.alice)
    client = personas.client_for("alice")

    response = client.get(reverse("mentorships:charter_edit", args=[active.pk]), follow=True)

    assert response.redirect_chain == [(reverse("mentorships:charter", args=[active.pk]), 302)]
    assert "The charter cannot be changed at this stage." in response.content.decode()
