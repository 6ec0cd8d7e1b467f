from tandem.people.selectors import MENTOR_ROLE, TAKING_PART
from tandem.programmes.models import Enrolment


def test_the_directory_counts_as_participants_everyone_not_declined_or_withdrawn():
    # people cannot import programmes, so it names the statuses itself; this keeps them true.
    ended = {Enrolment.Status.DECLINED, Enrolment.Status.WITHDRAWN}

    assert set(TAKING_PART) == set(Enrolment.Status) - ended


def test_people_names_the_mentor_role_as_programmes_does():
    assert Enrolment.Role.MENTOR == MENTOR_ROLE
