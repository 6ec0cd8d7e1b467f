"""Import people and their org chart from CSV (see docs/import.md).

Every row is checked first; the file is written in one transaction, or not at all. Writes use
bulk queries keyed on what is already stored, so 10,000 rows take seconds, not minutes.
"""

from __future__ import annotations

import csv
import io
import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.people.import_validation import (
    COLUMNS,
    ParsedRow,
    ProgressCallback,
    RowError,
    RowValidator,
    check_header,
    check_org_chart,
    check_row_count,
    existing_manager_map,
    normalise_column,
)
from tandem.people.models import Department, ImportJob, Person, PersonSkill, Skill
from tandem.people.services import person_for_user, unique_skill_slug
from tandem.people.terms import LanguageLookup, SkillLookup

logger = logging.getLogger(__name__)

T = TypeVar("T")
CHUNK = 2000  # keeps every IN (...) list well below the databases' parameter limits
LanguageThrough = Person.languages.through


@dataclass
class ImportResult:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class CsvTable:
    """A CSV file read into a header and numbered rows (the header is row 1)."""

    def __init__(self, columns: list[str], rows: list[tuple[int, dict[str, str]]]) -> None:
        self.columns = columns
        self.rows = rows

    @classmethod
    def from_source(cls, source: bytes | str | IO[Any]) -> tuple[CsvTable, list[RowError]]:
        if hasattr(source, "read"):
            source = source.read()
        if isinstance(source, bytes):
            try:
                source = source.decode("utf-8-sig")
            except UnicodeDecodeError:
                return cls([], []), [
                    RowError(0, "", _("The file is not UTF-8 text: save it as “CSV UTF-8”."))
                ]
        text = str(source).lstrip("\ufeff")
        if "\x00" in text:
            # PostgreSQL cannot store NUL; a CSV with one is not the text file it claims to be.
            return cls([], []), [
                RowError(0, "", _("The file contains NUL characters: not a CSV text."))
            ]
        reader = csv.reader(io.StringIO(text, newline=""))
        errors: list[RowError] = []
        try:
            header = next(reader, [])
            columns = [normalise_column(name) for name in header]
            rows: list[tuple[int, dict[str, str]]] = []
            for number, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                extra = [cell for cell in cells[len(columns) :] if cell.strip()]
                if extra:
                    errors.append(
                        RowError(
                            number,
                            "",
                            _("The row has %(cells)s cells but the header has %(columns)s.")
                            % {"cells": len(cells), "columns": len(columns)},
                        )
                    )
                rows.append((number, dict(zip(columns, cells, strict=False))))
        except csv.Error as exc:
            return cls([], []), [
                RowError(reader.line_num, "", _("Unreadable CSV: %(problem)s.") % {"problem": exc})
            ]
        if not columns:
            errors.append(RowError(1, "", _("The file is empty: the first row must be a header.")))
        return cls(columns, rows), errors

    @classmethod
    def from_dicts(cls, rows: Sequence[Mapping[str, Any]]) -> CsvTable:
        columns: list[str] = []
        for row in rows:
            for key in row:
                name = normalise_column(str(key))
                if name not in columns:
                    columns.append(name)
        numbered = [
            (index, {normalise_column(str(k)): "" if v is None else str(v) for k, v in row.items()})
            for index, row in enumerate(rows, start=2)
        ]
        return cls(columns, numbered)


def people_import(
    *,
    rows: Sequence[Mapping[str, Any]] | None = None,
    file: bytes | str | IO[Any] | None = None,
    progress_callback: ProgressCallback | None = None,
    dry_run: bool = False,
    max_rows: int | None = None,
) -> ImportResult:
    """Import people from `rows` (dicts keyed by column) or a CSV `file`.

    `progress_callback(phase, done, total)` is called as rows are checked (phase "validate")
    and saved (phase "save"). With `dry_run` the counts are computed and nothing is kept.
    """
    if (rows is None) == (file is None):
        raise ValueError("Pass either rows or file.")
    if rows is not None:
        table, read_errors = CsvTable.from_dicts(rows), list[RowError]()
    else:
        assert file is not None
        table, read_errors = CsvTable.from_source(file)
    result = ImportResult(total_rows=len(table.rows), dry_run=dry_run)
    limit = max_rows if max_rows is not None else settings.TANDEM_IMPORT_MAX_ROWS
    file_errors = [e for e in read_errors if e.row <= 1]
    if table.columns:
        file_errors += check_header(table.columns) + check_row_count(len(table.rows), limit)
    if file_errors:
        # Without a usable header or within the limit, the rows cannot be read meaningfully.
        result.errors = file_errors
        return result

    validator = RowValidator(table.columns, LanguageLookup())
    parsed, errors = validator.validate(table.rows, progress_callback)
    errors += read_errors
    if progress_callback:
        progress_callback("save", 0, len(table.rows))
    with transaction.atomic():
        # The org chart is checked inside the transaction so that it holds for what is written.
        errors += check_org_chart(
            parsed,
            has_manager_column="manager_email" in table.columns,
            existing_managers=existing_manager_map(),
            file_emails=validator.first_row_of.keys(),
        )
        if errors:
            result.errors = sorted(errors, key=_error_order)
            return result
        writer = _Writer(parsed, table.columns, progress_callback)
        writer.write()
        result.created, result.updated, result.unchanged = (
            writer.created,
            writer.updated,
            writer.unchanged,
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


def _error_order(error: RowError) -> tuple[int, int]:
    columns = list(COLUMNS)
    return error.row, columns.index(error.column) if error.column in columns else -1


def _chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Writer:
    """Writes valid rows with a fixed number of queries per thousand rows."""

    def __init__(
        self,
        rows: Sequence[ParsedRow],
        columns: Iterable[str],
        progress: ProgressCallback | None,
    ) -> None:
        self.rows = rows
        self.columns = frozenset(columns)
        self.progress = progress
        self.now = timezone.now()
        self.created = self.updated = self.unchanged = 0

    def write(self) -> None:
        emails = [row.email for row in self.rows]
        existing: dict[str, Person] = {}
        for chunk in _chunks(emails):
            existing.update((p.email, p) for p in Person.objects.filter(email__in=chunk))
        ids = [person.pk for person in existing.values()]
        current_languages: dict[int, set[int]] = defaultdict(set)
        current_skills: dict[int, dict[int, int]] = defaultdict(dict)
        if "languages" in self.columns:
            for chunk_ids in _chunks(ids):
                for person_id, language_id in LanguageThrough.objects.filter(
                    person_id__in=chunk_ids
                ).values_list("person_id", "language_id"):
                    current_languages[person_id].add(language_id)
        if "skills" in self.columns:
            for chunk_ids in _chunks(ids):
                for person_id, skill_id, level in PersonSkill.objects.filter(
                    person_id__in=chunk_ids
                ).values_list("person_id", "skill_id", "level"):
                    current_skills[person_id][skill_id] = level

        departments = self._departments()
        skill_ids = self._skills()

        # New people first, level by level down the chart, so each manager has an id
        # before the people who report to them are inserted.
        new_rows = [row for row in self.rows if row.email not in existing]
        id_of = dict(Person.objects.values_list("email", "pk"))
        for level_rows in self._levels(new_rows, existing):
            people = []
            for row in level_rows:
                person = Person(
                    email=row.email,
                    visible_fields=list(Person.DEFAULT_VISIBLE_FIELDS),
                    **row.fields,
                )
                if row.department:
                    person.department = departments[row.department.lower()]
                if row.manager_email:
                    person.manager_id = id_of[row.manager_email]
                people.append(person)
            Person.objects.bulk_create(people, batch_size=500)
            for person in people:
                id_of[person.email] = person.pk
                existing[person.email] = person
            self.created += len(people)
            self._report(self.created)

        new_emails = {row.email for row in new_rows}
        changed: list[Person] = []
        changed_fields: set[str] = set()
        replace_languages: dict[int, set[int]] = {}
        replace_skills: dict[int, dict[int, int]] = {}
        for row in self.rows:
            person = existing[row.email]
            is_new = row.email in new_emails
            fields = self._apply(row, person, departments, id_of) if not is_new else set()
            if row.language_ids is not None and row.language_ids != current_languages.get(
                person.pk, set()
            ):
                replace_languages[person.pk] = row.language_ids
                fields.add("languages")
            if row.skills is not None:
                wanted = {skill_ids[entry.term]: entry.level for entry in row.skills}
                if wanted != current_skills.get(person.pk, {}):
                    replace_skills[person.pk] = wanted
                    fields.add("skills")
            if is_new:
                continue
            if fields:
                person.updated_at = self.now
                changed.append(person)
                changed_fields |= fields - {"languages", "skills"}
                self.updated += 1
            else:
                self.unchanged += 1
        if changed:
            Person.objects.bulk_update(
                changed, [*sorted(changed_fields), "updated_at"], batch_size=200
            )
        self._replace_languages(replace_languages, new_emails, existing)
        self._replace_skills(replace_skills, new_emails, existing)
        self._report(len(self.rows))

    def _report(self, done: int) -> None:
        if self.progress:
            self.progress("save", min(done, len(self.rows)), len(self.rows))

    def _apply(
        self,
        row: ParsedRow,
        person: Person,
        departments: Mapping[str, Department],
        id_of: Mapping[str, int],
    ) -> set[str]:
        """Set the row's values on a stored person; return the names of fields that changed."""
        fields: set[str] = set()
        for name, value in row.fields.items():
            if getattr(person, name) != value:
                setattr(person, name, value)
                fields.add(name)
        if row.department is not None:
            department_id = departments[row.department.lower()].pk if row.department else None
            if person.department_id != department_id:
                person.department_id = department_id
                fields.add("department")
        if row.manager_email is not None:
            manager_id = id_of[row.manager_email] if row.manager_email else None
            if person.manager_id != manager_id:
                person.manager_id = manager_id
                fields.add("manager")
        return fields

    def _levels(
        self, new_rows: Sequence[ParsedRow], existing: Mapping[str, Person]
    ) -> list[list[ParsedRow]]:
        new = {row.email: row for row in new_rows}
        depth: dict[str, int] = {}
        for row in new_rows:
            path: list[str] = []
            node: str | None = row.email
            while node in new and node not in depth:
                path.append(node)
                node = new[node].manager_email or None
            base = depth.get(node, -1) if node is not None else -1
            for offset, email in enumerate(reversed(path), start=1):
                depth[email] = base + offset
        by_depth: dict[int, list[ParsedRow]] = defaultdict(list)
        for row in new_rows:
            by_depth[depth[row.email]].append(row)
        return [by_depth[level] for level in sorted(by_depth)]

    def _departments(self) -> dict[str, Department]:
        by_name = {d.name.lower(): d for d in Department.objects.all()}
        missing: dict[str, Department] = {}
        for row in self.rows:
            if row.department and row.department.lower() not in by_name:
                missing.setdefault(row.department.lower(), Department(name=row.department))
        if missing:
            Department.objects.bulk_create(missing.values())
            by_name.update(missing)
        return by_name

    def _skills(self) -> dict[str, int]:
        """Skill id for each term the file uses; names nobody used yet become skills."""
        lookup = SkillLookup()
        ids = {term: skill.pk for term, skill in lookup.by_term.items()}
        missing: dict[str, Skill] = {}
        taken = set(Skill.objects.values_list("slug", flat=True))
        for row in self.rows:
            for entry in row.skills or []:
                if entry.term not in ids and entry.term not in missing:
                    slug = unique_skill_slug(entry.name, taken)
                    taken.add(slug)
                    missing[entry.term] = Skill(name=entry.name, slug=slug)
        if missing:
            Skill.objects.bulk_create(missing.values())
            ids.update((term, skill.pk) for term, skill in missing.items())
        return ids

    def _replace_languages(
        self, wanted: Mapping[int, set[int]], new_emails: set[str], existing: Mapping[str, Person]
    ) -> None:
        new_ids = {existing[email].pk for email in new_emails}
        stale = [pk for pk in wanted if pk not in new_ids]
        for chunk in _chunks(stale):
            LanguageThrough.objects.filter(person_id__in=chunk).delete()
        LanguageThrough.objects.bulk_create(
            [
                LanguageThrough(person_id=pk, language_id=language_id)
                for pk, language_ids in wanted.items()
                for language_id in sorted(language_ids)
            ],
            batch_size=1000,
        )

    def _replace_skills(
        self,
        wanted: Mapping[int, Mapping[int, int]],
        new_emails: set[str],
        existing: Mapping[str, Person],
    ) -> None:
        new_ids = {existing[email].pk for email in new_emails}
        stale = [pk for pk in wanted if pk not in new_ids]
        for chunk in _chunks(stale):
            PersonSkill.objects.filter(person_id__in=chunk).delete()
        PersonSkill.objects.bulk_create(
            [
                PersonSkill(person_id=pk, skill_id=skill_id, level=level)
                for pk, levels in wanted.items()
                for skill_id, level in levels.items()
            ],
            batch_size=1000,
        )


def import_job_run(*, job_id: int) -> None:
    """Run an uploaded import and record its outcome on the job (the body of the task)."""
    job = ImportJob.objects.get(pk=job_id)
    if job.is_finished:
        return  # a retried task must not import twice
    job.status = ImportJob.Status.VALIDATING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])
    last_saved = 0.0

    def progress(phase: str, done: int, total: int) -> None:
        nonlocal last_saved
        # Saves are visible to the status page only outside the import's transaction, so
        # progress is stored while rows are checked and once when saving starts.
        if phase == "validate":
            if done < total and time.monotonic() - last_saved < 0.5:
                return
            job.total_rows, job.processed_rows = total, done
            job.save(update_fields=["total_rows", "processed_rows", "updated_at"])
            last_saved = time.monotonic()
        elif job.status != ImportJob.Status.WRITING:
            job.status = ImportJob.Status.WRITING
            job.total_rows, job.processed_rows = total, total
            job.save(update_fields=["status", "total_rows", "processed_rows", "updated_at"])

    try:
        result = people_import(file=job.source, progress_callback=progress)
    except Exception:
        logger.exception("People import %s failed", job.pk)
        job.status = ImportJob.Status.FAILED
        job.errors = [
            RowError(
                0, "", _("The import stopped on an unexpected error; nothing was saved.")
            ).as_dict()
        ]
        job.error_count = 1
    else:
        job.status = ImportJob.Status.SUCCEEDED if result.ok else ImportJob.Status.INVALID
        job.total_rows = result.total_rows
        job.processed_rows = result.total_rows if result.ok else job.processed_rows
        job.errors = [error.as_dict() for error in result.errors[: ImportJob.MAX_STORED_ERRORS]]
        job.error_count = len(result.errors)
        job.created_count = result.created
        job.updated_count = result.updated
        job.unchanged_count = result.unchanged
    job.finished_at = timezone.now()
    job.source = ""  # the uploaded personal data is not kept once it has been imported
    job.save()


# Claims of an identity provider (docs/identity.md) and the import column each one fills.
SSO_CLAIM_COLUMNS = {
    "name": "name",
    "department": "department",
    "job_title": "job_title",
    "manager_email": "manager_email",
}


def person_update_from_sso(*, user: User, claims: Mapping[str, Any]) -> ImportResult:
    """Map an identity provider's claims onto the user's Person, as a one-row import would.

    A claim the provider did not send leaves its field as it is; an empty one clears it. A
    manager Tandem does not know yet is left out rather than refusing the sign-in, and so is
    any other value the import would refuse (it is logged): signing in must not depend on the
    directory being tidy.
    """
    person = person_for_user(user=user)
    row: dict[str, str] = {"email": person.email, "name": person.name}
    for claim, column in SSO_CLAIM_COLUMNS.items():
        value = claims.get(claim)
        if isinstance(value, str):
            row[column] = value.strip()
    row["name"] = row["name"] or person.name or person.email
    manager = row.get("manager_email", "").lower()
    if manager and (manager == person.email or not Person.objects.filter(email=manager).exists()):
        logger.info("Single sign-on: manager %s of person %s is not in Tandem.", manager, person.pk)
        del row["manager_email"]
    result = people_import(rows=[row])
    refused = {error.column for error in result.errors} - {"email", "name"}
    if refused:
        logger.warning(
            "Single sign-on: claims %s of person %s refused.", sorted(refused), person.pk
        )
        result = people_import(rows=[{k: v for k, v in row.items() if k not in refused}])
    return result
