"""Date and time inputs that the browser's own pickers can read back.

`<input type="date">` accepts only ISO values ("1989-12-14"); with the project's en-GB
locale Django would render "14/12/1989", which the browser discards, so every edit page
came back with its dates empty. Every form uses these widgets for dates and times.
"""

from __future__ import annotations

from typing import Any

from django import forms

DATE_FORMAT = "%Y-%m-%d"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DATE_FORMAT)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DATETIME_FORMAT)
