from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tandem.mentorships.models import (
    ActionItem,
    CharterVersion,
    CheckIn,
    Goal,
    Meeting,
    Mentorship,
)
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment
from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory


class MentorshipFactory(DjangoModelFactory[Mentorship]):
    """A mentorship straight in the database; rules are exercised through the services."""

    class Meta:
        model = Mentorship
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    mentee = factory.SubFactory(PersonFactory)
    mentor = factory.SubFactory(PersonFactory)
    state = Mentorship.State.ACTIVE
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))

    @factory.post_generation
    def enrol(self, create: bool, extracted: bool | None, **kwargs: object) -> None:
        if not create or extracted is False:
            return
        for person, role in (
            (self.mentee, Enrolment.Role.MENTEE),
            (self.mentor, Enrolment.Role.MENTOR),
        ):
            if not Enrolment.objects.filter(programme=self.programme, person=person).exists():
                EnrolmentFactory(programme=self.programme, person=person, role=role)


class CharterFactory(DjangoModelFactory[CharterVersion]):
    class Meta:
        model = CharterVersion

    mentorship = factory.SubFactory(MentorshipFactory)
    number = factory.Sequence(lambda n: n + 1)
    desired_outcomes = "Lead a team of five with confidence."
    confidentiality = "Nothing leaves the pair without both agreeing."
    cadence = "fortnightly"
    meeting_format = "in_person"


class GoalFactory(DjangoModelFactory[Goal]):
    class Meta:
        model = Goal

    mentorship = factory.SubFactory(MentorshipFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    success_criterion = "Measured by the team survey."


class MeetingFactory(DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    mentorship = factory.SubFactory(MentorshipFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=2))
    status = Meeting.Status.HELD


class CheckInFactory(DjangoModelFactory[CheckIn]):
    class Meta:
        model = CheckIn

    mentorship = factory.SubFactory(MentorshipFactory)
    author = factory.LazyAttribute(lambda c: c.mentorship.mentee)
    engagement = 4
    flexibility = 4
    authenticity = 4
    reciprocity = 4


class ActionItemFactory(DjangoModelFactory[ActionItem]):
    class Meta:
        model = ActionItem

    mentorship = factory.SubFactory(MentorshipFactory)
    owner = factory.LazyAttribute(lambda a: a.mentorship.mentee)
    text = factory.Sequence(lambda n: f"Action {n}")
