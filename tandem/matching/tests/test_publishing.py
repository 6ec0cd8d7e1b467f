"""Publishing a match run: the confirmation, the background task, all-or-nothing, retries,
out-of-date runs, the rules a run keeps, and the reasons each person reads."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from tandem.core.models import AuditEvent
from tandem.matching.models import MatchProposal, MatchRun, UnmatchedMentee
from tandem.matching.services import (
    MatchingError,
    match_run_publish,
    match_run_publish_execute,
    match_run_start,
)
from tandem.matching.tests.factories import mentee, mentor
from tandem.mentorships.models import Mentorship
from tandem.notifications.models import Notification
from tandem.people.models import Language
from tandem.programmes.models import Programme

pytestmark = pytest.mark.django_db

DECIMAL = re.compile(r"\b\d\.\d+\b")


def _start(cohort, capture):
    with capture(execute=True):
        run = match_run_start(
            programme=cohort.programme,
            created_by=cohort.carol,
            mode="optimal",
            weights={"goals": 0.65, "expectations": 0.2, "preferences": 0.15},
        )
    run.refresh_from_db()
    return run


def _publish(run, cohort, capture):
    with capture(execute=True):
        match_run_publish(run=run, published_by=cohort.carol)
    run.refresh_from_db()
    return run


def _page(client, url):
    response = client.get(url)
    return response, html.unescape(response.content.decode())


def _text(page):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def _lonely_mentee(cohort):
    loner = mentee(cohort.programme, name="Lina Lonely")
    loner.languages.set(
        [Language.objects.get_or_create(code="fi", defaults={"name": "Finnish"})[0]]
    )
    return loner


def test_publish_asks_first_with_the_number_of_pairs_and_notifications(
    finished_run, cohort, django_capture_on_commit_callbacks
):
    client = cohort.client_for("carol")
    detail_url = reverse("matching:run_detail", args=[cohort.programme.slug, finished_run.pk])
    publish_url = reverse("matching:run_publish", args=[cohort.programme.slug, finished_run.pk])

    _, detail = _page(client, detail_url)
    assert f'href="{publish_url}"' in detail
    response, confirm = _page(client, publish_url)
    confirm = _text(confirm)

    assert response.status_code == 200
    assert "Creates 4 mentorships" in confirm
    # Four mentees and their mentors, each with an account: 4 + number of distinct mentors.
    mentors = MatchProposal.objects.filter(run=finished_run).values("mentor").distinct().count()
    assert f"Sends {4 + mentors} notifications" in confirm
    assert not Mentorship.objects.exists()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(publish_url)
    finished_run.refresh_from_db()
    assert finished_run.status == MatchRun.Status.PUBLISHING
    _, progress = _page(client, detail_url)
    assert 'hx-trigger="every 1s"' in progress
    assert "<progress" in progress
    assert not Mentorship.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    finished_run.refresh_from_db()
    assert finished_run.status == MatchRun.Status.PUBLISHED
    assert finished_run.progress == 100
    assert Mentorship.objects.filter(origin=Mentorship.Origin.MATCH).count() == 4


def test_a_batch_that_fails_halfway_leaves_no_mentorship_and_no_notice(
    finished_run, cohort, monkeypatch, django_capture_on_commit_callbacks
):
    from tandem.matching.services import runs

    monkeypatch.setattr(runs, "PUBLISH_BATCH", 1)
    real = runs._create_batch
    calls = []

    def second_batch_fails(run, batch):
        calls.append(batch)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(run, batch)

    monkeypatch.setattr(runs, "_create_batch", second_batch_fails)
    run = _publish(finished_run, cohort, django_capture_on_commit_callbacks)

    assert len(calls) == 2
    assert not Mentorship.objects.exists()
    assert not Notification.objects.exists()
    assert run.status == MatchRun.Status.DONE
    assert run.published_at is None
    assert "Nothing was published" in run.error

    monkeypatch.setattr(runs, "_create_batch", real)
    run = _publish(run, cohort, django_capture_on_commit_callbacks)
    assert run.status == MatchRun.Status.PUBLISHED
    assert run.error == ""
    assert Mentorship.objects.count() == 4


def test_a_retried_publish_task_creates_and_notifies_nothing_twice(
    finished_run, cohort, django_capture_on_commit_callbacks
):
    run = _publish(finished_run, cohort, django_capture_on_commit_callbacks)
    mentorships = Mentorship.objects.count()
    notices = Notification.objects.count()
    assert mentorships == 4
    assert notices > 4

    # The worker died while notifying: the task runs again from the top.
    MatchRun.objects.filter(pk=run.pk).update(status=MatchRun.Status.PUBLISHING)
    with django_capture_on_commit_callbacks(execute=True):
        match_run_publish_execute(run_id=run.pk)
        match_run_publish_execute(run_id=run.pk)

    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED
    assert Mentorship.objects.count() == mentorships
    assert Notification.objects.count() == notices


def test_after_run_two_is_published_run_one_no_longer_offers_publish(
    finished_run, cohort, django_capture_on_commit_callbacks
):
    first = finished_run
    second = _start(cohort, django_capture_on_commit_callbacks)
    _publish(second, cohort, django_capture_on_commit_callbacks)

    first.refresh_from_db()
    assert first.status == MatchRun.Status.SUPERSEDED
    client = cohort.client_for("carol")
    publish_url = reverse("matching:run_publish", args=[cohort.programme.slug, first.pk])
    _, page = _page(client, reverse("matching:run_detail", args=[cohort.programme.slug, first.pk]))
    assert publish_url not in page
    assert f"Run {second.pk} was published after this run" in page

    response = client.post(publish_url, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == [
        f"Run {first.pk} can no longer be published: run {second.pk} was published after it, "
        "so its pairs are out of date. Re-run to get fresh proposals."
    ]
    assert Mentorship.objects.count() == 4


def test_a_run_solving_while_another_is_published_ends_out_of_date(
    finished_run, cohort, monkeypatch, django_capture_on_commit_callbacks
):
    from tandem.matching.services import runs

    real = runs.build_cohort

    def publish_meanwhile(programme):
        loaded = real(programme)
        # The coordinator publishes the earlier run while this one is solving.
        match_run_publish(run=finished_run, published_by=cohort.carol)
        match_run_publish_execute(run_id=finished_run.pk)
        return loaded

    monkeypatch.setattr(runs, "build_cohort", publish_meanwhile)
    late = _start(cohort, django_capture_on_commit_callbacks)
    finished_run.refresh_from_db()

    assert finished_run.status == MatchRun.Status.PUBLISHED
    assert late.status == MatchRun.Status.SUPERSEDED
    with pytest.raises(MatchingError, match=f"run {finished_run.pk} was published after it"):
        match_run_publish(run=late, published_by=cohort.carol)


def test_the_run_keeps_the_rules_it_snapshotted_when_queued(
    cohort, django_capture_on_commit_callbacks
):
    mentor(cohort.programme, name="Spare Mentor", capacity=3)
    loner = _lonely_mentee(cohort)
    programme = cohort.programme
    programme.require_shared_language = True
    programme.save()

    with django_capture_on_commit_callbacks(execute=False) as queued:
        run = match_run_start(
            programme=programme, created_by=cohort.carol, mode="optimal", weights={"goals": 1}
        )
    assert run.rules["require_shared_language"] is True
    # The coordinator relaxes the rule while the run waits for a worker.
    Programme.objects.filter(pk=programme.pk).update(require_shared_language=False)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in queued:
            callback()

    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE
    assert not MatchProposal.objects.filter(run=run, mentee=loner).exists()
    assert "language" in UnmatchedMentee.objects.get(run=run, mentee=loner).reason

    # A run queued under the relaxed rule does pair her.
    cohort.programme.refresh_from_db()
    relaxed = _start(cohort, django_capture_on_commit_callbacks)
    assert MatchProposal.objects.filter(run=relaxed, mentee=loner).exists()


def test_each_person_reads_why_they_were_paired_in_words_written_to_them(
    finished_run, cohort, django_capture_on_commit_callbacks
):
    pair = MatchProposal.objects.get(run=finished_run, mentee=cohort.mia)
    assert pair.mentor == cohort.cara
    _publish(finished_run, cohort, django_capture_on_commit_callbacks)
    mentorship = Mentorship.objects.get(mentee=cohort.mia)

    to_mia = Notification.objects.get(recipient=cohort.mia.user)
    assert "Why you were paired" in to_mia.body
    assert "Cara Mentor has the skills you want to build: machine learning" in to_mia.body
    to_cara = Notification.objects.get(recipient=cohort.cara.user)
    assert "Mia Mentee wants to build skills you have: machine learning" in to_cara.body

    for who in ("mia", "cara"):
        _, page = _page(
            cohort.client_for(who) if who != "mia" else _client(cohort, cohort.mia),
            reverse("mentorships:overview", args=[mentorship.pk]),
        )
        assert "Why you were paired" in page
        assert re.search(r"(Excellent|Strong|Good|Possible) fit", page)
        assert not DECIMAL.search(page.split("Why you were paired", 1)[1][:2000])
    _, mia_page = _page(
        _client(cohort, cohort.mia), reverse("mentorships:overview", args=[mentorship.pk])
    )
    assert "Cara Mentor has the skills you want to build: machine learning" in mia_page
    assert "You both want the same mentoring style: a balance of both" in mia_page


def _client(cohort, person):
    from django.test import Client

    client = Client()
    client.force_login(person.user)
    return client


def test_the_coordinator_reads_reasons_about_both_people_never_to_them(finished_run, cohort):
    _, page = _page(
        cohort.client_for("carol"),
        reverse("matching:run_detail", args=[cohort.programme.slug, finished_run.pk]),
    )
    pairs = page.split('id="pairs-heading"', 1)[1].split('id="unmatched-heading"', 1)[0]
    assert "Cara Mentor has the skills Mia Mentee wants to build: machine learning" in pairs
    assert "Mia Mentee and Cara Mentor both want the same mentoring style" in pairs
    reasons = " ".join(re.findall(r"<td><ul>(.*?)</ul></td>", pairs, re.S))
    assert "machine learning" in reasons
    assert not re.search(r"\byour?\b", reasons, re.IGNORECASE)
    assert "a 3 style" not in pairs
    assert not DECIMAL.search(pairs)


def test_an_unmatched_mentee_is_told_why_and_what_happens_next(
    cohort, django_capture_on_commit_callbacks
):
    loner = _lonely_mentee(cohort)
    run = _start(cohort, django_capture_on_commit_callbacks)
    _publish(run, cohort, django_capture_on_commit_callbacks)

    notice = Notification.objects.get(recipient=loner.user)
    assert notice.title == "No mentor for you in this round of Leaders of Tomorrow"
    assert "Why: No mentor shares a language with you." in notice.body
    assert "next matching round" in notice.body
    assert notice.url == ""


def test_where_mentees_choose_an_unmatched_mentee_is_sent_to_the_mentor_list(
    cohort, django_capture_on_commit_callbacks
):
    cohort.programme.matching_mode = Programme.MatchingMode.BOTH
    cohort.programme.save()
    loner = _lonely_mentee(cohort)
    run = _start(cohort, django_capture_on_commit_callbacks)
    _publish(run, cohort, django_capture_on_commit_callbacks)

    notice = Notification.objects.get(recipient=loner.user)
    assert "choose a mentor yourself" in notice.body
    assert notice.url == reverse("matching:find_mentor", args=[cohort.programme.slug])


def test_unmatched_list_is_paginated_searchable_and_offers_a_mentor_picker(
    cohort, django_capture_on_commit_callbacks, monkeypatch
):
    from tandem.matching.views import runs

    lonely = [_lonely_mentee_named(cohort, f"Lone {i}") for i in range(3)]
    run = _start(cohort, django_capture_on_commit_callbacks)
    client = cohort.client_for("carol")
    url = reverse("matching:run_detail", args=[cohort.programme.slug, run.pk])

    monkeypatch.setattr(runs, "PAGE_SIZE", 2)
    _, first = _page(client, url)
    _, second = _page(client, url + "?upage=2")
    monkeypatch.undo()
    assert "Unmatched mentees (3)" in first
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second
    assert sum(p.name in first for p in lonely) == 2
    assert sum(p.name in second for p in lonely) == 1

    _, searched = _page(client, url + "?q=Lone+1")
    assert "Unmatched mentees (1)" in searched

    row = UnmatchedMentee.objects.get(run=run, mentee=lonely[1])
    picker_url = reverse("matching:assign_mentor", args=[cohort.programme.slug, run.pk, row.pk])
    spare = mentor(cohort.programme, name="Spare Mentor", capacity=2)
    _, picker = _page(client, picker_url)
    assert "Spare Mentor" in picker
    assert "Cara Mentor" not in picker  # full in this run
    assert "<select" not in picker
    _, searched = _page(client, picker_url + "?q=nobody-like-this")
    assert "No mentor with a free place matches." in searched

    spare.languages.set(lonely[1].languages.all())
    client.post(
        reverse("matching:proposal_assign", args=[cohort.programme.slug, run.pk]),
        {"unmatched": row.pk, "mentor": spare.pk},
    )
    assert MatchProposal.objects.filter(run=run, mentee=lonely[1], mentor=spare).exists()


def _lonely_mentee_named(cohort, name):
    loner = mentee(cohort.programme, name=name)
    loner.languages.set(
        [Language.objects.get_or_create(code="fi", defaults={"name": "Finnish"})[0]]
    )
    return loner


def test_the_results_page_has_no_select_of_every_mentee_or_mentor(finished_run, cohort):
    _, page = _page(
        cohort.client_for("carol"),
        reverse("matching:run_detail", args=[cohort.programme.slug, finished_run.pk]),
    )
    assert 'name="unmatched"' not in page
    assert 'name="mentor"' not in page


def test_starting_and_publishing_a_run_are_in_the_audit_log(
    finished_run, cohort, django_capture_on_commit_callbacks
):
    _publish(finished_run, cohort, django_capture_on_commit_callbacks)

    started = AuditEvent.objects.get(action="matchrun.started")
    published = AuditEvent.objects.get(action="matchrun.published")
    assert (published.actor, published.object_id) == (cohort.carol, str(finished_run.pk))
    assert published.detail == {"programme": cohort.programme.pk}
    assert started.detail["mode"] == "optimal"
