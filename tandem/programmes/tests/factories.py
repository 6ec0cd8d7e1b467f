import datetime

import factory
from factory.django import DjangoModelFactory

from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment, Invitation, Programme
from tandem.programmes.services import questionnaire_install_defaults


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

    @factory.post_generation
    def questionnaire(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        """Every programme has the core and structured questions, as programme_create gives."""
        if create and extracted is not False:
            questionnaire_install_defaults(programme=self)


class EnrolmentFactory(DjangoModelFactory[Enrolment]):
    class Meta:
        model = Enrolment

    programme = factory.SubFactory(ProgrammeFactory)
    person = factory.SubFactory(PersonFactory)
    role = Enrolment.Role.MENTEE
    status = Enrolment.Status.APPROVED
    goals = "Learn to lead a team and plan budgets."
    capacity = factory.LazyAttribute(lambda e: 2 if e.role == Enrolment.Role.MENTOR else 0)


class InvitationFactory(DjangoModelFactory[Invitation]):
    class Meta:
        model = Invitation

    programme = factory.SubFactory(ProgrammeFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Enrolment.Role.MENTEE


def valid_answers() -> dict[str, str | list[str]]:
    """Answers to the default questionnaire, as the API takes them."""
    return {
        "define_mentoring": "A trusted colleague helping me think things through.",
        "want_from_it": "Confidence leading a team.",
        "expect_from_other": "Honest feedback and regular time.",
        "frequency": "monthly",
        "format": "video",
        "style": "4",
        "focus_areas": ["leadership", "career"],
    }


def valid_answers_form() -> dict[str, str | list[str]]:
    """The same answers as the apply form posts them."""
    return {f"q_{key}": value for key, value in valid_answers().items()}
