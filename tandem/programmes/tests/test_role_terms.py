"""A programme calls its roles what it likes ("buddy" and "new starter"), on its pages and in
its emails."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.tests.conftest import make_active
from tandem.notifications.programme_emails import decision_values
from tandem.programmes.forms import role_choices
from tandem.programmes.models import Programme
from tandem.programmes.roles import plural, role_labels

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
