"""A person's enrolment steps: the table for every status and role, and the home page."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.conftest import Personas
from tandem.programmes.models import Enrolment
from tandem.programmes.next_steps import ENROLMENT_STEPS

Status, Role = Enrolment.Status, Enrolment.Role


def test_the_table_covers_every_status_and_role():
    assert set(ENROLMENT_STEPS) == {(status, role) for status in Status for role in Role}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(
    ("status", "titles"),
    [
        (Status.APPLIED, ["Application to Leaders of Tomorrow under review"]),
        # What follows approval is matching's step.
        (Status.APPROVED, ["Await a match in Leaders of Tomorrow"]),
        # Someone out of every programme is invited to apply to an open one.
        (Status.DECLINED, ["Apply to a programme"]),
        (Status.WITHDRAWN, ["Apply to a programme"]),
    ],
)
def test_each_status_and_role_is_told_what_comes_next(personas: Personas, status, role, titles):
    personas.alice.profile_completed_at = timezone.now()
    personas.alice.save()
    Enrolment.objects.filter(pk=personas.alice_enrolment.pk).update(status=status, role=role)

    response = personas.client_for("alice").get(reverse("home"))

    assert [step.title for step in response.context["steps"]] == titles
