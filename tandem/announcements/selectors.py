"""Who an announcement is for, and which announcements a person sees.

The audience is worked out when it is read, not stored: a mentee who joins after a post to
"everyone" sees it too, and a pair that leaves the state an announcement names no longer does.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from tandem.accounts.access import AnyUser
from tandem.announcements.models import Announcement
from tandem.mentorships.models import Mentorship
from tandem.mentorships.selectors import pair_states_of
from tandem.people.access import person_of
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.selectors import enrolments_of

Audience = Announcement.Audience
# An announcement without a date of its own stays on the home page this long.
SHOWN_FOR = timedelta(days=14)
ON_HOME = 5
# The audience that names an approved participant by their role.
AUDIENCE_OF_ROLE: dict[str, str] = {
    Enrolment.Role.MENTOR: Audience.MENTORS,
    Enrolment.Role.MENTEE: Audience.MENTEES,
}


def audience_people(
    *, programme: Programme, audience: str, pair_state: str = ""
) -> QuerySet[Person]:
    """Everyone an announcement to `audience` in `programme` reaches."""
    if audience == Audience.PAIRS:
        pairs = Mentorship.objects.filter(programme=programme, state=pair_state)
        return Person.objects.filter(
            Q(pk__in=pairs.values("mentee_id")) | Q(pk__in=pairs.values("mentor_id"))
        )
    enrolled = Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
    if audience == Audience.MENTORS:
        enrolled = enrolled.filter(role=Enrolment.Role.MENTOR)
    elif audience == Audience.MENTEES:
        enrolled = enrolled.filter(role=Enrolment.Role.MENTEE)
    elif audience != Audience.EVERYONE:
        return Person.objects.none()
    return Person.objects.filter(pk__in=enrolled.values("person_id"))


def announcement_recipients(announcement: Announcement) -> QuerySet[Person]:
    """The people an announcement is emailed and notified to: its audience with an account."""
    return audience_people(
        programme=announcement.programme,
        audience=announcement.audience,
        pair_state=announcement.pair_state,
    ).filter(user__isnull=False, user__is_active=True)


def announcements_for_person(person: Person) -> QuerySet[Announcement]:
    """Every announcement not withdrawn whose audience includes `person`.

    The person's approved enrolments and their pairs' states are read first (two small
    queries), so the announcements are then matched on their own columns: the home page asks
    this on every visit, and four correlated subqueries cost it more to build than to run."""
    programmes: defaultdict[str, set[int]] = defaultdict(set)
    approved = (e for e in enrolments_of(person) if e.status == Enrolment.Status.APPROVED)
    for programme_id, role in ((e.programme_id, e.role) for e in approved):
        programmes[Audience.EVERYONE].add(programme_id)
        if audience := AUDIENCE_OF_ROLE.get(role):
            programmes[audience].add(programme_id)
    reaches = Q()
    for audience, ids in programmes.items():
        reaches |= Q(audience=audience, programme_id__in=sorted(ids))
    pairs = {(pair.programme_id, pair.state) for pair in pair_states_of(person)}
    for programme_id, state in sorted(pairs):
        reaches |= Q(audience=Audience.PAIRS, programme_id=programme_id, pair_state=state)
    if not reaches:
        return Announcement.objects.none()
    return Announcement.objects.filter(reaches, withdrawn_at__isnull=True)


def announcements_current(person: Person, *, today: date | None = None) -> list[Announcement]:
    """What the home page shows `person`: their announcements still in their showing time."""
    today = today or timezone.localdate()
    recent = timezone.now() - SHOWN_FOR
    current = announcements_for_person(person).filter(
        Q(show_until__gte=today) | Q(show_until__isnull=True, created_at__gte=recent)
    )
    # Only what the home page's panel shows, which it asks on every visit.
    shown = current.select_related("programme").only(
        "title", "created_at", "programme", "programme__name"
    )
    return list(shown[:ON_HOME])


def announcement_for_reader(user: AnyUser, pk: int) -> Announcement:
    """An announcement its audience may read; 404 for anyone else, a coordinator included,
    who reads it on the programme's announcements page."""
    person = person_of(user)
    found = (
        announcements_for_person(person).select_related("programme", "author").filter(pk=pk).first()
        if person is not None
        else None
    )
    if found is None:
        raise Http404("No such announcement.")
    return found


def announcements_of_programme(programme: Programme) -> QuerySet[Announcement]:
    return Announcement.objects.filter(programme=programme).select_related("author")


def announcement_of_programme(programme: Programme, pk: int) -> Announcement:
    found = announcements_of_programme(programme).filter(pk=pk).first()
    if found is None:
        raise Http404("No such announcement.")
    return found


def announcement_audience_count(
    *, programme: Programme, audience: str, pair_state: str = "", **_: object
) -> int:
    """How many people a draft would reach now: those of its audience who have an account."""
    people = audience_people(programme=programme, audience=audience, pair_state=pair_state)
    return people.filter(user__isnull=False, user__is_active=True).count()
