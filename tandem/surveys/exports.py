"""The results as a CSV file: the same aggregates the page shows, and no words anyone wrote."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from tandem.csvsafe import fixed
from tandem.surveys.models import MIN_RESPONDENTS, Question
from tandem.surveys.selectors import Results


def _header() -> list[str]:
    """The columns, in the reader's language: the file is read, not parsed."""
    return [
        pgettext("survey results column", "question"),
        pgettext("survey results column", "kind"),
        pgettext("survey results column", "respondents"),
        pgettext("survey results column", "answer"),
        pgettext("survey results column", "count"),
        pgettext("survey results column", "percent"),
    ]


def _withheld() -> str:
    return ngettext(
        "withheld: fewer than %(count)s respondent",
        "withheld: fewer than %(count)s respondents",
        MIN_RESPONDENTS,
    ) % {"count": MIN_RESPONDENTS}


def results_rows(results: Results) -> Iterator[list[Any]]:
    rate = results.response_rate
    yield [pgettext("survey results", "sent"), results.sent]
    yield [pgettext("survey results", "answered"), results.answered]
    yield [_("response rate (%)"), rate if rate is not None else ""]
    yield []
    yield _header()
    for result in results.questions:
        question = result.question
        head = [question.text, question.get_kind_display(), result.respondents]
        if question.kind == Question.Kind.TEXT:
            yield [*head, _("free text: not exported"), "", ""]
        elif result.withheld:
            yield [*head, _withheld(), "", ""]
        else:
            for label, count in result.counts:
                share = fixed(100 * count / result.respondents, 1) if result.respondents else ""
                yield [*head, label, count, share]
            if result.mean is not None:
                yield [*head, pgettext("survey results", "mean"), fixed(result.mean, 1), ""]
            if result.nps is not None:
                yield [*head, _("net promoter score"), result.nps, ""]
