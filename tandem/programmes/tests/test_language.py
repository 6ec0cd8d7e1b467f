"""A decision on an application is emailed in the applicant's language, the programme's role
words included, not in the language of the coordinator who decided."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.utils import translation

from tandem.conftest import Personas
from tandem.core.testing.languages import in_context, speaks, translated
from tandem.people.tests.factories import PersonFactory
from tandem.programmes import services
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

APPROVED = (
    "Hello {person_name},\n\n"
    "Your application to join {programme_name} as a {role} has been approved. "
    "Welcome aboard.\n\n"
    "Next, you will be matched with {matched_with}. "
    "We will let you know as soon as that happens.\n\n"
    "A note from the coordinator:\n{note}\n\n"
    "The programme: {link}"
)
DECISION = {
    "fr": {
        APPROVED: "Bonjour {person_name},\n\n"
        "Votre candidature pour rejoindre {programme_name} en tant que {role} a été acceptée. "
        "Bienvenue.\n\n"
        "Vous serez ensuite mis en relation avec {matched_with}. "
        "Nous vous préviendrons dès que ce sera fait.\n\n"
        "Un mot du coordinateur :\n{note}\n\n"
        "Le programme : {link}",
        "a %(mentor)s": "un %(mentor)s",
        in_context("role", "mentee"): "mentoré",
        in_context("role", "mentor"): "mentor",
    },
}


def test_an_approval_names_the_role_in_the_applicants_language(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    applicant = PersonFactory(name="Ana Applicant", user__email="ana@example.org")
    speaks(applicant, "fr")
    enrolment = EnrolmentFactory(
        programme=personas.programme,
        person=applicant,
        role=Enrolment.Role.MENTEE,
        status=Enrolment.Status.APPLIED,
    )

    # Carol decides from a page in German.
    with (
        translated(DECISION),
        translation.override("de"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.enrolment_decide(
            enrolment=enrolment, decision=Enrolment.Status.APPROVED, decided_by=personas.carol
        )

    (email,) = mail.outbox
    assert email.to == ["ana@example.org"]
    assert (
        f"Votre candidature pour rejoindre {personas.programme.name} en tant que mentoré a été "
        "acceptée. Bienvenue.\n\nVous serez ensuite mis en relation avec un mentor. "
    ) in email.body
