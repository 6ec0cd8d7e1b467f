import datetime

import factory
from factory.django import DjangoModelFactory

from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment, Programme


class ProgrammeFactory(DjangoModelFactory[Programme]):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programme {n}")
    purpose = "Grow the next generation of leaders."
    status = Programme.Status.OPEN
    starts_on = factory.LazyFunction(lambda: datetime.date(2026, 1, 15))

    @factory.post_generation
    def coordinators(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.coordinators.set(extracted)


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    class Meta:
        model = Enrolment

    programme = factory.SubFactory(ProgrammeFactory)
    person = factory.SubFactory(PersonFactory)
    role = Enrolment.Role.MENTEE
    status = Enrolment.Status.APPROVED
    goals = "Learn to lead a team and plan budgets."
    capacity = factory.LazyAttribute(lambda e: 2 if e.role == Enrolment.Role.MENTOR else 0)
