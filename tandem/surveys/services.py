"""Building surveys, sending them on their occasions, and recording answers.

Every send goes through `_deliver`, which claims the (survey, person, occasion) row before it
tells anyone: a job that runs twice, an event received twice or a task retried sends nothing
twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tandem.core.errors import ServiceError
from tandem.core.i18n import interpolate_lazy
from tandem.core.personal_data import ErasureSubject
from tandem.mentorships.models import Meeting, Mentorship
from tandem.notifications.services import notification_send_to_person
from tandem.people.models import Person
from tandem.programmes.models import Enrolment, Programme
from tandem.surveys.models import Answer, Delivery, Question, Survey

Trigger, Audience, Status = Survey.Trigger, Survey.Audience, Survey.Status
Kind = Question.Kind

# Pairs past these states are not surveyed "after matching": they are over, or never began.
OPEN_PAIR_STATES = (
    Mentorship.State.PROPOSED,
    Mentorship.State.AGREEING,
    Mentorship.State.ACTIVE,
    Mentorship.State.PAUSED,
    Mentorship.State.CLOSING,
)
CLOSURE_EVENTS = ("closed", "exited_early", "closed_inactive")
MAX_CHOICES = 12
DEFAULT_REMIND_AFTER_DAYS = 7
MAX_REMIND_AFTER_DAYS = 90


class SurveyError(ServiceError):
    pass


# Building


def _check_trigger(
    trigger: str, days_after_matching: int | None, repeat_every_days: int | None
) -> None:
    if trigger not in Trigger.values:
        raise SurveyError(_("Choose when the survey is sent."), field="trigger")
    if trigger == Trigger.AFTER_MATCHING and not days_after_matching:
        raise SurveyError(
            _("Say how many days after matching the survey is sent."), field="days_after_matching"
        )
    if trigger != Trigger.AFTER_MATCHING and (days_after_matching or repeat_every_days):
        raise SurveyError(
            _("Days apply only to a survey sent after matching."), field="days_after_matching"
        )


def _check_reminder(remind_after_days: int) -> None:
    if not 0 <= remind_after_days <= MAX_REMIND_AFTER_DAYS:
        raise SurveyError(
            _("Remind after 0 to %(most)s days (0 sends no reminder).")
            % {"most": MAX_REMIND_AFTER_DAYS},
            field="remind_after_days",
        )


def _require_draft(survey: Survey) -> None:
    if survey.status != Status.DRAFT:
        raise SurveyError(
            _(
                "This survey has been sent: its questions and trigger can no longer change, so "
                "that every answer is to the same survey."
            )
        )


@transaction.atomic
def survey_create(
    *,
    programme: Programme,
    title: str,
    intro: str = "",
    audience: str = Audience.EVERYONE,
    trigger: str = Trigger.ONCE,
    days_after_matching: int | None = None,
    repeat_every_days: int | None = None,
    remind_after_days: int = DEFAULT_REMIND_AFTER_DAYS,
) -> Survey:
    _check_trigger(trigger, days_after_matching, repeat_every_days)
    _check_reminder(remind_after_days)
    if not title.strip():
        raise SurveyError(_("Give the survey a title."), field="title")
    return Survey.objects.create(
        programme=programme,
        title=title.strip(),
        intro=intro.strip(),
        audience=audience,
        trigger=trigger,
        days_after_matching=days_after_matching,
        repeat_every_days=repeat_every_days,
        remind_after_days=remind_after_days,
    )


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    title: str,
    intro: str = "",
    audience: str,
    trigger: str,
    days_after_matching: int | None = None,
    repeat_every_days: int | None = None,
    remind_after_days: int | None = None,
) -> Survey:
    if not title.strip():
        raise SurveyError(_("Give the survey a title."), field="title")
    survey.title, survey.intro = title.strip(), intro.strip()
    # The reminder can change after sending: it changes no question and no answer.
    if remind_after_days is not None:
        _check_reminder(remind_after_days)
        survey.remind_after_days = remind_after_days
    changes_sending = (audience, trigger, days_after_matching, repeat_every_days) != (
        survey.audience,
        survey.trigger,
        survey.days_after_matching,
        survey.repeat_every_days,
    )
    if changes_sending:
        _require_draft(survey)
        _check_trigger(trigger, days_after_matching, repeat_every_days)
        survey.audience, survey.trigger = audience, trigger
        survey.days_after_matching, survey.repeat_every_days = (
            days_after_matching,
            repeat_every_days,
        )
    survey.save()
    return survey


def _clean_choices(kind: str, choices: Iterable[str]) -> list[str]:
    cleaned = list(dict.fromkeys(c.strip() for c in choices if c.strip()))
    if kind in Question.CHOICE_KINDS:
        if not 2 <= len(cleaned) <= MAX_CHOICES:
            raise SurveyError(
                _("Give between 2 and %(most)s choices, one on each line.") % {"most": MAX_CHOICES},
                field="choices",
            )
        return cleaned
    if cleaned:
        raise SurveyError(_("Only a choice question has choices."), field="choices")
    return []


def _check_question(kind: str, text: str) -> None:
    if kind not in Kind.values:
        raise SurveyError(_("Choose the kind of question."), field="kind")
    if not text.strip():
        raise SurveyError(_("Write the question."), field="text")


@transaction.atomic
def question_add(
    *, survey: Survey, kind: str, text: str, choices: Iterable[str] = (), required: bool = True
) -> Question:
    _require_draft(survey)
    _check_question(kind, text)
    last = survey.questions.order_by("-order").values_list("order", flat=True).first()
    return Question.objects.create(
        survey=survey,
        order=(last or 0) + 1,
        kind=kind,
        text=text.strip(),
        choices=_clean_choices(kind, choices),
        required=required,
    )


@transaction.atomic
def question_update(
    *, question: Question, kind: str, text: str, choices: Iterable[str] = (), required: bool
) -> Question:
    _require_draft(question.survey)
    _check_question(kind, text)
    question.kind, question.text = kind, text.strip()
    question.choices = _clean_choices(kind, choices)
    question.required = required
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    _require_draft(question.survey)
    question.delete()


# Sending


@transaction.atomic
def survey_activate(*, survey: Survey, now: datetime | None = None) -> Survey:
    """Start the survey. A survey sent once goes out now, in a task: a large programme's
    participants are not told inside the coordinator's request."""
    _require_draft(survey)
    if not survey.questions.exists():
        raise SurveyError(_("Add at least one question before sending the survey."))
    survey.status = Status.ACTIVE
    survey.activated_at = now or timezone.now()
    survey.save(update_fields=["status", "activated_at", "updated_at"])
    if survey.trigger == Trigger.ONCE:
        from tandem.surveys.tasks import survey_send_once_task

        survey_id = survey.pk
        transaction.on_commit(lambda: survey_send_once_task.enqueue(survey_id))
    return survey


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    """Stop sending and answering; the answers stay for the results."""
    if survey.status != Status.ACTIVE:
        raise SurveyError(_("Only an active survey can be closed."))
    survey.status = Status.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    return survey


def _roles(survey: Survey) -> tuple[str, ...]:
    return {
        Audience.EVERYONE: ("mentee", "mentor"),
        Audience.MENTORS: ("mentor",),
        Audience.MENTEES: ("mentee",),
    }[Audience(survey.audience)]


def _deliver(
    survey: Survey,
    person: Person,
    *,
    occasion: str,
    now: datetime,
    mentorship: Mentorship | None = None,
) -> Delivery | None:
    """The delivery made now, or None when this occasion was surveyed before."""
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                survey=survey, person=person, occasion=occasion, mentorship=mentorship, sent_at=now
            )
    except IntegrityError:
        return None
    notification_send_to_person(
        person=person,
        kind="survey.sent",
        # Lazy: written in the language of each person surveyed.
        title=interpolate_lazy(
            gettext_lazy("A short survey from %(programme)s: %(title)s"),
            programme=survey.programme.name,
            title=survey.title,
        ),
        url=reverse("surveys:respond", args=[delivery.token]),
        dedupe_key=f"survey.sent:{delivery.pk}",
        programme_id=survey.programme_id,
    )
    return delivery


def _deliver_to_pair(
    survey: Survey, mentorship: Mentorship, *, occasion: str, now: datetime
) -> int:
    members = {"mentee": mentorship.mentee, "mentor": mentorship.mentor}
    sent = 0
    for role in _roles(survey):
        sent += (
            _deliver(survey, members[role], occasion=occasion, now=now, mentorship=mentorship)
            is not None
        )
    return sent


def survey_send_once(*, survey: Survey, now: datetime | None = None) -> int:
    """Send a survey to the programme's approved participants it is meant for; how many were
    sent it now."""
    if survey.status != Status.ACTIVE or survey.trigger != Trigger.ONCE:
        return 0
    now = now or timezone.now()
    people = (
        Person.objects.filter(
            enrolments__programme=survey.programme,
            enrolments__status=Enrolment.Status.APPROVED,
            enrolments__role__in=_roles(survey),
        )
        .distinct()
        .order_by("pk")
    )
    return sum(_deliver(survey, person, occasion="once", now=now) is not None for person in people)


def after_matching_period(survey: Survey, matched_at: datetime, now: datetime) -> int | None:
    """The latest period due at `now` (0 for the first send, 1 for the first repeat…), or None
    when none is due or the one due came before the survey was activated."""
    assert survey.days_after_matching
    assert survey.activated_at
    first = matched_at + timedelta(days=survey.days_after_matching)
    if now < first:
        return None
    period = 0
    if survey.repeat_every_days:
        period = (now - first) // timedelta(days=survey.repeat_every_days)
    due = first + timedelta(days=(survey.repeat_every_days or 0) * period)
    return period if due >= survey.activated_at else None


def surveys_send_after_matching(*, now: datetime | None = None) -> int:
    """Send each active "after matching" survey to the open pairs whose day has come."""
    now = now or timezone.now()
    sent = 0
    surveys = Survey.objects.filter(
        status=Status.ACTIVE, trigger=Trigger.AFTER_MATCHING
    ).select_related("programme")
    for survey in surveys:
        assert survey.days_after_matching is not None
        pairs = Mentorship.objects.filter(
            programme=survey.programme,
            state__in=OPEN_PAIR_STATES,
            created_at__lte=now - timedelta(days=survey.days_after_matching),
        ).select_related("mentee", "mentor")
        for mentorship in pairs:
            period = after_matching_period(survey, mentorship.created_at, now)
            if period is not None:
                sent += _deliver_to_pair(
                    survey, mentorship, occasion=f"matched:{mentorship.pk}:{period}", now=now
                )
    return sent


def surveys_send_for_event(
    *,
    mentorship: Mentorship,
    event: str,
    meeting: Meeting | None = None,
    now: datetime | None = None,
) -> int:
    """Send the programme's surveys that this pair's event triggers."""
    if event == "meeting_held" and meeting is not None:
        trigger, occasion = Trigger.MEETING_HELD, f"meeting:{meeting.pk}"
    elif event in CLOSURE_EVENTS:
        trigger, occasion = Trigger.CLOSURE, f"closure:{mentorship.pk}"
    else:
        return 0
    now = now or timezone.now()
    surveys = Survey.objects.filter(
        programme_id=mentorship.programme_id, status=Status.ACTIVE, trigger=trigger
    ).select_related("programme")
    return sum(
        _deliver_to_pair(survey, mentorship, occasion=occasion, now=now) for survey in surveys
    )


def survey_reminders_send(*, now: datetime | None = None) -> int:
    """Remind, once, whoever has not answered an active survey its reminder days after it was
    sent to them; how many were reminded now."""
    now = now or timezone.now()
    reminded = 0
    surveys = Survey.objects.filter(status=Status.ACTIVE, remind_after_days__gt=0).select_related(
        "programme"
    )
    for survey in surveys:
        due = survey.deliveries.filter(
            answered_at__isnull=True,
            reminded_at__isnull=True,
            sent_at__lte=now - timedelta(days=survey.remind_after_days),
        ).select_related("person")
        for delivery in due:
            reminded += _remind(survey, delivery, now=now)
    return reminded


@transaction.atomic
def _remind(survey: Survey, delivery: Delivery, *, now: datetime) -> bool:
    # The conditional update claims the reminder: a second scheduler, or an answer that
    # arrived since the list was read, finds nothing to claim.
    claimed = Delivery.objects.filter(
        pk=delivery.pk, answered_at__isnull=True, reminded_at__isnull=True
    ).update(reminded_at=now)
    if not claimed:
        return False
    notification_send_to_person(
        person=delivery.person,
        kind="survey.reminder",
        title=interpolate_lazy(
            gettext_lazy("Still open: %(title)s, a short survey from %(programme)s"),
            title=survey.title,
            programme=survey.programme.name,
        ),
        url=reverse("surveys:respond", args=[delivery.token]),
        dedupe_key=f"survey.reminder:{delivery.pk}",
    )
    return True


# Answering


def _clean_answer(question: Question, value: Any) -> Any:
    """The value to store, or None for no answer; refuses a value the question cannot take."""
    field = f"q{question.pk}"
    if value in (None, "", []):
        return None
    if question.scale is not None:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise SurveyError(_("Choose a number on the scale."), field=field) from None
        if number not in question.scale:
            raise SurveyError(_("Choose a number on the scale."), field=field)
        return number
    if question.kind == Kind.SINGLE:
        if value not in question.choices:
            raise SurveyError(_("Choose one of the answers."), field=field)
        return value
    if question.kind == Kind.MULTIPLE:
        values = [value] if isinstance(value, str) else list(value)
        if any(v not in question.choices for v in values):
            raise SurveyError(_("Choose among the answers."), field=field)
        # Kept in the question's order, whatever order they came in.
        return [choice for choice in question.choices if choice in values]
    text = str(value).strip()
    if len(text) > 5000:
        raise SurveyError(_("Keep the answer under 5,000 characters."), field=field)
    return text or None


@transaction.atomic
def delivery_answer(
    *,
    delivery: Delivery,
    by: Person,
    answers: Mapping[int, Any],
    shared_with_coordinator: bool,
    now: datetime | None = None,
) -> Delivery:
    """Record the answers to a survey sent to `by`, once. `answers` is keyed by question id."""
    delivery = Delivery.objects.select_for_update().select_related("survey").get(pk=delivery.pk)
    if delivery.person_id != by.pk:
        raise SurveyError(_("This survey was sent to someone else."))
    if delivery.answered_at is not None:
        raise SurveyError(_("You have answered this survey already: thank you."))
    if delivery.survey.status != Status.ACTIVE:
        raise SurveyError(_("This survey is closed."))
    errors: dict[str, list[str]] = {}
    rows = []
    for question in delivery.survey.questions.all():
        try:
            value = _clean_answer(question, answers.get(question.pk))
        except SurveyError as error:
            errors[f"q{question.pk}"] = [error.message]
            continue
        if value is None:
            if question.required:
                errors[f"q{question.pk}"] = [_("Please answer this question.")]
            continue
        rows.append(Answer(delivery=delivery, question=question, value=value))
    if errors:
        raise SurveyError(errors=errors)
    Answer.objects.bulk_create(rows)
    delivery.answered_at = now or timezone.now()
    delivery.shared_with_coordinator = shared_with_coordinator
    delivery.save(update_fields=["answered_at", "shared_with_coordinator"])
    return delivery


def surveys_erase_person(subject: ErasureSubject) -> None:
    """A person's answers go with them; the results count what is left."""
    Delivery.objects.filter(person=subject.person).delete()
