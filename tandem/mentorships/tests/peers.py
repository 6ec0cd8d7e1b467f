"""A peer programme with one pair of peers, for the tests of peer pairs' pages.

The two peers are named so that neither name holds a role word: a page that says "mentor"
or "mentee" about them is the page's own wording.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from tandem.accounts.tests.factories import UserFactory
from tandem.conftest import Personas
from tandem.mentorships import services
from tandem.mentorships.models import Mentorship
from tandem.people.models import Person
from tandem.people.tests.factories import PersonFactory
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.tests.factories import EnrolmentFactory, ProgrammeFactory


@dataclass
class PeerPair:
    programme: Programme
    priya: Person
    tom: Person
    mentorship: Mentorship


def peer_programme(personas: Personas, name: str = "Peer Circle") -> Programme:
    return ProgrammeFactory(name=name, kind=Programme.Kind.PEER, coordinators=[personas.carol])


def enrol_peer(programme: Programme, person: Person) -> Enrolment:
    enrolment = EnrolmentFactory(
        programme=programme,
        person=person,
        role=Enrolment.Role.PEER,
        capacity=1,
        goals="Get better at negotiating budgets",
        offers="Ten years of running customer research",
    )
    return cast(Enrolment, enrolment)


def build_peer_pair(personas: Personas) -> PeerPair:
    programme = peer_programme(personas)
    priya = PersonFactory(user=UserFactory(email="priya@example.org", name="Priya Shah"))
    tom = PersonFactory(user=UserFactory(email="tom@example.org", name="Tom Berg"))
    for person in (priya, tom):
        enrol_peer(programme, person)
    mentorship = services.mentorship_create(
        programme=programme, mentee=priya, mentor=tom, created_by=personas.carol
    )
    return PeerPair(programme, priya, tom, mentorship)
