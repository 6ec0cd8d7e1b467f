"""What the surveys app holds about a person: the surveys sent to them and their answers."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from tandem.core.personal_data import erases, personal_data
from tandem.surveys.models import Answer, Delivery
from tandem.surveys.selectors import answer_text
from tandem.surveys.services import surveys_erase_person

erases(order=55)(surveys_erase_person)


@personal_data(section="survey_answers", order=55)
def survey_answers(user: Any) -> list[dict[str, Any]]:
    deliveries = (
        Delivery.objects.filter(person__user=user)
        .select_related("survey__programme")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by(
                    "question__order", "question__pk"
                ),
            )
        )
        .order_by("sent_at", "pk")
    )
    return [
        {
            "programme": delivery.survey.programme.name,
            "survey": delivery.survey.title,
            "sent_at": delivery.sent_at,
            "answered_at": delivery.answered_at,
            "reminded_at": delivery.reminded_at,
            "shared_with_coordinator": delivery.shared_with_coordinator,
            "answers": [
                {"question": a.question.text, "answer": answer_text(a.question, a.value)}
                for a in delivery.answers.all()
            ],
        }
        for delivery in deliveries
    ]
