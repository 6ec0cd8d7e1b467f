from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse

from tandem.core.next_steps import NextStep
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme


def programmes_open_for(person: Person) -> QuerySet[Programme]:
    return Programme.objects.filter(
        status__in=[Programme.Status.OPEN, Programme.Status.RUNNING]
    ).exclude(enrolments__person=person)


def next_steps_for_person(person: Person) -> list[NextStep]:
    steps: list[NextStep] = []
    enrolments = list(
        person.enrolments.select_related("programme").exclude(
            status__in=[Enrolment.Status.DECLINED, Enrolment.Status.WITHDRAWN]
        )
    )
    for enrolment in enrolments:
        programme = enrolment.programme
        url = reverse("programmes:detail", args=[programme.slug])
        if enrolment.status == Enrolment.Status.APPLIED:
            steps.append(
                NextStep(
                    f"Application to {programme.name} under review",
                    f"You applied as a {enrolment.get_role_display().lower()}. "
                    "The coordinator will approve or decline it.",
                    url,
                    "View programme",
                )
            )
        elif enrolment.status == Enrolment.Status.APPROVED:
            steps.append(
                NextStep(
                    f"Await a match in {programme.name}",
                    "Your place is confirmed. You will be told as soon as you are matched.",
                    url,
                    "View programme",
                )
            )
    if not enrolments and programmes_open_for(person).exists():
        steps.append(
            NextStep(
                "Apply to a programme",
                "Choose a programme and apply as a mentor or a mentee.",
                reverse("programmes:list"),
                "See programmes",
            )
        )
    return steps
