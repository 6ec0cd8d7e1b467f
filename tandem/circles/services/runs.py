"""Group runs: start one, run the engine in the background, adjust the proposal, publish it.

The cohort comes from the one-to-one instance builder (`tandem.matching.instance`): the same
people, languages, offsets, skills, goals, answers and pair rules, loaded in a fixed number of
queries. The engine (`tandem.matching.engine.group`) forms the circles and places the mentees.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import asdict, replace
from math import ceil

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from tandem.accounts.models import User
from tandem.circles import rules as circle_rules
from tandem.circles.errors import CircleError
from tandem.circles.models import (
    MAX_MENTORS,
    MIN_MENTEES,
    Circle,
    CircleMember,
    GroupRun,
    GroupSettings,
    Placement,
    ProposedCircle,
    UnplacedMentee,
)
from tandem.core import audit
from tandem.core.i18n import interpolate_lazy, lazy_text
from tandem.matching.engine.errors import InputError
from tandem.matching.engine.group import GroupResult, circles_from_mentors, match_circles
from tandem.matching.engine.model import Mentor, Weights
from tandem.matching.instance import build_cohort, programme_rules, rules_from_snapshot
from tandem.matching.reasons import (
    Vocabulary,
    circle_reasons_for,
    next_step_for_unplaced,
    unplaced_reason_for,
    vocabulary_for,
)
from tandem.matching.selectors import programme_weights
from tandem.notifications.services import notification_send_to_person
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme
from tandem.programmes.roles import role_labels

from .notices import browse_url, member_circle_url

logger = logging.getLogger("tandem.circles")

# Stored on the run in English and translated when shown (`{% translate run.stage %}`).
STAGES = {
    "loading": (gettext_noop("Loading the cohort"), 5),
    "forming": (gettext_noop("Forming the circles"), 20),
    "placing": (gettext_noop("Placing the mentees"), 35),
    "saving": (gettext_noop("Saving the proposal"), 90),
}
WAITING = gettext_noop("Waiting for a worker")
TAKEN_OUT = "the coordinator took them out of the proposal"
PLACED_BY_HAND = "placed by the coordinator"


def group_settings(programme: Programme) -> GroupSettings:
    """The programme's group settings, or the defaults while nobody has saved them."""
    found = GroupSettings.objects.filter(programme=programme).first()
    return found or GroupSettings(programme=programme)


def _busy(programme: Programme) -> tuple[set[int], set[int]]:
    """Mentees and mentors already in an open circle of the programme."""
    mentees: set[int] = set()
    mentors: set[int] = set()
    for person_id, role in circle_rules.open_circle_memberships(programme).values_list(
        "person_id", "role"
    ):
        (mentors if role == CircleMember.Role.MENTOR else mentees).add(person_id)
    return mentees, mentors


def free_mentor_count(programme: Programme) -> int:
    """Approved mentors who facilitate no open circle of the programme and take mentees now."""
    _, busy = _busy(programme)
    return (
        Enrolment.objects.filter(
            programme=programme, role=Enrolment.Role.MENTOR, status=Enrolment.Status.APPROVED
        )
        .exclude(person_id__in=busy)
        .filter(person__in=Person.objects.taking_mentees())
        .count()
    )


def _check_programme(programme: Programme) -> None:
    if programme.kind != Programme.Kind.GROUP:
        raise CircleError(_("Only a group programme forms circles."))


@transaction.atomic
def group_run_start(
    *, programme: Programme, created_by: User | None, circle_count: int | None
) -> GroupRun:
    """Queue a run: ``circle_count`` circles, or one per mentor's topic when None."""
    _check_programme(programme)
    mentors = free_mentor_count(programme)
    if mentors == 0:
        raise CircleError(
            _("No approved mentor is free to facilitate a circle: approve mentors first."),
            field="circle_count",
        )
    if circle_count is not None and not ceil(mentors / MAX_MENTORS) <= circle_count <= mentors:
        raise CircleError(
            ngettext(
                "With %(count)s free mentor, choose between %(least)s and %(count)s circles: "
                "each has one or two facilitators.",
                "With %(count)s free mentors, choose between %(least)s and %(count)s circles: "
                "each has one or two facilitators.",
                mentors,
            )
            % {"count": mentors, "least": ceil(mentors / MAX_MENTORS)},
            field="circle_count",
        )
    settings = group_settings(programme)
    run = GroupRun.objects.create(
        programme=programme,
        created_by=created_by,
        circle_count=circle_count,
        rules=programme_rules(programme).as_dict(),
        weights=asdict(programme_weights(programme)),
        max_mentees=settings.max_mentees,
        stage=WAITING,
    )
    audit.record("grouprun.started", actor=created_by, obj=run, programme=programme.pk)
    from tandem.circles.tasks import execute_group_run

    transaction.on_commit(lambda: execute_group_run.enqueue(run.pk))
    logger.info("group run %s queued for programme %s", run.pk, programme.pk)
    return run


def _stage(run: GroupRun, name: str) -> None:
    label, percent = STAGES[name]
    GroupRun.objects.filter(pk=run.pk).update(stage=label, progress=percent)


def group_run_execute(*, run_id: int) -> GroupRun:
    """The background task's body. A run left "running" by a worker that died starts again
    (recovery re-queued its task); each attempt is stamped by its start, and only the latest
    may store its result. A finished run is never run twice."""
    started_at = timezone.now()
    claimed = GroupRun.objects.filter(
        pk=run_id, status__in=[GroupRun.Status.QUEUED, GroupRun.Status.RUNNING]
    ).update(status=GroupRun.Status.RUNNING, started_at=started_at, updated_at=started_at)
    run = GroupRun.objects.select_related("programme").get(pk=run_id)
    if not claimed:
        return run
    try:
        _stage(run, "loading")
        programme = run.programme
        cohort = build_cohort(programme)
        rules = rules_from_snapshot(run.rules, cohort.rules)
        busy_mentees, busy_mentors = _busy(programme)
        mentors = [
            mentor
            for pk, mentor in cohort.mentors.items()
            if pk not in busy_mentors and pk not in cohort.unavailable
        ]
        mentees = [m for pk, m in cohort.mentees.items() if pk not in busy_mentees]
        _stage(run, "forming")
        circles = circles_from_mentors(mentors, cohort.people, rules, n_circles=run.circle_count)
        _stage(run, "placing")
        result = match_circles(
            circles,
            mentees,
            cohort.people,
            rules,
            Weights(**run.weights),
            min_size=MIN_MENTEES,
            max_size=run.max_mentees,
            forbidden=[(str(a), str(b)) for a, b in sorted(cohort.forbidden)],
        )
        _stage(run, "saving")
        _store(run, circles_by_id={c.id: c.mentors for c in circles}, result=result)
    except InputError as exc:
        _fail(run, _("The circles could not be formed: %(problem)s.") % {"problem": exc.problem})
    except Exception as exc:
        logger.exception("group run %s failed", run.pk)
        _fail(
            run,
            _(
                "The run stopped on an unexpected error (%(error)s). Nothing was proposed; try "
                "again, and tell your administrator if it recurs."
            )
            % {"error": type(exc).__name__},
        )
    run.refresh_from_db()
    return run


def _fail(run: GroupRun, message: str) -> None:
    GroupRun.objects.filter(pk=run.pk, started_at=run.started_at).update(
        status=GroupRun.Status.FAILED,
        error=message,
        finished_at=timezone.now(),
        progress=100,
        stage=gettext_noop("Failed"),
    )


def _circle_name(mentors: tuple[Mentor, ...], names: dict[int, str]) -> tuple[str, str]:
    who = get_text_list([names.get(int(m.id), m.id) for m in mentors], _("and"))
    skills = list(dict.fromkeys(s for m in mentors for s in m.skills))[:4]
    topic = ", ".join(skills) if skills else " ".join(m.expertise for m in mentors).strip()
    return (_("Circle with %(names)s") % {"names": who})[:150], topic


@transaction.atomic
def _store(
    run: GroupRun,
    *,
    circles_by_id: dict[str, tuple[Mentor, ...]],
    result: GroupResult,
) -> None:
    current = GroupRun.objects.select_for_update().get(pk=run.pk)
    if current.status != GroupRun.Status.RUNNING or current.started_at != run.started_at:
        logger.warning("group run %s: a later attempt owns this run; result dropped", run.pk)
        return
    mentor_ids = {int(m.id) for mentors in circles_by_id.values() for m in mentors}
    names = dict(Person.objects.filter(pk__in=mentor_ids).values_list("pk", "name"))
    proposed: list[ProposedCircle] = []
    for circle in result.circles:
        mentors = circles_by_id[circle.id]
        name, topic = _circle_name(mentors, names)
        proposed.append(
            ProposedCircle(
                run=run,
                name=name,
                topic=topic,
                facilitator_id=int(mentors[0].id),
                co_facilitator_id=int(mentors[1].id) if len(mentors) > 1 else None,
                empty_reason=(circle.dissolved_reason or "")[:300] if not circle.members else "",
            )
        )
    proposed = ProposedCircle.objects.bulk_create(proposed)
    placements = [
        Placement(
            run=run,
            circle=row,
            mentee_id=int(member.mentee),
            fit=member.fit,
            reasons=list(member.reasons),
        )
        for row, circle in zip(proposed, result.circles, strict=True)
        for member in circle.members
    ]
    Placement.objects.bulk_create(placements, batch_size=1000)
    UnplacedMentee.objects.bulk_create(
        [
            UnplacedMentee(run=run, mentee_id=int(u.mentee), reason=u.reason[:300])
            for u in result.unmatched
        ],
        batch_size=1000,
    )
    certificate = dict(result.certificate)
    run.metrics = {
        "placed": result.matched,
        "unplaced": len(result.unmatched),
        "mentees": result.matched + len(result.unmatched),
        "mentors": len(mentor_ids),
        "circles": len(proposed),
        "total_fit": round(result.total_fit, 6),
        "upper_bound": round(result.upper_bound, 6),
        "bound_matched": result.bound_matched,
        "method": result.method,
        "proved_optimal": bool(certificate.get("proved_optimal", False)),
        "bound_over": str(certificate.get("bound_over", "")),
        "seconds": round(result.seconds, 3),
        "certificate": certificate,
    }
    published = GroupRun.objects.filter(
        programme_id=run.programme_id, published_at__gte=run.started_at
    ).exists()
    run.status = GroupRun.Status.SUPERSEDED if published else GroupRun.Status.DONE
    run.stage = gettext_noop("Done")
    run.progress = 100
    run.finished_at = timezone.now()
    run.save()


# Adjusting the proposal


def _locked_reviewable(run: GroupRun) -> GroupRun:
    locked = GroupRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
    if not locked.is_reviewable:
        raise CircleError(
            _("This run is %(status)s: its proposal can no longer be changed.")
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _check_into(run: GroupRun, circle: ProposedCircle, mentee_id: int, *, leaving: int) -> None:
    """The mentee may take a place in the proposed circle (``leaving``: a placement that
    moves out of it first)."""
    others = list(
        Placement.objects.filter(circle=circle)
        .exclude(pk=leaving)
        .exclude(mentee_id=mentee_id)
        .values_list("mentee_id", flat=True)
    )
    facts = circle_rules.facts_for([*circle.facilitator_ids, *others, mentee_id])
    circle_rules.check_place(
        rules=rules_from_snapshot(run.rules, programme_rules(run.programme)),
        newcomer=facts[mentee_id],
        members=[facts[pk] for pk in (*circle.facilitator_ids, *others) if pk in facts],
        circle=circle.name,
        mentees=len(others),
        max_mentees=run.max_mentees,
        field="circle",
    )


def _refresh_metrics(run: GroupRun) -> None:
    """Recount after a coordinator's change; the engine's bound no longer applies."""
    fits = list(Placement.objects.filter(run=run).values_list("fit", flat=True))
    run.metrics = {
        **run.metrics,
        "placed": len(fits),
        "unplaced": UnplacedMentee.objects.filter(run=run).count(),
        "total_fit": round(sum(f for f in fits if f is not None), 6),
        "adjusted": True,
    }
    run.save(update_fields=["metrics", "updated_at"])


@transaction.atomic
def placement_move(*, placement: Placement, circle: ProposedCircle, by: User) -> Placement:
    run = _locked_reviewable(placement.run)
    if circle.run_id != run.pk:
        raise CircleError(_("That circle belongs to another run."), field="circle")
    if circle.pk == placement.circle_id:
        raise CircleError(
            _("%(name)s is already in %(circle)s.")
            % {"name": placement.mentee.name, "circle": circle.name},
            field="circle",
        )
    _check_into(run, circle, placement.mentee_id, leaving=placement.pk)
    placement.circle = circle
    placement.fit = None
    placement.reasons = [PLACED_BY_HAND]
    placement.origin = Placement.Origin.MANUAL
    placement.save(update_fields=["circle", "fit", "reasons", "origin"])
    _refresh_metrics(run)
    audit.record("grouprun.adjusted", actor=by, obj=run, change="move")
    return placement


@transaction.atomic
def placement_remove(*, placement: Placement, by: User) -> UnplacedMentee:
    run = _locked_reviewable(placement.run)
    row = UnplacedMentee.objects.create(run=run, mentee_id=placement.mentee_id, reason=TAKEN_OUT)
    placement.delete()
    _refresh_metrics(run)
    audit.record("grouprun.adjusted", actor=by, obj=run, change="remove")
    return row


@transaction.atomic
def unplaced_place(*, row: UnplacedMentee, circle: ProposedCircle, by: User) -> Placement:
    run = _locked_reviewable(row.run)
    if circle.run_id != run.pk:
        raise CircleError(_("That circle belongs to another run."), field="circle")
    _check_into(run, circle, row.mentee_id, leaving=0)
    placement = Placement.objects.create(
        run=run,
        circle=circle,
        mentee_id=row.mentee_id,
        fit=None,
        reasons=[PLACED_BY_HAND],
        origin=Placement.Origin.MANUAL,
    )
    row.delete()
    _refresh_metrics(run)
    audit.record("grouprun.adjusted", actor=by, obj=run, change="place")
    return placement


@transaction.atomic
def proposed_circle_rename(
    *, circle: ProposedCircle, name: str, topic: str, by: User
) -> ProposedCircle:
    run = _locked_reviewable(circle.run)
    name = name.strip()
    if not name:
        raise CircleError(_("Give the circle a name."), field="name")
    circle.name = name[:150]
    circle.topic = topic.strip()
    circle.save(update_fields=["name", "topic"])
    audit.record("grouprun.adjusted", actor=by, obj=run, change="rename")
    return circle


# Publishing


def publish_problems(run: GroupRun) -> list[str]:
    """Why the proposal cannot become circles as it stands, in words; empty when it can."""
    circles = list(
        ProposedCircle.objects.filter(run=run)
        .annotate(size=Count("placements"))
        .select_related("facilitator", "co_facilitator")
        .order_by("name", "pk")
    )
    kept = [c for c in circles if c.size]
    if not kept:
        return [_("No circle has any member: place mentees in a circle first.")]
    problems = [
        ngettext(
            "%(circle)s has %(count)s mentee; a circle forms with at least %(least)s. Place more "
            "mentees in it, or move its members to other circles.",
            "%(circle)s has %(count)s mentees; a circle forms with at least %(least)s. Place "
            "more mentees in it, or move its members to other circles.",
            c.size,
        )
        % {"circle": c.name, "count": c.size, "least": MIN_MENTEES}
        for c in kept
        if c.size < MIN_MENTEES
    ]
    approved = Enrolment.objects.filter(
        programme_id=run.programme_id, status=Enrolment.Status.APPROVED
    )
    mentors = set(approved.filter(role=Enrolment.Role.MENTOR).values_list("person_id", flat=True))
    mentees = set(approved.filter(role=Enrolment.Role.MENTEE).values_list("person_id", flat=True))
    busy_mentees, _busy_mentors = _busy(run.programme)
    for c in kept:
        for person in (c.facilitator, c.co_facilitator):
            if person is not None and person.pk not in mentors:
                problems.append(
                    _("%(name)s is no longer an approved mentor of the programme.")
                    % {"name": person.name}
                )
    for mentee_id, name in Placement.objects.filter(
        run=run, circle__in=[c.pk for c in kept]
    ).values_list("mentee_id", "mentee__name"):
        if mentee_id not in mentees:
            problems.append(
                _("%(name)s is no longer an approved mentee of the programme.") % {"name": name}
            )
        elif mentee_id in busy_mentees:
            problems.append(
                _("%(name)s has joined a circle since this run; take them out of it.")
                % {"name": name}
            )
    return problems


def publish_refusal(run: GroupRun) -> str:
    """Why this run cannot be published now, in one sentence; empty when it can."""
    if run.status == GroupRun.Status.PUBLISHED:
        return _("This run is already published.")
    if run.status == GroupRun.Status.SUPERSEDED:
        return _(
            "A later run was published after this one read the cohort, so its circles are out "
            "of date: start a new run."
        )
    if run.status != GroupRun.Status.DONE:
        return _("Only a run that has finished can be published.")
    problems = publish_problems(run)
    if len(problems) > 3:
        return ngettext(
            "Nothing can be published yet. %(problems)s (%(count)s more)",
            "Nothing can be published yet. %(problems)s (%(count)s more)",
            len(problems) - 3,
        ) % {"problems": " ".join(problems[:3]), "count": len(problems) - 3}
    if problems:
        return _("Nothing can be published yet. %(problems)s") % {"problems": " ".join(problems)}
    return ""


@transaction.atomic
def group_run_publish(*, run: GroupRun, by: User) -> list[Circle]:
    """Turn the proposal into circles, once: the run's row is locked, so two publications at
    the same moment create the circles once and the second is told it was already done."""
    locked = GroupRun.objects.select_for_update().select_related("programme").get(pk=run.pk)
    # Circles of one programme are published one run at a time.
    Programme.objects.select_for_update().filter(pk=locked.programme_id).first()
    refusal = publish_refusal(locked)
    if refusal:
        raise CircleError(refusal)
    programme = locked.programme
    now = timezone.now()
    proposed: list[ProposedCircle] = [
        c
        for c in ProposedCircle.objects.filter(run=locked)
        .annotate(size=Count("placements"))
        .order_by("name", "pk")
        if c.size
    ]
    created = Circle.objects.bulk_create(
        [
            Circle(
                programme=programme,
                name=c.name,
                topic=c.topic,
                max_mentees=locked.max_mentees,
                origin=Circle.Origin.MATCH,
                state=Circle.State.FORMING,
                created_by=by,
            )
            for c in proposed
        ]
    )
    circle_of = {p.pk: c for p, c in zip(proposed, created, strict=True)}
    vocabulary = vocabulary_for(programme)
    placements = list(
        Placement.objects.filter(run=locked, circle__in=list(circle_of))
        .select_related("mentee")
        .order_by("circle", "mentee__name", "pk")
    )
    members: list[CircleMember] = []
    for p in proposed:
        for pk in p.facilitator_ids:
            members.append(
                CircleMember(
                    circle=circle_of[p.pk],
                    person_id=pk,
                    role=CircleMember.Role.MENTOR,
                    joined_at=now,
                )
            )
    for placement in placements:
        members.append(
            CircleMember(
                circle=circle_of[placement.circle_id],
                person_id=placement.mentee_id,
                role=CircleMember.Role.MENTEE,
                joined_at=now,
                reasons=circle_reasons_for(
                    placement.reasons, "coordinator", placement.mentee.name, vocabulary
                ),
            )
        )
    CircleMember.objects.bulk_create(members, batch_size=1000)
    locked.status = GroupRun.Status.PUBLISHED
    locked.published_at = now
    locked.published_by = by
    locked.metrics = {**locked.metrics, "published_circles": len(created)}
    locked.save(update_fields=["status", "published_at", "published_by", "metrics", "updated_at"])
    # Every other run waiting for review read the cohort before these circles existed.
    GroupRun.objects.filter(programme=programme, status=GroupRun.Status.DONE).exclude(
        pk=locked.pk
    ).update(status=GroupRun.Status.SUPERSEDED)
    audit.record("grouprun.published", actor=by, obj=locked, programme=programme.pk)
    _notify_published(locked, proposed, circle_of, placements)
    run.status = locked.status
    logger.info("group run %s published: %s circles", locked.pk, len(created))
    return created


def _notify_published(
    run: GroupRun,
    proposed: list[ProposedCircle],
    circle_of: dict[int, Circle],
    placements: list[Placement],
) -> None:
    """Each mentee placed, each facilitator and each mentee left out hears of it, in their own
    language (the texts are lazy, written as each notice is stored)."""
    programme = run.programme
    vocabulary = vocabulary_for(programme)
    people_ids = {pk for p in proposed for pk in p.facilitator_ids}
    people_ids |= {p.mentee_id for p in placements}
    people = Person.objects.select_related("user").in_bulk(people_ids)
    by_circle: dict[int, list[Placement]] = defaultdict(list)
    for placement in placements:
        by_circle[placement.circle_id].append(placement)
    placed = gettext_lazy("You are in a circle of %(programme)s: %(circle)s")
    facilitate = gettext_lazy("You facilitate a circle of %(programme)s: %(circle)s")
    for p in proposed:
        circle = circle_of[p.pk]
        url = member_circle_url(circle.pk)
        facilitators = [people[pk] for pk in p.facilitator_ids]
        led_by = [f.name for f in facilitators]
        for placement in by_circle[p.pk]:
            mentee = people[placement.mentee_id]
            notification_send_to_person(
                person=mentee,
                kind="circle_placed",
                title=interpolate_lazy(placed, programme=programme.name, circle=circle.name),
                body=lazy_text(
                    _placed_body, programme, vocabulary, placement.reasons, mentee.name, led_by
                ),
                url=url,
                dedupe_key=f"group-run:{run.pk}:mentee:{mentee.pk}",
                programme_id=programme.pk,
            )
        members = [(people[pl.mentee_id].name, pl.reasons) for pl in by_circle[p.pk]]
        for facilitator in facilitators:
            notification_send_to_person(
                person=facilitator,
                kind="circle_placed",
                title=interpolate_lazy(facilitate, programme=programme.name, circle=circle.name),
                body=lazy_text(_facilitator_body, programme, vocabulary, members),
                url=url,
                dedupe_key=f"group-run:{run.pk}:facilitator:{facilitator.pk}:{circle.pk}",
                programme_id=programme.pk,
            )
    may_join = group_settings(programme).mentees_may_join
    for row in UnplacedMentee.objects.filter(run=run).select_related("mentee__user"):
        notification_send_to_person(
            person=row.mentee,
            kind="circle_unplaced",
            title=interpolate_lazy(
                gettext_lazy("No circle for you in this round of %(programme)s"),
                programme=programme.name,
            ),
            body=lazy_text(_unplaced_body, programme, row.reason, row.mentee.name, may_join),
            url=browse_url(programme) if may_join else "",
            dedupe_key=f"group-run:{run.pk}:unplaced:{row.mentee_id}",
            programme_id=programme.pk,
        )


# The notices' texts, written in the language active when they are read: the reasons name the
# programme's roles, which are words of that language too.


def _placed_body(
    programme: Programme,
    vocabulary: Vocabulary,
    reasons: list[str],
    mentee: str,
    facilitators: list[str],
) -> str:
    vocabulary = replace(vocabulary, labels=role_labels(programme))
    why = circle_reasons_for(reasons, "mentee", mentee, vocabulary)
    body = _("Why this circle: %(reasons)s.") % {"reasons": "; ".join(why)} if why else ""
    body += "\n\n" if why else ""
    return body + _(
        "Your facilitators are %(names)s. Meet your circle and agree together how you will work."
    ) % {"names": get_text_list(facilitators, _("and"))}


def _facilitator_body(
    programme: Programme, vocabulary: Vocabulary, members: list[tuple[str, list[str]]]
) -> str:
    vocabulary = replace(vocabulary, labels=role_labels(programme))
    lines = [
        f"{name}: " + "; ".join(circle_reasons_for(reasons, "coordinator", name, vocabulary))
        for name, reasons in members
    ]
    return (
        _("Its members, and why each was placed with you:")
        + "\n"
        + "\n".join(lines)
        + "\n\n"
        + _("Meet your circle and agree together how you will work.")
    )


def _unplaced_body(programme: Programme, reason: str, mentee: str, may_join: bool) -> str:
    labels = role_labels(programme)
    return (
        _("Why: %(reason)s.") % {"reason": unplaced_reason_for(reason, "mentee", mentee, labels)}
        + "\n\n"
        + next_step_for_unplaced(may_join=may_join)
    )
