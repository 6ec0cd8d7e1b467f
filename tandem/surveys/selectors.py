"""Reads of surveys: a programme's list, a person's open surveys, and the results.

The results hold counts only, and the free text of the respondents who let the coordinator
read it. Each read runs a fixed number of queries, whatever the number of responses.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from tandem.people.models import Person
from tandem.programmes.models import Programme
from tandem.surveys.models import MIN_RESPONDENTS, Answer, Delivery, Question, Survey

Kind = Question.Kind


def _count(queryset: QuerySet[Any]) -> Coalesce:
    counted = queryset.order_by().values("survey").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def surveys_of(programme: Programme) -> QuerySet[Survey]:
    """The programme's surveys with how many questions, deliveries and answers each has."""
    deliveries = Delivery.objects.filter(survey=OuterRef("pk"))
    return Survey.objects.filter(programme=programme).annotate(
        question_count=_count(Question.objects.filter(survey=OuterRef("pk"))),
        sent_count=_count(deliveries),
        answered_count=_count(deliveries.filter(answered_at__isnull=False)),
    )


# What a person's list of surveys to answer shows (home page and "Your surveys").
DELIVERY_LISTED = (
    "token",
    "sent_at",
    "survey",
    "survey__title",
    "survey__programme",
    "survey__programme__name",
)


def open_deliveries_for(person: Person) -> list[Delivery]:
    """Surveys sent to the person that wait for their answer, oldest first."""
    waiting = (
        Delivery.objects.filter(
            person=person, answered_at__isnull=True, survey__status=Survey.Status.ACTIVE
        )
        .select_related("survey__programme")
        # Only what the lists show: the home page asks on every visit, and each column of the
        # three tables costs the query's building more than the query costs the database.
        .only(*DELIVERY_LISTED)
        # Sorted below: an ORDER BY over this join costs more to build than sorting one
        # person's few surveys.
        .order_by()
    )
    return sorted(waiting, key=lambda d: (d.sent_at, d.pk))


@dataclass
class QuestionResult:
    question: Question
    respondents: int = 0
    # (label, count) in the question's own order: the scale, or its choices.
    counts: list[tuple[str, int]] = field(default_factory=list)
    mean: float | None = None
    nps: int | None = None

    @property
    def withheld(self) -> bool:
        return self.respondents < MIN_RESPONDENTS

    @property
    def has_chart(self) -> bool:
        return self.question.kind != Kind.TEXT and not self.withheld


@dataclass
class SharedResponse:
    delivery: Delivery
    answers: list[tuple[Question, str]]


@dataclass
class Results:
    survey: Survey
    sent: int
    answered: int
    questions: list[QuestionResult]
    shared: list[SharedResponse]

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.answered / self.sent) if self.sent else None


def answer_text(question: Question, value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _summarise(result: QuestionResult, values: list[Any]) -> None:
    question = result.question
    result.respondents = len(values)
    if question.scale is not None:
        tally = Counter(v for v in values if isinstance(v, int))
        result.counts = [(str(n), tally[n]) for n in question.scale]
        if values:
            result.mean = round(sum(values) / len(values), 1)
        if question.kind == Kind.NPS and values:
            promoters = sum(1 for v in values if v >= 9)
            detractors = sum(1 for v in values if v <= 6)
            result.nps = round(100 * (promoters - detractors) / len(values))
    elif question.kind in Question.CHOICE_KINDS:
        tally = Counter()
        for value in values:
            tally.update(value if isinstance(value, list) else [value])
        result.counts = [(choice, tally[choice]) for choice in question.choices]


def survey_results(survey: Survey) -> Results:
    """Aggregates per question; an aggregate over fewer than MIN_RESPONDENTS is marked
    withheld and the page and the file show no figure of it."""
    questions = list(survey.questions.all())
    totals = Delivery.objects.filter(survey=survey).aggregate(
        sent=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    values: dict[int, list[Any]] = defaultdict(list)
    answered = Answer.objects.filter(delivery__survey=survey, delivery__answered_at__isnull=False)
    # Free text is left out here: it is never aggregated, and only shared answers are read.
    for question_id, value in (
        answered.exclude(question__kind=Kind.TEXT).values_list("question_id", "value").iterator()
    ):
        values[question_id].append(value)
    text_counts = dict(
        answered.filter(question__kind=Kind.TEXT)
        .values("question_id")
        .annotate(n=Count("pk"))
        .values_list("question_id", "n")
    )
    results = []
    for question in questions:
        result = QuestionResult(question=question)
        if question.kind == Kind.TEXT:
            result.respondents = text_counts.get(question.pk, 0)
        else:
            _summarise(result, values[question.pk])
        results.append(result)
    return Results(
        survey=survey,
        sent=totals["sent"],
        answered=totals["answered"],
        questions=results,
        shared=_shared_responses(survey, questions),
    )


def _shared_responses(survey: Survey, questions: list[Question]) -> list[SharedResponse]:
    """Responses whose respondent ticked "the coordinator may read this", with their answers."""
    order = {question.pk: index for index, question in enumerate(questions)}
    by_pk = {question.pk: question for question in questions}
    deliveries = (
        Delivery.objects.filter(
            survey=survey, answered_at__isnull=False, shared_with_coordinator=True
        )
        .select_related("person", "mentorship__mentee", "mentorship__mentor")
        .prefetch_related(Prefetch("answers", queryset=Answer.objects.order_by("pk")))
        .order_by("answered_at", "pk")
    )
    shared = []
    for delivery in deliveries:
        answers = sorted(delivery.answers.all(), key=lambda a: order[a.question_id])
        shared.append(
            SharedResponse(
                delivery=delivery,
                answers=[
                    (by_pk[a.question_id], answer_text(by_pk[a.question_id], a.value))
                    for a in answers
                ],
            )
        )
    return shared
