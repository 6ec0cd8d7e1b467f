"""A closed pair's content is removed after its programme's retention period; reports stay."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tandem.conftest import Personas
from tandem.core.scheduler import periodic_jobs
from tandem.core.testing.forms import form_values
from tandem.mentorships import services
from tandem.mentorships.models import CheckIn, Goal, JournalEntry, Meeting, Mentorship
from tandem.mentorships.tests.conftest import build_world, make_active
from tandem.reports.selectors import programme_report

pytestmark = pytest.mark.django_db

WORLD = "KEPT-4471"
REASON = "REASON-9902"


@pytest.fixture
def closed(personas: Personas) -> Mentorship:
    """alice and bob's pair, full of what they wrote, closed today; kept for 90 days."""
    personas.programme.content_retention_days = 90
    personas.programme.save()
    mentorship = make_active(
        services.mentorship_create(
            programme=personas.programme, mentee=personas.alice, mentor=personas.bob
        )
    )
    build_world(personas, mentorship, marker=WORLD)
    return services.mentorship_exit_early(mentorship=mentorship, by=personas.alice, reason=REASON)


def stored() -> str:
    out = StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def counted(personas: Personas) -> tuple[object, ...]:
    report = programme_report(personas.programme, today=timezone.localdate())
    return (
        report.meetings_by_month,
        report.check_in_by_month,
        report.state_counts,
        report.outcome_counts,
    )


def test_after_the_period_what_the_pair_wrote_is_gone_and_the_reports_are_unchanged(
    personas: Personas, closed: Mentorship
) -> None:
    before = counted(personas)
    assert WORLD in stored()

    purged = services.mentorships_purge_expired(now=timezone.now() + timedelta(days=91))

    assert purged == 1
    everything = stored()
    assert WORLD not in everything
    assert REASON not in everything
    assert counted(personas) == before
    assert Meeting.objects.filter(mentorship=closed, status="held").count() == 1
    (check_in,) = CheckIn.objects.filter(mentorship=closed)
    assert (check_in.engagement, check_in.comment) == (4, "")
    closed.refresh_from_db()
    assert closed.content_purged_at is not None
    assert closed.outcome == Mentorship.Outcome.ENDED_EARLY


def test_nothing_is_removed_before_the_period_ends_or_without_one(
    personas: Personas, closed: Mentorship
) -> None:
    assert services.mentorships_purge_expired(now=timezone.now() + timedelta(days=89)) == 0
    personas.programme.content_retention_days = None
    personas.programme.save()
    assert services.mentorships_purge_expired(now=timezone.now() + timedelta(days=900)) == 0

    assert Goal.objects.filter(mentorship=closed).exists()
    assert JournalEntry.objects.filter(mentorship=closed).exists()


def test_an_open_pair_keeps_everything_whatever_the_period(personas: Personas) -> None:
    personas.programme.content_retention_days = 30
    personas.programme.save()
    pair = personas.other_pair
    services.goal_create(
        mentorship=pair, by=pair.mentee, title="Still going", success_criterion="done"
    )

    assert services.mentorships_purge_expired(now=timezone.now() + timedelta(days=900)) == 0
    assert Goal.objects.filter(mentorship=pair).exists()


def test_a_second_run_removes_nothing_more_and_the_daily_job_runs_it(
    personas: Personas, closed: Mentorship
) -> None:
    later = timezone.now() + timedelta(days=91)
    assert services.mentorships_purge_expired(now=later) == 1
    assert services.mentorships_purge_expired(now=later) == 0
    assert services.mentorships_purge_content([closed.pk], now=later) == 0

    job = periodic_jobs()["purge-closed-pair-content"]
    assert job.every == timedelta(hours=24)


def test_the_pair_is_told_what_was_removed_and_when(personas: Personas, closed: Mentorship) -> None:
    overview = reverse("mentorships:overview", args=[closed.pk])
    kept = personas.client_for("alice").get(overview).content.decode()
    assert "for 90 days after closing" in kept

    services.mentorships_purge_expired(now=timezone.now() + timedelta(days=91))

    page = personas.client_for("alice").get(overview).content.decode()
    assert "What you wrote together was removed on" in page


def test_a_retention_period_under_thirty_days_is_refused(personas: Personas) -> None:
    edit = reverse("programmes:edit", args=[personas.programme.slug])
    client = personas.client_for("carol")
    sent = dict(form_values(client.get(edit).content.decode(), "content_retention_days"))
    sent["content_retention_days"] = "7"

    response = client.post(edit, sent)

    assert "greater than or equal to 30" in response.content.decode()
    personas.programme.refresh_from_db()
    assert personas.programme.content_retention_days is None
