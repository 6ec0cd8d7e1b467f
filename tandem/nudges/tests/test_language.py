"""A nudge is written in its reader's language, and its dates in their time zone, whatever
language the job runs in."""

from __future__ import annotations

import pytest
from django.utils import translation

from tandem.core.testing.languages import speaks, translated
from tandem.notifications.models import Notification
from tandem.nudges.services import quiet_pairs_nudge
from tandem.people.models import Person

from .conftest import switch

pytestmark = pytest.mark.django_db

REMINDER = (
    "Your last meeting was %(span)s ago, and you planned to meet %(cadence)s. "
    "Schedule the next one."
)
WEEKS = ("%(count)d week", "%(count)d weeks")
QUIET = {
    "fr": {
        "Time to meet %(partner)s": "Il est temps de rencontrer %(partner)s",
        REMINDER: "Votre dernière rencontre date d'il y a %(span)s, et vous aviez prévu de vous "
        "voir %(cadence)s. Planifiez la prochaine.",
        WEEKS: ("%(count)d semaine", "%(count)d semaines"),
        "Fortnightly": "Toutes les deux semaines",
    },
    "de": {
        "Time to meet %(partner)s": "Zeit für ein Treffen mit %(partner)s",
        REMINDER: "Ihr letztes Treffen war vor %(span)s, und Sie wollten sich %(cadence)s "
        "treffen. Planen Sie das nächste.",
        WEEKS: ("%(count)d Woche", "%(count)d Wochen"),
        "Fortnightly": "Vierzehntäglich",
    },
}
CLOSES = "Your mentorship with %(partner)s closes on %(day)s unless you meet"
WARNING = {
    "fr": {
        CLOSES: "Votre mentorat avec %(partner)s se termine le %(day)s si vous ne vous "
        "rencontrez pas"
    },
}


def _notice(person: Person, kind: str) -> tuple[str, str]:
    notice = Notification.objects.get(recipient=person.user, kind=kind)
    return notice.title, notice.body


def test_a_quiet_pair_is_reminded_each_in_their_own_language(pair, clock) -> None:
    speaks(pair.mentee, "fr")
    speaks(pair.mentor, "de")

    # The job runs with Spanish active; neither member reads Spanish.
    with translated(QUIET), translation.override("es"):
        assert quiet_pairs_nudge(now=clock(days=21)) == 2

    assert _notice(pair.mentee, "nudge.quiet") == (
        f"Il est temps de rencontrer {pair.mentor.name}",
        "Votre dernière rencontre date d'il y a 3 semaines, et vous aviez prévu de vous voir "
        "toutes les deux semaines. Planifiez la prochaine.",
    )
    assert _notice(pair.mentor, "nudge.quiet") == (
        f"Zeit für ein Treffen mit {pair.mentee.name}",
        "Ihr letztes Treffen war vor 3 Wochen, und Sie wollten sich vierzehntäglich treffen. "
        "Planen Sie das nächste.",
    )


def test_the_warned_closing_day_is_the_readers_day_in_their_language(pair, clock) -> None:
    switch(pair.programme, auto_close=True)
    speaks(pair.mentee, "fr")
    Person.objects.filter(pk=pair.mentee.pk).update(timezone="Europe/Paris")
    Person.objects.filter(pk=pair.mentor.pk).update(timezone="America/New_York")

    # Warned at 23:00 UTC on 24 May: the pair closes a week later, 1 June in Paris but still
    # 31 May in New York.
    with translated(WARNING):
        quiet_pairs_nudge(now=clock(days=83, hours=14))

    assert _notice(pair.mentee, "nudge.auto_close")[0] == (
        f"Votre mentorat avec {pair.mentor.name} se termine le 1 juin si vous ne vous "
        "rencontrez pas"
    )
    assert _notice(pair.mentor, "nudge.auto_close")[0] == (
        f"Your mentorship with {pair.mentee.name} closes on 31 May unless you meet"
    )
