"""Match runs: start one, run the engine in the background, re-run keeping pins, publish."""

from __future__ import annotations

import time
from collections import defaultdict
from typing import cast

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import User
from tandem.matching.engine.model import MODES, MatchResult, Mode, Weights
from tandem.matching.engine.pipeline import MatchOptions, ProgressFn, Reporter, run_match
from tandem.matching.instance import ProgrammeCohort, build_cohort, programme_rules
from tandem.matching.models import MatchingSettings, MatchProposal, MatchRun, UnmatchedMentee
from tandem.matching.scoring import alignment_summary, check_pair, question_labels
from tandem.mentorships.models import Mentorship
from tandem.mentorships.services import MentorshipError
from tandem.mentorships.services.lifecycle import mentorship_create
from tandem.notifications.services import notification_send
from tandem.programmes.models import Programme, Question

from ._common import MatchingError, logger

# Overall progress at the start of each engine stage; the stage's own progress fills the gap.
STAGE_SPAN = {
    "loading": (0, 10),
    "features": (10, 25),
    "candidates": (25, 60),
    "solve": (60, 75),
    "pricing": (75, 80),
    "explain": (80, 95),
    "saving": (95, 100),
}
STAGE_LABELS = {
    "loading": "Loading the cohort",
    "features": "Reading goals and expertise",
    "candidates": "Scoring candidate pairs",
    "solve": "Solving the assignment",
    "pricing": "Checking the bound",
    "explain": "Explaining each pair",
    "saving": "Saving the proposals",
}
WEIGHT_KEYS = ("goals", "expectations", "preferences", "cross_department")


def _clean_weights(weights: dict[str, float]) -> dict[str, float]:
    clean = {key: float(weights.get(key, 0.0)) for key in WEIGHT_KEYS}
    if any(value < 0 or value > 10 for value in clean.values()):
        raise MatchingError("Each weight must be between 0 and 10.", field="weights")
    if not any(clean.values()):
        raise MatchingError("Give at least one weight above zero.", field="weights")
    return clean


@transaction.atomic
def match_run_start(
    *,
    programme: Programme,
    created_by: User | None,
    mode: str,
    weights: dict[str, float],
    parent: MatchRun | None = None,
) -> MatchRun:
    """Queue a run of the engine over the programme's cohort with the given mode and weights."""
    if mode not in MODES:
        raise MatchingError(f"Unknown mode {mode!r}.", field="mode")
    run = MatchRun.objects.create(
        programme=programme,
        created_by=created_by,
        parent=parent,
        mode=mode,
        weights=_clean_weights(weights),
        rules=programme_rules(programme).as_dict(),
        stage="Waiting for a worker",
    )
    from tandem.matching.tasks import execute_match_run

    transaction.on_commit(lambda: execute_match_run.enqueue(run.pk))
    logger.info("match run %s queued for programme %s", run.pk, programme.pk)
    return run


def match_run_rerun(*, run: MatchRun, created_by: User | None) -> MatchRun:
    """A new run with the same mode and weights; the programme's pins stay as they are."""
    return match_run_start(
        programme=run.programme,
        created_by=created_by,
        mode=run.mode,
        weights=run.weights,
        parent=run,
    )


class _RunReporter(Reporter):
    """Stores the stage and overall percentage on the run, at most twice a second."""

    def __init__(self, run: MatchRun) -> None:
        self.run = run
        self._saved = 0.0

    def save(self, stage: str, fraction: float, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._saved < 0.5:
            return
        low, high = STAGE_SPAN.get(stage, (0, 100))
        percent = int(low + (high - low) * min(1.0, max(0.0, fraction)))
        label = STAGE_LABELS.get(stage, stage.capitalize())
        MatchRun.objects.filter(pk=self.run.pk).update(stage=label, progress=percent)
        self._saved = now

    def stage(self, name: str, total: int | None = None) -> ProgressFn:
        self.save(name, 0.0, force=True)
        return lambda done, total: self.save(name, done / total if total else 0.0)


def match_run_execute(*, run_id: int) -> MatchRun:
    """The body of the background task: run the engine and store proposals and metrics."""
    # A run still "running" here was left by a worker that died (recovery re-queued its task):
    # it starts again from the cohort. Finished runs are never run twice. Each attempt is
    # stamped by its start time, and only the latest attempt may store its result.
    started_at = timezone.now()
    claimed = MatchRun.objects.filter(
        pk=run_id, status__in=[MatchRun.Status.QUEUED, MatchRun.Status.RUNNING]
    ).update(status=MatchRun.Status.RUNNING, started_at=started_at, updated_at=started_at)
    run = MatchRun.objects.select_related("programme").get(pk=run_id)
    if not claimed:
        return run
    reporter = _RunReporter(run)
    try:
        reporter.save("loading", 0.0, force=True)
        cohort = build_cohort(run.programme)
        weights = Weights(**run.weights)
        result = run_match(
            cohort.instance(weights),
            cast(Mode, run.mode),
            options=MatchOptions(),
            reporter=reporter,
        ).result
        reporter.save("saving", 0.0, force=True)
        _store_result(run, cohort, weights, result)
    except Exception as exc:
        logger.exception("match run %s failed", run.pk)
        MatchRun.objects.filter(pk=run.pk, started_at=run.started_at).update(
            status=MatchRun.Status.FAILED,
            error=f"The run stopped on an unexpected error ({type(exc).__name__}). "
            "Nothing was proposed; try again, and tell your administrator if it recurs.",
            finished_at=timezone.now(),
            progress=100,
            stage="Failed",
        )
    run.refresh_from_db()
    return run


def programme_questions(programme: Programme) -> dict[str, tuple[str, dict[str, str]]]:
    return question_labels(list(Question.objects.filter(programme=programme)))


@transaction.atomic
def _store_result(
    run: MatchRun, cohort: ProgrammeCohort, weights: Weights, result: MatchResult
) -> None:
    current = MatchRun.objects.select_for_update().get(pk=run.pk)
    if current.status != MatchRun.Status.RUNNING or current.started_at != run.started_at:
        logger.warning("match run %s: a later attempt owns this run; result dropped", run.pk)
        return
    questions = programme_questions(run.programme)
    previous: dict[tuple[int, int], MatchProposal] = {}
    if run.parent_id is not None:
        previous = {
            (p.mentee_id, p.mentor_id): p for p in MatchProposal.objects.filter(run=run.parent_id)
        }
    rows = [
        MatchProposal(
            run=run,
            mentee_id=int(pair.mentee),
            mentor_id=int(pair.mentor),
            score=pair.score,
            reasons=list(pair.reasons),
            alignment=alignment_summary(
                cohort.answers.get(int(pair.mentee), {}),
                cohort.answers.get(int(pair.mentor), {}),
                questions,
            ),
        )
        for pair in result.pairs
    ]
    for mentee, mentor in cohort.pins:
        before = previous.get((mentee, mentor))
        if before is not None:
            score, reasons, origin = before.score, list(before.reasons), before.origin
        else:
            checked = check_pair(cohort, weights, mentee, mentor)
            score, reasons = checked.score, list(checked.reasons)
            origin = MatchProposal.Origin.MANUAL
        rows.append(
            MatchProposal(
                run=run,
                mentee_id=mentee,
                mentor_id=mentor,
                score=score,
                reasons=reasons,
                alignment=alignment_summary(
                    cohort.answers.get(mentee, {}), cohort.answers.get(mentor, {}), questions
                ),
                pinned=True,
                origin=origin,
            )
        )
    MatchProposal.objects.bulk_create(rows, batch_size=1000)
    UnmatchedMentee.objects.bulk_create(
        [
            UnmatchedMentee(run=run, mentee_id=int(u.mentee), reason=u.reason[:300])
            for u in result.unmatched
        ],
        batch_size=1000,
    )
    pinned_score = sum(r.score for r in rows if r.pinned)
    run.metrics = {
        "matched": len(rows),
        "unmatched": len(result.unmatched),
        "pinned": len(cohort.pins),
        "mentees": len(cohort.mentees),
        "mentors": len(cohort.mentors),
        "total_score": round(result.total_score + pinned_score, 6),
        "upper_bound": round(result.upper_bound + pinned_score, 6),
        "seconds": result.seconds,
        "certificate": result.certificate,
        "skipped_pins": cohort.skipped_pins,
    }
    run.status = MatchRun.Status.DONE
    run.stage = "Done"
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()


def refresh_metrics(run: MatchRun) -> None:
    """Recount after a coordinator's change; the engine's bound no longer applies."""
    proposals = list(MatchProposal.objects.filter(run=run).values_list("score", "pinned"))
    run.metrics = {
        **run.metrics,
        "matched": len(proposals),
        "unmatched": UnmatchedMentee.objects.filter(run=run).count(),
        "pinned": sum(1 for _, pinned in proposals if pinned),
        "total_score": round(sum(score for score, _ in proposals), 6),
        "adjusted": True,
    }
    run.save(update_fields=["metrics", "updated_at"])


# Publishing


@transaction.atomic
def match_run_publish(*, run: MatchRun, published_by: User) -> list[Mentorship]:
    """Create every proposed mentorship, or none: one refused pair rolls the whole run back."""
    locked = MatchRun.objects.select_for_update().get(pk=run.pk)
    if locked.status == MatchRun.Status.PUBLISHED:
        raise MatchingError("This run is already published.")
    if locked.status != MatchRun.Status.DONE:
        raise MatchingError("Only a finished run can be published.")
    proposals = list(
        MatchProposal.objects.filter(run=run).select_related("mentee__user", "mentor__user")
    )
    if not proposals:
        raise MatchingError("This run has no pairs to publish.")
    programme = run.programme
    created: list[Mentorship] = []
    problems: list[str] = []
    for proposal in proposals:
        try:
            created.append(
                mentorship_create(
                    programme=programme,
                    mentee=proposal.mentee,
                    mentor=proposal.mentor,
                    created_by=None,
                    origin=Mentorship.Origin.MATCH,
                )
            )
        except MentorshipError as exc:
            problems.append(f"{proposal.mentee.name} with {proposal.mentor.name}: {exc.message}")
    if problems:
        transaction.set_rollback(True)
        shown = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise MatchingError(
            f"Nothing was published: {len(problems)} pair{'s' if len(problems) != 1 else ''} "
            f"can no longer be made. {shown}{more}. Adjust these pairs or re-run, then publish."
        )
    locked.status = MatchRun.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.published_by = published_by
    locked.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    run.status, run.published_at = locked.status, locked.published_at
    _notify_published(run, created)
    logger.info("match run %s published: %s mentorships", run.pk, len(created))
    return created


def _notify_published(run: MatchRun, mentorships: list[Mentorship]) -> None:
    by_mentor: dict[int, list[Mentorship]] = defaultdict(list)
    for mentorship in mentorships:
        by_mentor[mentorship.mentor_id].append(mentorship)
        mentee = mentorship.mentee
        if mentee.user is not None:
            notification_send(
                recipient=mentee.user,
                kind="match_published",
                title=f"You have a mentor in {run.programme.name}: {mentorship.mentor.name}",
                body="Start by reading each other's expectations and agreeing how you will "
                "work together.",
                url=reverse("mentorships:overview", args=[mentorship.pk]),
                dedupe_key=f"match-published:{run.pk}:{mentee.pk}",
            )
    for pairs in by_mentor.values():
        mentor = pairs[0].mentor
        if mentor.user is None:
            continue
        names = ", ".join(m.mentee.name for m in pairs)
        notification_send(
            recipient=mentor.user,
            kind="match_published",
            title=f"You have been matched in {run.programme.name}: {names}",
            body="Read your mentee's expectations and agree how you will work together.",
            url=reverse("mentorships:overview", args=[pairs[0].pk]),
            dedupe_key=f"match-published:{run.pk}:{mentor.pk}",
        )


# Settings


def matching_settings_update(
    *, programme: Programme, request_expiry_days: int, max_pending_requests: int, **weights: float
) -> MatchingSettings:
    clean = _clean_weights(weights)
    found, _ = MatchingSettings.objects.update_or_create(
        programme=programme,
        defaults={
            "request_expiry_days": request_expiry_days,
            "max_pending_requests": max_pending_requests,
            "weight_goals": clean["goals"],
            "weight_expectations": clean["expectations"],
            "weight_preferences": clean["preferences"],
            "weight_cross_department": clean["cross_department"],
        },
    )
    return found
