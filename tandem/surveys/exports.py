"""The results as a CSV file: the same aggregates the page shows, and no words anyone wrote."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tandem.csvsafe import fixed
from tandem.surveys.models import MIN_RESPONDENTS, Question
from tandem.surveys.selectors import Results

HEADER = ["question", "kind", "respondents", "answer", "count", "percent"]
WITHHELD = f"withheld: fewer than {MIN_RESPONDENTS} respondents"


def results_rows(results: Results) -> Iterator[list[Any]]:
    rate = results.response_rate
    yield ["sent", results.sent]
    yield ["answered", results.answered]
    yield ["response rate (%)", rate if rate is not None else ""]
    yield []
    yield HEADER
    for result in results.questions:
        question = result.question
        head = [question.text, question.get_kind_display(), result.respondents]
        if question.kind == Question.Kind.TEXT:
            yield [*head, "free text: not exported", "", ""]
        elif result.withheld:
            yield [*head, WITHHELD, "", ""]
        else:
            for label, count in result.counts:
                share = fixed(100 * count / result.respondents, 1) if result.respondents else ""
                yield [*head, label, count, share]
            if result.mean is not None:
                yield [*head, "mean", fixed(result.mean, 1), ""]
            if result.nps is not None:
                yield [*head, "net promoter score", result.nps, ""]
