from tandem.people.selectors import TAKING_PART
from tandem.programmes.models import Enrolment


def test_the_directory_counts_as_participants_everyone_not_declined_or_withdrawn():
    # people cannot import programmes, so it names the statuses itself; this keeps them true.
    ended = {Enrolment.Status.DECLINED, Enrolment.Status.WITHDRAWN}

    assert set(TAKING_PART) == set(Enrolment.Status) - ended
