"""What a member of a mentorship should do next, for the home page."""

from __future__ import annotations

from django.urls import reverse

from tandem.core.next_steps import NextStep
from tandem.mentorships.models import Mentorship
from tandem.people.models import Person


def next_steps_for_member(person: Person) -> list[NextStep]:
    steps: list[NextStep] = []
    mentorships = (
        Mentorship.objects.open()
        .for_person(person)
        .select_related("mentee", "mentor", "programme")
        .prefetch_related("charter_versions")
    )
    for mentorship in mentorships:
        partner = mentorship.partner_of(person)
        overview = reverse("mentorships:overview", args=[mentorship.pk])
        if mentorship.state == Mentorship.State.PROPOSED:
            steps.append(
                NextStep(
                    f"Get to know {partner.name}",
                    "Compare your answers to the expectation questions side by side, then "
                    "start writing your charter together.",
                    reverse("mentorships:expectations", args=[mentorship.pk]),
                    "Compare expectations",
                )
            )
        elif mentorship.state == Mentorship.State.AGREEING:
            current = mentorship.current_charter()
            if current is None or current.signed_at_by(person) is None:
                steps.append(
                    NextStep(
                        f"Agree your charter with {partner.name}",
                        "Desired outcomes, cadence, confidentiality and roles: write them "
                        "together, then both sign.",
                        reverse("mentorships:charter", args=[mentorship.pk]),
                        "Open the charter",
                    )
                )
        elif mentorship.state == Mentorship.State.CLOSING:
            steps.append(
                NextStep(
                    f"Close your mentorship with {partner.name} well",
                    "Write your closure reflection and answer the outcomes survey.",
                    reverse("mentorships:closure", args=[mentorship.pk]),
                    "Reflect and close",
                )
            )
        else:
            steps.append(
                NextStep(
                    f"Your mentorship with {partner.name}",
                    "Your next meeting, open actions, goals and how the relationship is doing.",
                    overview,
                    "Open",
                )
            )
    return steps
