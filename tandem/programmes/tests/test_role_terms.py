"""A programme calls its roles what it likes ("buddy" and "new starter"), on its pages and in
its emails."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.tests.conftest import make_active
from tandem.notifications.programme_emails import decision_values
from tandem.programmes.forms import role_choices
from tandem.programmes.models import Invitation, Programme
from tandem.programmes.roles import plural, role_labels
from tandem.programmes.tests.wording import main_text, role_words, write_catalogue

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("buddy", ("buddy", "buddies")),
        ("coach", ("coach", "coaches")),
        ("new starter", ("new starter", "new starters")),
        ("day", ("day", "days")),
        ("person/people", ("person", "people")),
    ],
)
def test_a_role_name_gets_its_plural(term: str, expected: tuple[str, str]) -> None:
    assert plural(term) == expected


def _rename(personas: Personas) -> Programme:
    Programme.objects.filter(pk=personas.programme.pk).update(
        mentor_term="Buddy/buddies", mentee_term="new starter"
    )
    return Programme.objects.get(pk=personas.programme.pk)


def test_the_words_follow_the_programme(personas: Personas) -> None:
    labels = role_labels(_rename(personas))
    assert (labels.mentor, labels.mentors, labels.mentee, labels.mentees) == (
        "buddy",
        "buddies",
        "new starter",
        "new starters",
    )
    assert labels.charter_outcomes_help == "What the new starter wants to achieve by the end."
    assert labels.maturity("initiation").endswith("the new starter relies on the buddy.")
    assert labels.named("mentee", "Alice") == "Alice (new starter)"


def test_the_pair_page_the_application_and_the_decision_email_use_them(
    personas: Personas,
) -> None:
    programme = _rename(personas)
    pair = make_active(
        services.mentorship_create(programme=programme, mentee=personas.alice, mentor=personas.bob)
    )
    page = personas.client_for("alice").get(reverse("mentorships:overview", args=[pair.pk]))
    assert "Your buddy: Bob Mentor" in page.content.decode()
    assert role_choices(programme) == [("mentor", "Buddy"), ("mentee", "New starter")]
    personas.alice_enrolment.refresh_from_db()
    values = decision_values(personas.alice_enrolment, person_name="Alice")
    assert (values["role"], values["matched_with"]) == ("new starter", "a buddy")


def test_a_peer_programme_keeps_its_own_words(personas: Personas) -> None:
    Programme.objects.filter(pk=personas.programme.pk).update(
        kind=Programme.Kind.PEER, mentor_term="buddy"
    )
    labels = role_labels(Programme.objects.get(pk=personas.programme.pk))
    assert labels.mentor == "peer"


def test_the_settings_page_refuses_a_name_that_is_not_words(personas: Personas) -> None:
    from tandem.core.testing.forms import form_values

    client = personas.client_for("carol")
    url = reverse("programmes:edit", args=[personas.programme.slug])
    data = dict(form_values(client.get(url).content.decode(), "name"))
    data["mentor_term"] = "<b>buddy</b>"
    page = client.post(url, data).content.decode()
    assert "Use a word or two" in page
    assert Programme.objects.get(pk=personas.programme.pk).mentor_term == ""


def _coach(personas: Personas) -> Programme:
    Programme.objects.filter(pk=personas.programme.pk).update(
        mentor_term="Coach", mentee_term="coachee"
    )
    return Programme.objects.get(pk=personas.programme.pk)


def test_the_coordinators_pages_of_a_renamed_programme_use_its_words(
    personas: Personas,
) -> None:
    programme = _coach(personas)
    Invitation.objects.create(programme=programme, email="new@example.org", role="mentor")
    client = personas.client_for("carol")
    slug = programme.slug
    pages = {
        name: main_text(client.get(url).content.decode())
        for name, url in {
            "programme": reverse("programmes:detail", args=[slug]),
            "applications": reverse("programmes:enrolments", args=[slug]),
            "coach": reverse("programmes:enrolment", args=[slug, personas.bob_enrolment.pk]),
            "coachee": reverse("programmes:enrolment", args=[slug, personas.alice_enrolment.pk]),
            "invitations": reverse("programmes:invite", args=[slug]),
        }.items()
    }
    names = [personas.alice.name, personas.bob.name]
    for name, text in pages.items():
        assert role_words(text, data=names) == [], name
    assert "Approved coaches 1 Approved coachees 1" in pages["programme"]
    assert f"{personas.bob.job_title} Coach" in pages["applications"]
    assert "2 coachees" in pages["applications"]
    assert "Any role Coach Coachee" in pages["applications"]
    assert "Applied as Coach" in pages["coach"]
    assert "Capacity 2 coachees" in pages["coach"]
    assert "Applied as Coachee" in pages["coachee"]
    assert "new@example.org Coach" in pages["invitations"]


def test_the_usual_words_are_translated_and_a_programmes_own_are_not(
    personas: Personas, tmp_path: Path
) -> None:
    write_catalogue(
        tmp_path,
        "fr",
        {
            "role\x04mentor": "mentor·fr",
            "role\x04mentors": "mentors·fr",
            "role\x04mentee": "mentoré",
            "role\x04mentees": "mentorés",
            "What the mentee wants to achieve by the end.": "Ce que le mentoré veut atteindre.",
            "What the %(mentee)s wants to achieve by the end.": "Ce que %(mentee)s veut atteindre.",
        },
    )
    with override_settings(LOCALE_PATHS=[tmp_path]), translation.override("fr"):
        usual = role_labels(personas.programme)
        own = role_labels(_coach(personas))
    assert (usual.mentor, usual.mentees) == ("mentor·fr", "mentorés")
    assert usual.charter_outcomes_help == "Ce que le mentoré veut atteindre."
    assert (own.mentor, own.mentees) == ("coach", "coachees")
    assert own.charter_outcomes_help == "Ce que coachee veut atteindre."
    # Each language keeps its own words.
    assert role_labels(personas.programme).mentor == "mentor"


def test_the_application_form_of_a_renamed_programme_uses_its_words(personas: Personas) -> None:
    programme = _coach(personas)
    page = personas.client_for("oscar").get(reverse("programmes:apply", args=[programme.slug]))
    text = main_text(page.content.decode())
    assert role_words(text) == []
    assert "How many coachees can you take at once? Coaches: from 1 to 20." in text


def test_a_programme_s_words_follow_the_language_and_an_edit_of_the_same_instance(
    personas: Personas,
) -> None:
    programme = Programme.objects.get(pk=personas.programme.pk)
    with translation.override("en-gb"):
        assert programme.labels.mentee == "mentee"
    with translation.override("fr"):
        assert programme.labels.mentee == "mentoré"
    programme.mentor_term = "coach"
    with translation.override("en-gb"):
        assert (programme.labels.mentor, programme.labels.mentors) == ("coach", "coaches")
