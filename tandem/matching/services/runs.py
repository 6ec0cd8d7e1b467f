"""Match runs: start one, run the engine in the background, re-run keeping pins, publish."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import cast

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from tandem.accounts.language import language_for_choice
from tandem.accounts.models import User
from tandem.core import audit
from tandem.matching.engine.model import MODES, MatchResult, Mode, Rules, Weights
from tandem.matching.engine.pipeline import MatchOptions, ProgressFn, Reporter, run_match
from tandem.matching.instance import (
    ProgrammeCohort,
    build_cohort,
    programme_rules,
    rules_from_snapshot,
)
from tandem.matching.models import MatchingSettings, MatchProposal, MatchRun, UnmatchedMentee
from tandem.matching.reasons import (
    Reader,
    Vocabulary,
    mentor_not_taking_reason,
    next_step_for_unmatched,
    pair_reasons_for,
    unmatched_reason_for,
    vocabulary_for,
)
from tandem.matching.scoring import alignment_summary, check_pair, question_labels
from tandem.matching.selectors import published_after, unmatched_to_notify
from tandem.mentorships.models import MentorExclusion, Mentorship
from tandem.notifications.models import Notification
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme, Question

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
# Stored in English and shown translated (``MatchRun.stage_text``): the run is read in each
# coordinator's language, and the column is short.
STAGE_LABELS = {
    "loading": gettext_noop("Loading the cohort"),
    "features": gettext_noop("Reading goals and expertise"),
    "candidates": gettext_noop("Scoring candidate pairs"),
    "solve": gettext_noop("Solving the assignment"),
    "pricing": gettext_noop("Checking the bound"),
    "repair": gettext_noop("Repair"),
    "explain": gettext_noop("Explaining each pair"),
    "saving": gettext_noop("Saving the proposals"),
}
WAITING = gettext_noop("Waiting for a worker")
FAILED = gettext_noop("Failed")
DONE = gettext_noop("Done")
CHECKING = gettext_noop("Checking the pairs")
NOTIFYING = gettext_noop("Notifying people")
PUBLISHED = gettext_noop("Published")
WEIGHT_KEYS = ("goals", "expectations", "preferences", "cross_department", "junior_mentor")


def _clean_weights(weights: dict[str, float]) -> dict[str, float]:
    clean = {key: float(weights.get(key, 0.0)) for key in WEIGHT_KEYS}
    if any(value < 0 or value > 10 for value in clean.values()):
        raise MatchingError(_("Each weight must be between 0 and 10."), field="weights")
    if not any(clean.values()):
        raise MatchingError(_("Give at least one weight above zero."), field="weights")
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
        raise MatchingError(_("Unknown mode %(mode)r.") % {"mode": mode}, field="mode")
    run = MatchRun.objects.create(
        programme=programme,
        created_by=created_by,
        parent=parent,
        mode=mode,
        weights=_clean_weights(weights),
        rules=programme_rules(programme).as_dict(),
        stage=WAITING,
    )
    audit.record("matchrun.started", actor=created_by, obj=run, programme=programme.pk, mode=mode)
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
        if run.programme.is_peer:
            from .peer_runs import peer_run_execute

            reporter.save("solve", 0.0, force=True)
            peer_run_execute(run, Weights(**run.weights), programme_questions(run.programme))
            run.refresh_from_db()
            return run
        cohort = build_cohort(run.programme)
        # The rules as they were when the coordinator queued the run, not as they are now.
        cohort.rules = run_rules(run, cohort.rules)
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
            error=_(
                "The run stopped on an unexpected error (%(error)s). Nothing was proposed; try "
                "again, and tell your administrator if it recurs."
            )
            % {"error": type(exc).__name__},
            finished_at=timezone.now(),
            progress=100,
            stage=FAILED,
        )
    run.refresh_from_db()
    return run


def run_rules(run: MatchRun, fallback: Rules) -> Rules:
    """The rules snapshotted on the run; a run saved before snapshots existed uses ``fallback``."""
    return rules_from_snapshot(run.rules, fallback)


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
    pinned_per_mentor: dict[int, int] = defaultdict(int)
    for _mentee, mentor in cohort.pins:
        pinned_per_mentor[mentor] += 1
    mentor_names = dict(Person.objects.filter(pk__in=cohort.unavailable).values_list("pk", "name"))
    labels = run.programme.labels
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
        "mentors_not_taking": [
            mentor_not_taking_reason(
                mentor_names.get(pk, ""), until, pinned_per_mentor[pk], labels=labels
            )
            for pk, until in sorted(
                cohort.unavailable.items(), key=lambda item: mentor_names.get(item[0], "")
            )
        ],
    }
    run.status = MatchRun.Status.DONE
    if published_after(run):
        run.status = MatchRun.Status.SUPERSEDED
    run.stage = DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()


def refresh_metrics(run: MatchRun) -> None:
    """Recount after a coordinator's change; the engine's bound no longer applies."""
    if run.programme.is_peer:
        from .peer_runs import peer_refresh_metrics

        peer_refresh_metrics(run)
        return
    proposals = list(MatchProposal.objects.filter(run=run).values_list("score", "pinned"))
    run.metrics = {
        **run.metrics,
        "matched": len(proposals),
        "unmatched": UnmatchedMentee.objects.filter(run=run).count(),
        "pinned": sum(1 for _score, pinned in proposals if pinned),
        "total_score": round(sum(score for score, _pinned in proposals), 6),
        "adjusted": True,
    }
    run.save(update_fields=["metrics", "updated_at"])


# Publishing

# Mentorships are created, and people notified, this many at a time.
PUBLISH_BATCH = 1000


def _refuse_unpublishable(run: MatchRun) -> None:
    status = MatchRun.Status
    if run.status == status.PUBLISHED:
        raise MatchingError(_("Run %(run)s is already published.") % {"run": run.pk})
    if run.status == status.PUBLISHING:
        raise MatchingError(
            _("Run %(run)s is being published; its progress is on this page.") % {"run": run.pk}
        )
    newer = published_after(run)
    if run.status == status.SUPERSEDED or newer is not None:
        if newer is not None:
            text = _(
                "Run %(run)s can no longer be published: run %(later)s was published after it, "
                "so its pairs are out of date. Re-run to get fresh proposals."
            )
        else:
            text = _(
                "Run %(run)s can no longer be published: a later run was published after it, so "
                "its pairs are out of date. Re-run to get fresh proposals."
            )
        raise MatchingError(text % {"run": run.pk, "later": newer.pk if newer else ""})
    if run.status != status.DONE:
        raise MatchingError(_("Only a run that has finished can be published."))


def publish_refusal(run: MatchRun) -> str:
    """Why this run cannot be published now, in one sentence; empty when it can."""
    try:
        _refuse_unpublishable(run)
    except MatchingError as exc:
        return exc.message
    return ""


def match_run_publish(*, run: MatchRun, published_by: User) -> MatchRun:
    """Queue the publication of a run's pairs; a background task creates and announces them."""
    with transaction.atomic():
        # One publication at a time per programme: two runs published together would both
        # count the same free places.
        Programme.objects.select_for_update().filter(pk=run.programme_id).first()
        locked = MatchRun.objects.select_for_update().get(pk=run.pk)
        _refuse_unpublishable(locked)
        busy = (
            MatchRun.objects.filter(
                programme_id=run.programme_id, status=MatchRun.Status.PUBLISHING
            )
            .exclude(pk=run.pk)
            .first()
        )
        if busy is not None:
            raise MatchingError(
                _("Run %(run)s is being published; wait until it has finished.") % {"run": busy.pk}
            )
        if not MatchProposal.objects.filter(run=locked).exists():
            raise MatchingError(_("This run has no pairs to publish."))
        locked.status = MatchRun.Status.PUBLISHING
        locked.published_by = published_by
        locked.stage = WAITING
        locked.progress = 0
        locked.error = ""
        locked.save(
            update_fields=["status", "published_by", "stage", "progress", "error", "updated_at"]
        )
        audit.record(
            "matchrun.published", actor=published_by, obj=locked, programme=run.programme_id
        )
        from tandem.matching.tasks import publish_match_run

        transaction.on_commit(lambda: publish_match_run.enqueue(locked.pk))
    logger.info("match run %s queued for publishing", run.pk)
    run.status, run.published_by = locked.status, published_by
    return locked


def _publish_progress(run: MatchRun, stage: str, percent: int) -> None:
    MatchRun.objects.filter(pk=run.pk).update(stage=stage, progress=percent)


def match_run_publish_execute(*, run_id: int) -> MatchRun:
    """The body of the publishing task: every mentorship in one transaction, then the notices.

    A retried task is harmless: mentorships exist once the run has ``published_at``, and each
    notice has a key that lets it be sent only once.
    """
    run = MatchRun.objects.select_related("programme").get(pk=run_id)
    if run.status != MatchRun.Status.PUBLISHING:
        return run
    try:
        if run.published_at is None:
            _publish_progress(run, CHECKING, 5)
            _create_mentorships(run)
    except Exception as exc:
        if isinstance(exc, MatchingError):
            message = exc.message
        else:
            logger.exception("publishing match run %s failed", run.pk)
            message = _(
                "Publishing stopped on an unexpected error (%(error)s). Nothing was published "
                "and nobody was notified; try again, and tell your administrator if it recurs."
            ) % {"error": type(exc).__name__}
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.DONE, stage=DONE, progress=100, error=message
        )
        run.refresh_from_db()
        return run
    run.refresh_from_db()
    try:
        _notify_published(run)
    except Exception as exc:
        logger.exception("notifying match run %s failed", run.pk)
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.PUBLISHED,
            stage=PUBLISHED,
            progress=100,
            error=_(
                "Every mentorship was created, but sending the notices stopped on an "
                "unexpected error (%(error)s); some people have not been told yet."
            )
            % {"error": type(exc).__name__},
        )
    else:
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.PUBLISHED, stage=PUBLISHED, progress=100
        )
    run.refresh_from_db()
    logger.info("match run %s published", run.pk)
    return run


def _chain_contains(managers: Mapping[int, int | None], mentee: int, mentor: int) -> bool:
    seen = {mentee}
    node = managers.get(mentee)
    while node is not None and node not in seen:
        if node == mentor:
            return True
        seen.add(node)
        node = managers.get(node)
    return False


def _refused_pairs(programme: Programme, pairs: list[tuple[int, int, int]]) -> list[str]:
    """Pairs that can no longer be made, in words, checked for the whole run at once.

    The same checks as pairing two people by hand, in a fixed number of queries.
    """
    approved = Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
    mentees = set(approved.filter(role=Enrolment.Role.MENTEE).values_list("person_id", flat=True))
    capacity = dict(
        approved.filter(role=Enrolment.Role.MENTOR).values_list("person_id", "capacity")
    )
    excluded = set(
        MentorExclusion.objects.filter(programme=programme).values_list("mentee_id", "mentor_id")
    )
    open_pairs = Mentorship.objects.open().filter(programme=programme)
    paired = set(open_pairs.values_list("mentee_id", flat=True))
    taken: dict[int, int] = defaultdict(int)
    for mentor_id in open_pairs.values_list("mentor_id", flat=True):
        taken[mentor_id] += 1
    managers = dict(Person.objects.values_list("pk", "manager_id"))
    words = {"mentor": programme.labels.mentor, "mentee": programme.labels.mentee}
    problem_ids: list[tuple[int, int, str]] = []
    for _proposal, mentee, mentor in pairs:
        taken[mentor] += 1
        if mentee == mentor:
            why = _("a person cannot mentor themselves")
        elif mentee not in mentees:
            why = _("the %(mentee)s is no longer an approved %(mentee)s") % words
        elif mentor not in capacity:
            why = _("the %(mentor)s is no longer an approved %(mentor)s") % words
        elif (mentee, mentor) in excluded:
            why = _("the %(mentor)s is excluded for this %(mentee)s") % words
        elif mentee in paired:
            why = _("the %(mentee)s already has a %(mentor)s") % words
        elif taken[mentor] > capacity[mentor]:
            why = _("the %(mentor)s has no place left") % words
        elif _chain_contains(managers, mentee, mentor):
            why = _("the %(mentor)s is in the %(mentee)s's management chain") % words
        else:
            continue
        problem_ids.append((mentee, mentor, why))
    return pair_problems_named(problem_ids)


def pair_problems_named(problems: list[tuple[int, int, str]]) -> list[str]:
    """Each (mentee id, mentor id, why) as a sentence; the first three pairs, which a refusal
    quotes, by their people's names."""
    if not problems:
        return []
    names = dict(
        Person.objects.filter(
            pk__in={pk for a, b, _why in problems[:3] for pk in (a, b)}
        ).values_list("pk", "name")
    )
    return [
        _("%(mentee)s with %(mentor)s: %(why)s")
        % {"mentee": names.get(a, a), "mentor": names.get(b, b), "why": why}
        for a, b, why in problems
    ]


def _create_batch(run: MatchRun, batch: list[tuple[int, int, int]]) -> int:
    rows = [
        Mentorship(
            programme_id=run.programme_id,
            mentee_id=mentee,
            mentor_id=mentor,
            origin=Mentorship.Origin.MATCH,
        )
        for _proposal, mentee, mentor in batch
    ]
    return len(Mentorship.objects.bulk_create(rows, batch_size=PUBLISH_BATCH))


@transaction.atomic
def _create_mentorships(run: MatchRun) -> None:
    """Every proposed mentorship, or none: a refused pair or an error rolls all batches back."""
    locked = MatchRun.objects.select_for_update().get(pk=run.pk)
    if locked.published_at is not None:
        return  # a retried task: this transaction already committed once
    pairs = list(
        MatchProposal.objects.filter(run=run)
        .order_by("pk")
        .values_list("pk", "mentee_id", "mentor_id")
    )
    if run.programme.is_peer:
        from .peer_runs import peer_refused_pairs

        problems = peer_refused_pairs(run.programme, pairs)
    else:
        problems = _refused_pairs(run.programme, pairs)
    if problems:
        shown = "; ".join(problems[:3])
        count = len(problems)
        raise MatchingError(
            ngettext(
                "Nothing was published: %(count)s pair can no longer be made (for example "
                "%(shown)s). Re-run to get fresh proposals, or adjust these pairs.",
                "Nothing was published: %(count)s pairs can no longer be made (for example "
                "%(shown)s). Re-run to get fresh proposals, or adjust these pairs.",
                count,
            )
            % {"count": count, "shown": shown}
        )
    locked.published_at = timezone.now()
    created = 0
    for start in range(0, len(pairs), PUBLISH_BATCH):
        created += _create_batch(run, pairs[start : start + PUBLISH_BATCH])
    locked.stage = NOTIFYING
    locked.progress = 50
    locked.metrics = {**locked.metrics, "published_mentorships": created}
    locked.save(update_fields=["published_at", "stage", "progress", "metrics", "updated_at"])
    # Every other run waiting for review read the cohort before these pairs existed.
    MatchRun.objects.filter(programme_id=run.programme_id, status=MatchRun.Status.DONE).exclude(
        pk=run.pk
    ).update(status=MatchRun.Status.SUPERSEDED)


NOTICE_KIND = "match_published"


@dataclass(frozen=True, slots=True)
class _Notice:
    user_id: int
    key: str
    title: str
    body: str
    url: str
    email: bool  # the account is active


class _Languages:
    """A published run's words in each recipient's language (`User.language`), the
    programme's role words made once per language: the notices are stored in bulk, so each is
    written in its reader's language here rather than by `notification_send`."""

    def __init__(self, programme: Programme, vocabulary: Vocabulary) -> None:
        self.programme = programme
        self.vocabulary = vocabulary
        self._made: dict[str, Vocabulary] = {}

    @contextmanager
    def of(self, choice: str | None) -> Iterator[Vocabulary]:
        """Translate what is written inside the block in the language `choice` names; the
        vocabulary in that language."""
        language = language_for_choice(choice or "")
        with translation.override(language):
            if language not in self._made:
                self._made[language] = replace(self.vocabulary, labels=self.programme.labels)
            yield self._made[language]


def _published_notices(run: MatchRun) -> list[_Notice]:
    """Every notice a published run sends: each mentee, each mentor, each unmatched mentee."""
    programme = run.programme
    languages = _Languages(programme, vocabulary_for(programme))
    pairs = list(
        MatchProposal.objects.filter(run=run)
        .order_by("mentor__name", "mentee__name", "pk")
        .values_list(
            "mentee_id",
            "mentee__name",
            "mentee__user_id",
            "mentee__user__is_active",
            "mentee__user__language",
            "mentor_id",
            "mentor__name",
            "mentor__user_id",
            "mentor__user__is_active",
            "mentor__user__language",
            "reasons",
        )
    )
    # One reverse, then the id dropped in: tens of thousands of reverses take seconds.
    marker = 987654321
    overview = reverse("mentorships:overview", args=[marker])

    def overview_url(pk: int) -> str:
        return overview.replace(str(marker), str(pk)) if pk else ""

    mentorships = dict(
        Mentorship.objects.filter(
            programme=programme,
            origin=Mentorship.Origin.MATCH,
            created_at__gte=run.published_at,
        ).values_list("mentee_id", "pk")
    )
    notices: list[_Notice] = []
    by_mentor: dict[int, list[tuple[str, int, list[str]]]] = defaultdict(list)
    mentor_users: dict[int, tuple[int | None, bool, str, str | None]] = {}
    for row in pairs:
        mentee_id, mentee, mentee_user, mentee_active, mentee_language = row[:5]
        mentor_id, mentor, mentor_user, mentor_active, mentor_language, reasons = row[5:]
        url = overview_url(mentorships.get(mentee_id, 0))
        mentor_users[mentor_id] = (mentor_user, bool(mentor_active), mentor, mentor_language)
        by_mentor[mentor_id].append((mentee, mentorships.get(mentee_id, 0), reasons))
        if mentee_user is None:
            continue
        with languages.of(mentee_language) as vocabulary:
            why = pair_reasons_for(reasons, Reader("mentee", mentee, mentor), vocabulary)
            notices.append(
                _Notice(
                    user_id=mentee_user,
                    key=f"match-published:{run.pk}:mentee:{mentee_id}",
                    title=_("You have a %(mentor)s in %(programme)s: %(name)s")
                    % {
                        "mentor": vocabulary.labels.mentor,
                        "programme": programme.name,
                        "name": mentor,
                    },
                    body=_why_body(why)
                    + _(
                        "Start by reading each other's expectations and agreeing how you will "
                        "work together."
                    ),
                    url=url,
                    email=bool(mentee_active),
                )
            )
    for mentor_id, mentees in by_mentor.items():
        user_id, active, mentor, language = mentor_users[mentor_id]
        if user_id is None:
            continue
        names = ", ".join(name for name, _mentorship, _reasons in mentees)
        first = mentees[0][1]
        with languages.of(language) as vocabulary:
            lines = [
                _("Why you were paired with %(name)s: %(reasons)s.")
                % {
                    "name": name,
                    "reasons": "; ".join(
                        pair_reasons_for(reasons, Reader("mentor", name, mentor), vocabulary)
                    ),
                }
                for name, _mentorship, reasons in mentees
            ]
            notices.append(
                _Notice(
                    user_id=user_id,
                    key=f"match-published:{run.pk}:mentor:{mentor_id}",
                    title=_("You have been matched in %(programme)s: %(names)s")
                    % {"programme": programme.name, "names": names},
                    body="\n".join(lines)
                    + "\n\n"
                    + _("Read your %(mentee)s's expectations and agree how you will work together.")
                    % {"mentee": vocabulary.labels.mentee},
                    url=overview_url(first),
                    email=active,
                )
            )
    find_url = (
        reverse("matching:find_mentor", args=[programme.slug])
        if programme.allows_self_selection
        else ""
    )
    for mentee_id, name, user_id, active, language, reason in unmatched_to_notify(run):
        with languages.of(language) as vocabulary:
            labels = vocabulary.labels
            notices.append(
                _Notice(
                    user_id=user_id,
                    key=f"match-published:{run.pk}:unmatched:{mentee_id}",
                    title=_("No %(mentor)s for you in this round of %(programme)s")
                    % {"mentor": labels.mentor, "programme": programme.name},
                    body=_("Why: %(reason)s.")
                    % {"reason": unmatched_reason_for(reason, "mentee", name, labels)}
                    + f"\n\n{next_step_for_unmatched(programme)}",
                    url=find_url,
                    email=bool(active),
                )
            )
    return notices


def _why_body(reasons: list[str]) -> str:
    if not reasons:
        return ""
    return _("Why you were paired: %(reasons)s.") % {"reasons": "; ".join(reasons)} + "\n\n"


def _send_batch(notices: list[_Notice], *, programme_id: int) -> None:
    """One batch of notices, each at most once per person and run, with its email queued."""
    with transaction.atomic():
        # What an earlier attempt of this task already committed is neither created nor
        # emailed again; the lookup goes through the recipient's index.
        sent = set(
            Notification.objects.filter(
                recipient_id__in={n.user_id for n in notices}, kind=NOTICE_KIND
            ).values_list("recipient_id", "dedupe_key")
        )
        fresh = [n for n in notices if (n.user_id, n.key[:200]) not in sent]
        created = Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=n.user_id,
                    kind=NOTICE_KIND,
                    title=n.title[:200],
                    body=n.body,
                    url=n.url,
                    dedupe_key=n.key[:200],
                    programme_id=programme_id,
                )
                for n in fresh
            ]
        )
        ids = [row.pk for row, n in zip(created, fresh, strict=True) if n.email]
        from tandem.matching.tasks import email_notifications

        # Emails are keyed by notification, so even a second queueing would send none twice.
        transaction.on_commit(lambda: email_notifications.enqueue(ids))


def _notify_published(run: MatchRun) -> None:
    notices: list[_Notice]
    if run.programme.is_peer:
        from .peer_runs import peer_published_notices

        notices = peer_published_notices(run)
    else:
        notices = _published_notices(run)
    total = max(1, len(notices))
    for start in range(0, len(notices), PUBLISH_BATCH):
        _send_batch(notices[start : start + PUBLISH_BATCH], programme_id=run.programme_id)
        done = min(len(notices), start + PUBLISH_BATCH)
        # Stored in English and shown translated (``MatchRun.stage_text``).
        _publish_progress(
            run, f"Notifying people ({done} of {len(notices)})", 50 + 50 * done // total
        )


# Settings


def matching_settings_update(
    *, programme: Programme, request_expiry_days: int, max_pending_requests: int, **weights: float
) -> MatchingSettings:
    clean = _clean_weights(weights)
    found, _created = MatchingSettings.objects.update_or_create(
        programme=programme,
        defaults={
            "request_expiry_days": request_expiry_days,
            "max_pending_requests": max_pending_requests,
            "weight_goals": clean["goals"],
            "weight_expectations": clean["expectations"],
            "weight_preferences": clean["preferences"],
            "weight_cross_department": clean["cross_department"],
            "weight_junior_mentor": clean["junior_mentor"],
        },
    )
    return found
