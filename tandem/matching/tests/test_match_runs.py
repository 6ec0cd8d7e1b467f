import csv
import html
import io

import pytest
from django.urls import reverse

from tandem.matching.models import MatchProposal, MatchRun, PairRule, UnmatchedMentee
from tandem.matching.reasons import unmatched_reason_for
from tandem.matching.services import (
    MatchingError,
    match_run_publish,
    match_run_rerun,
    match_run_start,
    proposal_assign,
    proposal_forbid,
    proposal_pin,
    proposal_swap,
    proposal_unassign,
)
from tandem.matching.tests.factories import mentee, mentor
from tandem.mentorships.models import Mentorship
from tandem.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _pair(run, person):
    return MatchProposal.objects.get(run=run, mentee=person)


def test_coordinator_starts_a_run_and_sees_its_progress_then_results(
    cohort, django_capture_on_commit_callbacks
):
    client = cohort.client_for("carol")
    url = reverse("matching:run_create", args=[cohort.programme.slug])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            url,
            {
                "mode": "optimal",
                "weight_goals": "0.7",
                "weight_expectations": "0.2",
                "weight_preferences": "0.1",
                "weight_cross_department": "0",
            },
        )
    run = MatchRun.objects.get()
    assert response.status_code == 302
    assert run.status == MatchRun.Status.QUEUED
    assert run.weights["goals"] == 0.7

    progress = client.get(reverse("matching:run_detail", args=[cohort.programme.slug, run.pk]))
    assert b'hx-trigger="every 1s"' in progress.content

    for callback in callbacks:
        callback()
    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE
    assert run.progress == 100
    assert run.metrics["matched"] == 4
    assert run.metrics["unmatched"] == 0
    assert run.metrics["upper_bound"] >= run.metrics["total_score"] > 0

    fragment = client.get(
        reverse("matching:run_progress", args=[cohort.programme.slug, run.pk]),
        headers={"HX-Request": "true"},
    )
    assert fragment["HX-Redirect"].endswith(f"/runs/{run.pk}/")
    assert b"every 1s" not in fragment.content

    results = client.get(reverse("matching:run_detail", args=[cohort.programme.slug, run.pk]))
    page = results.content.decode()
    assert "Mia Mentee" in page
    assert "Cara Mentor" in page
    assert "Cara Mentor has the skills Mia Mentee wants to build: machine learning" in page
    assert "Excellent fit" in page or "Strong fit" in page or "Good fit" in page
    assert "Side by side" in page


def test_each_pair_gets_reasons_and_an_expectation_summary(finished_run, cohort):
    pair = _pair(finished_run, cohort.mia)

    assert pair.mentor == cohort.cara
    assert pair.reasons
    keys = [row["key"] for row in pair.alignment["rows"]]
    assert keys == ["frequency", "format", "style", "focus_areas"]
    assert pair.alignment["rows"][0]["mentee"] == "Monthly"


def test_a_clear_expectation_mismatch_is_flagged_and_neighbours_are_close():
    from tandem.matching.scoring import alignment_summary

    questions = {
        "frequency": ("How often?", {"weekly": "Weekly", "quarterly": "Quarterly"}),
        "format": ("How?", {"video": "Video call", "mixed": "A mix"}),
        "style": ("Style?", {}),
        "focus_areas": ("Focus?", {}),
    }
    summary = alignment_summary(
        {"frequency": "weekly", "format": "video", "style": "1", "focus_areas": ("career",)},
        {"frequency": "quarterly", "format": "mixed", "style": "2", "focus_areas": ("career",)},
        questions,
    )
    verdicts = {row["key"]: row["verdict"] for row in summary["rows"]}

    assert verdicts == {
        "frequency": "different",
        "format": "close",
        "style": "close",
        "focus_areas": "same",
    }
    assert summary["flags"] == ["frequency"]
    assert summary["mismatch"]
    assert summary["rows"][0]["mentee"] == "Weekly"


def test_unmatched_mentees_get_the_binding_reason(cohort, django_capture_on_commit_callbacks):
    from tandem.people.models import Language

    loner = mentee(cohort.programme, name="Lou Loner")
    loner.languages.set([Language.objects.get_or_create(code="fi", name="Finnish")[0]])
    with django_capture_on_commit_callbacks(execute=True):
        cohort.client_for("carol").post(
            reverse("matching:run_create", args=[cohort.programme.slug]),
            {
                "mode": "optimal",
                "weight_goals": 1,
                "weight_expectations": 0,
                "weight_preferences": 0,
                "weight_cross_department": 0,
            },
        )
    row = UnmatchedMentee.objects.get(mentee=loner)
    assert "language" in row.reason
    page = cohort.client_for("carol").get(
        reverse("matching:run_detail", args=[cohort.programme.slug, row.run_id])
    )
    shown = html.unescape(page.content.decode())
    assert unmatched_reason_for(row.reason, "coordinator", loner.name) in shown
    assert f"shares a language with {loner.name}" in shown
    assert "with you" not in shown


def test_invalid_weights_show_errors_and_start_nothing(cohort):
    response = cohort.client_for("carol").post(
        reverse("matching:run_create", args=[cohort.programme.slug]),
        {
            "mode": "optimal",
            "weight_goals": 0,
            "weight_expectations": 0,
            "weight_preferences": 0,
            "weight_cross_department": "-1",
        },
    )
    assert response.status_code == 400
    assert MatchRun.objects.count() == 0
    assert "greater than or equal to 0" in response.content.decode()


def test_results_filter_by_search_department_and_score(finished_run, cohort):
    client = cohort.client_for("carol")
    url = reverse("matching:run_detail", args=[cohort.programme.slug, finished_run.pk])

    by_name = client.get(url, {"q": "Mia"}).content.decode()
    assert f'id="pair-{_pair(finished_run, cohort.mia).pk}"' in by_name
    assert f'id="pair-{_pair(finished_run, cohort.ned).pk}"' not in by_name

    department = cohort.dan.department
    by_department = client.get(url, {"department": department.pk}).content.decode()
    assert "Dan Mentor" in by_department
    assert "Cara Mentor" not in by_department

    by_department_name = client.get(url, {"q": department.name}).content.decode()
    assert "Dan Mentor" in by_department_name
    assert "Cara Mentor" not in by_department_name

    strong = client.get(url, {"fit": "0.5"}).content.decode()
    for proposal in MatchProposal.objects.filter(run=finished_run):
        assert (f'id="pair-{proposal.pk}"' in strong) == (proposal.score >= 0.5)


def test_csv_export_lists_pairs_and_unmatched(finished_run, cohort):
    proposal_unassign(proposal=_pair(finished_run, cohort.ola), by=cohort.carol)
    response = cohort.client_for("carol").get(
        reverse("matching:run_export", args=[cohort.programme.slug, finished_run.pk])
    )
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))

    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store, private, max-age=0"
    assert {r["mentee"] for r in rows} == {"Alice Mentee", "Mia Mentee", "Ned Mentee", "Ola Mentee"}
    ola = next(r for r in rows if r["mentee"] == "Ola Mentee")
    assert ola["mentor"] == ""
    assert ola["unmatched_reason"] == "Unassigned by the coordinator"
    mia = next(r for r in rows if r["mentee"] == "Mia Mentee")
    assert "your" not in mia["reasons"].lower()
    assert mia["fit"].endswith("fit")


def test_csv_export_writes_formulas_in_names_as_text(finished_run, cohort):
    proposal_unassign(proposal=_pair(finished_run, cohort.ola), by=cohort.carol)
    mia_pair = _pair(finished_run, cohort.mia)
    formulas = {
        cohort.ola: '=HYPERLINK("http://x","y")',
        cohort.mia: "@SUM(A1)",
        mia_pair.mentor: "+1",
    }
    for person, name in formulas.items():
        person.name = name
        person.save(update_fields=["name"])
    cohort.mia.department.name = "-2+3"
    cohort.mia.department.save(update_fields=["name"])

    response = cohort.client_for("carol").get(
        reverse("matching:run_export", args=[cohort.programme.slug, finished_run.pk])
    )
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))

    ola = next(r for r in rows if r["mentee"] == '\'=HYPERLINK("http://x","y")')
    assert ola["mentor"] == ""
    mia = next(r for r in rows if r["mentee"] == "'@SUM(A1)")
    assert mia["mentor"] == "'+1"
    assert mia["mentee_department"] == "'-2+3"
    for row in rows:
        assert all(value[:1] not in "=+-@\t\r" for value in row.values() if value), row


def test_pin_then_rerun_keeps_the_pinned_pair(
    finished_run, cohort, django_capture_on_commit_callbacks
):
    pair = _pair(finished_run, cohort.alice)
    client = cohort.client_for("carol")
    client.post(
        reverse(
            "matching:proposal_action",
            args=[cohort.programme.slug, finished_run.pk, pair.pk, "pin"],
        )
    )
    assert PairRule.objects.get().kind == PairRule.Kind.PIN

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matching:run_rerun", args=[cohort.programme.slug, finished_run.pk])
        )
    rerun = MatchRun.objects.exclude(pk=finished_run.pk).get()
    kept = _pair(rerun, cohort.alice)

    assert response.status_code == 302
    assert rerun.parent == finished_run
    assert kept.mentor == pair.mentor
    assert kept.pinned
    assert kept.score == pair.score
    assert rerun.metrics["pinned"] == 1
    assert rerun.metrics["matched"] == 4


def test_forbid_removes_the_pair_and_later_runs_never_propose_it(
    finished_run, cohort, django_capture_on_commit_callbacks
):
    pair = _pair(finished_run, cohort.mia)
    proposal_forbid(proposal=pair, by=cohort.carol)
    assert UnmatchedMentee.objects.filter(run=finished_run, mentee=cohort.mia).exists()

    with django_capture_on_commit_callbacks(execute=True):
        rerun = match_run_rerun(run=finished_run, created_by=cohort.carol)
    rerun.refresh_from_db()
    again = MatchProposal.objects.filter(run=rerun, mentee=cohort.mia).first()
    assert again is None or again.mentor != cohort.cara


def test_swap_exchanges_mentors_and_pins_both(finished_run, cohort):
    first, second = _pair(finished_run, cohort.alice), _pair(finished_run, cohort.ola)
    mentors = {first.mentor_id, second.mentor_id}
    if len(mentors) == 1:
        second = _pair(finished_run, cohort.ned)
    a_mentor, b_mentor = first.mentor, second.mentor
    response = cohort.client_for("carol").post(
        reverse("matching:proposal_swap", args=[cohort.programme.slug, finished_run.pk]),
        {"pair": [first.pk, second.pk]},
    )
    first.refresh_from_db()
    second.refresh_from_db()

    assert response.status_code == 302
    assert (first.mentor, second.mentor) == (b_mentor, a_mentor)
    assert first.pinned
    assert second.pinned
    assert first.origin == MatchProposal.Origin.MANUAL


def test_swap_needs_exactly_two_pairs(finished_run, cohort):
    pair = _pair(finished_run, cohort.alice)
    client = cohort.client_for("carol")
    response = client.post(
        reverse("matching:proposal_swap", args=[cohort.programme.slug, finished_run.pk]),
        {"pair": [pair.pk]},
        follow=True,
    )
    assert "Tick exactly two pairs" in response.content.decode()


def test_swap_into_the_management_chain_is_refused(finished_run, cohort):
    # Erin, Alice's manager, reports to the other pair's mentor: that mentor is up Alice's chain.
    ola = _pair(finished_run, cohort.ola)
    alice = _pair(finished_run, cohort.alice)
    if ola.mentor_id == alice.mentor_id:
        ola = _pair(finished_run, cohort.ned)
    cohort.erin.manager = ola.mentor
    cohort.erin.save()

    with pytest.raises(MatchingError, match="cannot mentor Alice Mentee"):
        proposal_swap(first=alice, second=ola, by=cohort.carol)
    alice.refresh_from_db()
    assert not alice.pinned


def test_assign_an_unmatched_mentee_to_a_mentor_with_a_free_place(finished_run, cohort):
    extra = mentor(cohort.programme, name="Eve Extra", capacity=1)
    row = proposal_unassign(proposal=_pair(finished_run, cohort.ned), by=cohort.carol)
    response = cohort.client_for("carol").post(
        reverse("matching:proposal_assign", args=[cohort.programme.slug, finished_run.pk]),
        {"unmatched": row.pk, "mentor": extra.pk},
    )
    proposal = _pair(finished_run, cohort.ned)

    assert response.status_code == 302
    assert proposal.mentor == extra
    assert proposal.pinned
    assert proposal.origin == MatchProposal.Origin.MANUAL
    assert not UnmatchedMentee.objects.filter(pk=row.pk).exists()


def test_assign_to_a_full_mentor_is_refused(finished_run, cohort):
    row = proposal_unassign(proposal=_pair(finished_run, cohort.ned), by=cohort.carol)
    with pytest.raises(MatchingError, match="no free place"):
        proposal_assign(unmatched=row, mentor=cohort.cara, by=cohort.carol)


def test_publish_creates_mentorships_notifies_both_and_marks_the_run(
    finished_run, cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = cohort.client_for("carol").post(
            reverse("matching:run_publish", args=[cohort.programme.slug, finished_run.pk])
        )
    finished_run.refresh_from_db()

    assert response.status_code == 302
    assert finished_run.status == MatchRun.Status.PUBLISHED
    assert Mentorship.objects.filter(origin=Mentorship.Origin.MATCH).count() == 4
    assert Mentorship.objects.filter(state=Mentorship.State.PROPOSED).count() == 4
    mia = Notification.objects.get(recipient=cohort.mia.user)
    assert "Cara Mentor" in mia.title
    assert Notification.objects.filter(recipient=cohort.cara.user).count() == 1


def test_publish_is_all_or_nothing_with_a_clear_error(
    finished_run, cohort, django_capture_on_commit_callbacks
):
    Mentorship.objects.create(programme=cohort.programme, mentee=cohort.mia, mentor=cohort.dan)

    with django_capture_on_commit_callbacks(execute=True):
        match_run_publish(run=finished_run, published_by=cohort.carol)

    finished_run.refresh_from_db()
    assert "Nothing was published" in finished_run.error
    assert "Mia Mentee with Cara Mentor" in finished_run.error
    assert Mentorship.objects.count() == 1
    assert finished_run.status == MatchRun.Status.DONE
    assert not Notification.objects.exists()


def test_a_published_run_cannot_be_changed_or_published_again(
    finished_run, cohort, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        match_run_publish(run=finished_run, published_by=cohort.carol)
    with pytest.raises(MatchingError, match="already published"):
        match_run_publish(run=finished_run, published_by=cohort.carol)
    with pytest.raises(MatchingError, match="only a run waiting for review"):
        proposal_pin(proposal=_pair(finished_run, cohort.ola), by=cohort.carol)


def test_history_lists_runs_with_parameters_and_metrics(finished_run, cohort):
    page = (
        cohort.client_for("carol")
        .get(reverse("matching:runs", args=[cohort.programme.slug]))
        .content.decode()
    )
    assert f"Run {finished_run.pk}" in page
    assert "Optimal (most matched, then best total score)" in page
    assert "Goals against expertise 65%" in page


def test_a_failing_engine_marks_the_run_failed(
    cohort, monkeypatch, django_capture_on_commit_callbacks
):
    from tandem.matching.services import runs

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(runs, "run_match", explode)
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.match_run_start(
            programme=cohort.programme,
            created_by=cohort.carol,
            mode="optimal",
            weights={"goals": 1},
        )
    run.refresh_from_db()
    assert run.status == MatchRun.Status.FAILED
    assert "unexpected error" in run.error
    assert not MatchProposal.objects.exists()


def test_settings_page_saves_defaults_used_by_new_runs(cohort):
    client = cohort.client_for("carol")
    url = reverse("matching:settings", args=[cohort.programme.slug])
    response = client.post(
        url,
        {
            "request_expiry_days": 7,
            "max_pending_requests": 2,
            "weight_goals": 1,
            "weight_expectations": 0.5,
            "weight_preferences": 0,
            "weight_cross_department": 0.2,
        },
    )
    assert response.status_code == 302
    form = client.get(reverse("matching:run_create", args=[cohort.programme.slug]))
    assert 'name="weight_cross_department" value="0.2"' in form.content.decode()


def test_pair_rules_are_added_and_removed_on_the_run_page(cohort):
    client = cohort.client_for("carol")
    client.post(
        reverse("matching:rule_create", args=[cohort.programme.slug]),
        {"mentee": cohort.alice.email.upper(), "mentor": cohort.bob.name, "kind": "forbid"},
    )
    rule = PairRule.objects.get()
    assert (rule.kind, rule.mentee, rule.mentor) == ("forbid", cohort.alice, cohort.bob)
    client.post(reverse("matching:rule_delete", args=[cohort.programme.slug, rule.pk]))
    assert not PairRule.objects.exists()


def test_the_run_page_asks_for_people_by_email_instead_of_listing_the_programme(cohort):
    _grow(cohort.programme, 5, 0)
    page = cohort.client_for("carol").get(
        reverse("matching:run_create", args=[cohort.programme.slug])
    )
    html = page.content.decode()
    assert '<input type="text" name="mentee"' in html
    assert "<select" not in html
    assert "Extra Mentee 3" not in html


def test_a_rule_for_someone_outside_the_programme_is_refused(cohort):
    response = cohort.client_for("carol").post(
        reverse("matching:rule_create", args=[cohort.programme.slug]),
        {"mentee": cohort.oscar.email, "mentor": cohort.bob.email, "kind": "pin"},
    )
    assert response.status_code == 400
    assert "No approved mentee of this programme has that email address or name." in (
        response.content.decode()
    )
    assert not PairRule.objects.exists()


def test_a_name_two_mentors_share_asks_for_the_email(cohort):
    mentor(cohort.programme, name=cohort.bob.name, capacity=1)
    response = cohort.client_for("carol").post(
        reverse("matching:rule_create", args=[cohort.programme.slug]),
        {"mentee": cohort.alice.email, "mentor": cohort.bob.name, "kind": "pin"},
    )
    assert response.status_code == 400
    assert f"More than one mentor is called {cohort.bob.name}: give their email address." in (
        response.content.decode()
    )
    assert not PairRule.objects.exists()


def _grow(programme, n, offset):
    for i in range(n):
        mentor(programme, name=f"Extra Mentor {offset + i}", capacity=1)
        mentee(programme, name=f"Extra Mentee {offset + i}")


@pytest.mark.parametrize("extra", [0, 8])
def test_results_and_history_pages_use_constant_queries(
    cohort, extra, django_assert_num_queries, django_capture_on_commit_callbacks
):
    _grow(cohort.programme, extra, 0)
    with django_capture_on_commit_callbacks(execute=True):
        run = match_run_start(
            programme=cohort.programme,
            created_by=cohort.carol,
            mode="optimal",
            weights={"goals": 1},
        )
    for _ in range(extra):
        MatchRun.objects.create(
            programme=cohort.programme,
            created_by=cohort.carol,
            published_by=cohort.carol,
            parent=run,
            status=MatchRun.Status.PUBLISHED,
            metrics={"matched": 3, "unmatched": 0},
        )
    client = cohort.client_for("carol")
    client.get(reverse("matching:runs", args=[cohort.programme.slug]))
    with django_assert_num_queries(11):
        client.get(reverse("matching:run_detail", args=[cohort.programme.slug, run.pk]))
    with django_assert_num_queries(6):
        client.get(reverse("matching:runs", args=[cohort.programme.slug]))


def test_a_run_whose_worker_died_mid_run_is_run_again_by_the_recovered_task(
    cohort, django_capture_on_commit_callbacks
):
    from tandem.matching.tasks import execute_match_run

    with django_capture_on_commit_callbacks(execute=False):
        run = match_run_start(
            programme=cohort.programme,
            created_by=cohort.carol,
            mode="optimal",
            weights={"goals": 1},
        )
    # What a worker killed while loading the cohort leaves behind.
    MatchRun.objects.filter(pk=run.pk).update(
        status=MatchRun.Status.RUNNING, stage="Loading the cohort", progress=0
    )

    execute_match_run.call(run.pk)

    run.refresh_from_db()
    assert run.status == MatchRun.Status.DONE
    assert run.progress == 100
    assert MatchProposal.objects.filter(run=run).count() == run.metrics["matched"] == 4


def test_a_finished_run_is_not_run_again_by_a_repeated_task(finished_run):
    from tandem.matching.tasks import execute_match_run

    before = list(MatchProposal.objects.filter(run=finished_run).values_list("pk", flat=True))

    execute_match_run.call(finished_run.pk)

    assert list(MatchProposal.objects.filter(run=finished_run).values_list("pk", flat=True)) == (
        before
    )


def test_an_attempt_overtaken_by_a_later_one_stores_nothing(
    cohort, monkeypatch, django_capture_on_commit_callbacks
):
    from tandem.matching.services import runs

    real_store = runs._store_result

    def overtaken(run, *args):
        # Recovery gave the run to another attempt while this one was solving.
        MatchRun.objects.filter(pk=run.pk).update(started_at=run.started_at.replace(year=2000))
        real_store(run, *args)

    monkeypatch.setattr(runs, "_store_result", overtaken)
    with django_capture_on_commit_callbacks(execute=True):
        run = match_run_start(
            programme=cohort.programme,
            created_by=cohort.carol,
            mode="optimal",
            weights={"goals": 1},
        )

    run.refresh_from_db()
    assert run.status == MatchRun.Status.RUNNING
    assert not MatchProposal.objects.filter(run=run).exists()
