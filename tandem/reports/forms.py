from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.core.widgets import DateInput
from tandem.programmes.models import Programme
from tandem.reports.organisation import DateRange, default_range

LONGEST = timedelta(days=5 * 366)


class OrganisationReportForm(forms.Form):
    """The range and the programmes of the organisation view; read from the query string."""

    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To"), widget=DateInput())
    programme = forms.ModelMultipleChoiceField(
        queryset=Programme.objects.none(),
        required=False,
        label=_("Programmes"),
        help_text=_("None chosen: every programme you coordinate."),
        widget=forms.CheckboxSelectMultiple,
        to_field_name="slug",
    )

    def __init__(
        self, data: Any, *, programmes: QuerySet[Programme], today: date, **kwargs: Any
    ) -> None:
        # The first visit and the link from a programme's report name no range: a day left out
        # takes the default's, shown in the form to change. One given empty or wrong is still
        # refused beside its field, as typed.
        if "start" not in data or "end" not in data:
            defaults = default_range(today)
            data = data.copy()
            data.setdefault("start", defaults.start.isoformat())
            data.setdefault("end", defaults.end.isoformat())
        super().__init__(data, **kwargs)
        self.scope = programmes
        self.fields["programme"].queryset = programmes.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                self.add_error("end", gettext("The end comes on or after the start."))
            elif end - start > LONGEST:
                self.add_error("end", gettext("Choose a range of five years at most."))
        return cleaned

    def period(self) -> DateRange:
        return DateRange(self.cleaned_data["start"], self.cleaned_data["end"])

    def programmes(self) -> QuerySet[Programme]:
        chosen = self.cleaned_data.get("programme")
        return chosen if chosen else self.scope
