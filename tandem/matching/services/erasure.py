"""Forgetting a person: their waiting requests end, and rules about them go."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from tandem.core.personal_data import ErasureSubject
from tandem.matching.models import MentorRequest, PairRule


def matching_erase_person(subject: ErasureSubject) -> None:
    person = subject.person
    MentorRequest.objects.filter(
        Q(mentee=person) | Q(mentor=person), status=MentorRequest.Status.PENDING
    ).update(status=MentorRequest.Status.WITHDRAWN, responded_at=timezone.now())
    PairRule.objects.filter(Q(mentee=person) | Q(mentor=person)).delete()
