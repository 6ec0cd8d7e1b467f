"""Checks for the people CSV: every row is read and checked before anything is written.

Problems are reported as RowError(row, column, message). Row numbers count the header as
row 1, as a spreadsheet shows them; row 0 stands for the file as a whole.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tandem.people.models import Department, Person, known_timezones
from tandem.people.terms import (
    LanguageLookup,
    SkillEntry,
    TermError,
    parse_skill_list,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Column name → what it holds; docs/import.md documents the same list.
COLUMNS: dict[str, StrOrPromise] = {
    "email": gettext_lazy("Work email address; identifies the person (required)."),
    "name": gettext_lazy("Full name (required)."),
    "job_title": gettext_lazy("Job title."),
    "department": gettext_lazy("Department name; a new name creates the department."),
    "location": gettext_lazy("Office or city."),
    "timezone": gettext_lazy("IANA time zone such as Europe/London; empty means UTC."),
    "languages": gettext_lazy(
        "Languages spoken: ISO 639-1 codes (or English names) separated by ';'."
    ),
    "manager_email": gettext_lazy(
        "The line manager's email: a row of this file or someone already in Tandem."
    ),
    "skills": gettext_lazy(
        "Skills separated by ';', each 'skill' or 'skill:level' (level 1-4 or a word)."
    ),
    "bio": gettext_lazy("Background."),
    "interests": gettext_lazy("Interests."),
    "start_date": gettext_lazy("The day the person joined (YYYY-MM-DD), for the work anniversary."),
}
REQUIRED_COLUMNS = ("email", "name")
SEPARATOR = ";"
# Person fields a column sets directly, with the column that sets each one.
SCALAR_COLUMNS: dict[str, str] = {
    "name": "name",
    "job_title": "job_title",
    "location": "location",
    "timezone": "timezone",
    "bio": "bio",
    "interests": "interests",
    "start_date": "work_anniversary",
}
MAX_LENGTHS: dict[str, int] = {
    "email": 254,
    "name": 150,
    "job_title": 150,
    "location": 150,
    "department": Department._meta.get_field("name").max_length or 120,
}

ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self) -> str:
        where = "file" if self.row == 0 else f"row {self.row}"
        return f"{where}, {self.column or 'all columns'}: {self.message}"


@dataclass
class ParsedRow:
    """One valid row. Attributes for columns the file does not have are None: left as is."""

    row: int
    email: str
    fields: dict[str, Any] = field(default_factory=dict)
    department: str | None = None
    manager_email: str | None = None
    language_ids: set[int] | None = None
    skills: list[SkillEntry] | None = None


def normalise_column(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def check_header(columns: Sequence[str]) -> list[RowError]:
    errors: list[RowError] = []
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            errors.append(RowError(1, column, _("This column appears twice.")))
        elif column not in COLUMNS:
            known = ", ".join(COLUMNS)
            errors.append(
                RowError(
                    1, column, _("Unknown column. The columns are: %(known)s.") % {"known": known}
                )
            )
        seen.add(column)
    for column in REQUIRED_COLUMNS:
        if column not in seen:
            errors.append(RowError(1, column, _("This required column is missing.")))
    return errors


def check_row_count(count: int, max_rows: int) -> list[RowError]:
    if count == 0:
        return [RowError(0, "", _("The file has no rows below the header."))]
    if count > max_rows:
        return [
            RowError(
                max_rows + 2,
                "",
                _(
                    "The file has %(count)s rows; at most %(max)s can be imported at once. "
                    "Split it into several files."
                )
                % {"count": f"{count:,}", "max": f"{max_rows:,}"},
            )
        ]
    return []


class RowValidator:
    """Reads each row into a ParsedRow, collecting every problem instead of stopping."""

    def __init__(self, columns: Sequence[str], languages: LanguageLookup) -> None:
        self.columns = frozenset(columns)
        self.languages = languages
        self.timezones = known_timezones()
        self.first_row_of: dict[str, int] = {}

    def validate(
        self,
        rows: Sequence[tuple[int, Mapping[str, str]]],
        progress: ProgressCallback | None = None,
    ) -> tuple[list[ParsedRow], list[RowError]]:
        parsed: list[ParsedRow] = []
        errors: list[RowError] = []
        step = max(1, len(rows) // 100)
        for done, (number, values) in enumerate(rows, start=1):
            row, row_errors = self.validate_row(number, values)
            errors.extend(row_errors)
            if row is not None:
                parsed.append(row)
            if progress and (done % step == 0 or done == len(rows)):
                progress("validate", done, len(rows))
        return parsed, errors

    def validate_row(
        self, number: int, values: Mapping[str, str]
    ) -> tuple[ParsedRow | None, list[RowError]]:
        errors: list[RowError] = []

        def error(column: str, message: str) -> None:
            errors.append(RowError(number, column, message))

        cells = {column: (values.get(column) or "").strip() for column in self.columns}
        for column in REQUIRED_COLUMNS:
            if not cells.get(column):
                error(column, _("A value is required."))
        for column, limit in MAX_LENGTHS.items():
            if len(cells.get(column, "")) > limit:
                error(
                    column,
                    ngettext(
                        "Longer than %(limit)d character.",
                        "Longer than %(limit)d characters.",
                        limit,
                    )
                    % {"limit": limit},
                )

        email = cells.get("email", "").lower()
        if email:
            if _is_email(email):
                first = self.first_row_of.setdefault(email, number)
                if first != number:
                    error(
                        "email",
                        _("%(email)s is also on row %(row)s; each person appears once.")
                        % {"email": email, "row": first},
                    )
            else:
                error("email", _("“%(email)s” is not a valid email address.") % {"email": email})

        row = ParsedRow(number, email)
        for column, person_field in SCALAR_COLUMNS.items():
            if column in self.columns:
                row.fields[person_field] = cells[column]

        if "timezone" in self.columns:
            zone = cells["timezone"] or "UTC"
            if zone not in self.timezones:
                error(
                    "timezone",
                    _(
                        "“%(zone)s” is not a known IANA time zone; use a name such as "
                        "Europe/London or America/New_York."
                    )
                    % {"zone": zone},
                )
            row.fields["timezone"] = zone

        if "start_date" in self.columns:
            row.fields["work_anniversary"] = None
            if cells["start_date"]:
                try:
                    row.fields["work_anniversary"] = datetime.date.fromisoformat(
                        cells["start_date"]
                    )
                except ValueError:
                    error(
                        "start_date",
                        _("“%(value)s” is not a date as YYYY-MM-DD.")
                        % {"value": cells["start_date"]},
                    )

        if "department" in self.columns:
            row.department = " ".join(cells["department"].split())

        if "manager_email" in self.columns:
            manager = cells["manager_email"].lower()
            row.manager_email = manager
            if manager and not _is_email(manager):
                error(
                    "manager_email",
                    _("“%(email)s” is not a valid email address.") % {"email": manager},
                )
            elif manager and manager == email:
                error("manager_email", _("A person cannot be their own manager."))

        if "languages" in self.columns:
            try:
                found = self.languages.parse_list(cells["languages"], SEPARATOR)
                row.language_ids = {language.pk for language in found}
            except TermError as exc:
                error("languages", str(exc))

        if "skills" in self.columns:
            try:
                row.skills = parse_skill_list(cells["skills"], separators=SEPARATOR)
            except TermError as exc:
                error("skills", str(exc))

        return (row if not errors else None), errors


def check_org_chart(
    rows: Sequence[ParsedRow],
    *,
    has_manager_column: bool,
    existing_managers: Mapping[str, str | None],
    file_emails: Collection[str] = (),
) -> list[RowError]:
    """Unknown managers and loops in the chain, across the file and the people already stored.

    `existing_managers` maps the email of everyone already in Tandem to their manager's email;
    `file_emails` are all emails of the file, including those of rows that had other problems.
    """
    if not has_manager_column:
        return []
    errors: list[RowError] = []
    in_file = {row.email: row for row in rows}
    manager_of: dict[str, str | None] = dict(existing_managers)
    for row in rows:
        manager = row.manager_email or None
        known = manager in in_file or manager in existing_managers or manager in file_emails
        if manager and not known:
            errors.append(
                RowError(
                    row.row,
                    "manager_email",
                    _("Unknown manager %(email)s: not in this file and not already in Tandem.")
                    % {"email": manager},
                )
            )
            manager = None
        manager_of[row.email] = manager

    visiting, done = 1, 2
    state: dict[str, int] = {}
    for row in rows:
        path: list[str] = []
        position: dict[str, int] = {}
        node: str | None = row.email
        while node is not None and node not in state:
            state[node] = visiting
            position[node] = len(path)
            path.append(node)
            node = manager_of.get(node)
        if node is not None and state.get(node) == visiting and node in position:
            loop = path[position[node] :]
            shown = " → ".join([*loop, loop[0]])
            for member in loop:
                if member in in_file:
                    errors.append(
                        RowError(
                            in_file[member].row,
                            "manager_email",
                            _("The management chain loops back to this person: %(chain)s.")
                            % {"chain": shown},
                        )
                    )
        for member in path:
            state[member] = done
    return sorted(errors, key=lambda e: e.row)


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def existing_manager_map() -> dict[str, str | None]:
    """Everyone already stored, as email → manager's email, in one query."""
    people = list(Person.objects.values_list("pk", "email", "manager_id"))
    email_of = {pk: email for pk, email, _ in people}
    return {email: email_of.get(manager_id) for _, email, manager_id in people}
