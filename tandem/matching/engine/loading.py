"""Reading instances from ``tandem-match/1`` JSON or from a pair of CSV files.

The CSV pair is for coordinators who work in spreadsheets:

``people.csv``
    ``id, manager, department`` -- the whole org chart, one row per person.
``participants.csv``
    ``id, role`` (``mentor`` or ``mentee``) and then, as they apply: ``capacity``,
    ``languages``, ``utc_offset_hours`` or ``timezone``, ``expertise``, ``skills``,
    ``background``, ``goals``, ``skills_wanted``, ``preferences``, ``forbidden``, the answers
    ``frequency``, ``format``, ``style``, ``focus_areas`` and any ``answer_<name>`` column.
    List cells separate items with ``;``. ``manager`` and ``department`` may also be given
    here for people missing from ``people.csv``.

Both forms are turned into the same document and checked by :mod:`.validation`, so the rules
and error messages are the same whichever form a coordinator uses.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from tandem.csvsafe import CsvDictWriter, csv_writer, restore

from .errors import InputError
from .model import Instance, Rules, Weights
from .validation import FORMAT, parse_instance

ANSWER_COLUMNS = ("frequency", "format", "style", "focus_areas")
LIST_ANSWERS = {"focus_areas"}
PARTICIPANT_COLUMNS = (
    "id",
    "role",
    "capacity",
    "languages",
    "utc_offset_hours",
    "timezone",
    "expertise",
    "skills",
    "background",
    "goals",
    "skills_wanted",
    "preferences",
    "forbidden",
    *ANSWER_COLUMNS,
)


def load_json(path: str | Path, reference_time: datetime | None = None) -> Instance:
    return parse_instance(read_json_document(path), reference_time)


def read_json_document(path: str | Path) -> Any:
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except FileNotFoundError as exc:
        raise InputError(str(path), "path", "no such file") from exc
    except json.JSONDecodeError as exc:
        raise InputError(
            str(path), "json", f"not valid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "json", "not UTF-8 text") from exc
    except RecursionError as exc:
        raise InputError(str(path), "json", "nested too deeply to be a cohort") from exc
    except ValueError as exc:
        # Python refuses to turn integers of more than 4,300 digits into numbers.
        raise InputError(str(path), "json", "a number with too many digits") from exc


def _split(cell: str | None) -> list[str]:
    if not cell:
        return []
    separator = ";" if ";" in cell or "|" not in cell else "|"
    return [item.strip() for item in cell.split(separator) if item.strip()]


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            rows = [dict(row) for row in reader]
            header = [restore(h).strip() for h in (reader.fieldnames or [])]
    except FileNotFoundError as exc:
        raise InputError(str(path), "path", "no such file") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "encoding", "not UTF-8 text") from exc
    cleaned = [
        {restore(k or "").strip(): restore(v).strip() for k, v in row.items() if isinstance(v, str)}
        for row in rows
    ]
    return header, cleaned


def _csv_number(value: str, record: str, field: str) -> float | None:
    if value == "":
        return None
    try:
        return float(value)
    except ValueError as exc:
        raise InputError(record, field, f"expected a number, got {value!r}") from exc


def _row_label(path: Path, line: int, row: Mapping[str, str]) -> str:
    ident = row.get("id", "")
    return f"{path.name} line {line}" + (f" (id '{ident}')" if ident else "")


def csv_document(
    people_path: str | Path | None,
    participants_path: str | Path,
    rules: Rules | None = None,
    weights: Weights | None = None,
) -> dict[str, Any]:
    participants_path = Path(participants_path)
    people: list[dict[str, Any]] = []
    if people_path is not None:
        people_path = Path(people_path)
        header, rows = _read_rows(people_path)
        if "id" not in header:
            raise InputError(people_path.name, "id", "the header has no 'id' column")
        for line, row in enumerate(rows, start=2):
            people.append(
                {
                    "id": row.get("id", ""),
                    "manager": row.get("manager") or None,
                    "department": row.get("department") or None,
                }
            )
            if not row.get("id"):
                raise InputError(_row_label(people_path, line, row), "id", "missing")
    header, rows = _read_rows(participants_path)
    for column in ("id", "role"):
        if column not in header:
            raise InputError(participants_path.name, column, f"the header has no '{column}' column")
    mentors: list[dict[str, Any]] = []
    mentees: list[dict[str, Any]] = []
    forbidden: list[list[str]] = []
    for line, row in enumerate(rows, start=2):
        label = _row_label(participants_path, line, row)
        if not row.get("id"):
            raise InputError(label, "id", "missing")
        role = row.get("role", "").lower()
        answers: dict[str, Any] = {}
        for key, value in row.items():
            name = key[len("answer_") :] if key.startswith("answer_") else key
            if (key in ANSWER_COLUMNS or key.startswith("answer_")) and value:
                answers[name] = _split(value) if name in LIST_ANSWERS else value
        record: dict[str, Any] = {
            "id": row["id"],
            "languages": _split(row.get("languages")),
            "answers": answers,
        }
        offset = _csv_number(row.get("utc_offset_hours", ""), label, "utc_offset_hours")
        if offset is not None:
            record["utc_offset_hours"] = offset
        if row.get("timezone"):
            record["timezone"] = row["timezone"]
        for extra in ("manager", "department"):
            if row.get(extra):
                record[extra] = row[extra]
        if role == "mentor":
            capacity = _csv_number(row.get("capacity", ""), label, "capacity")
            if capacity is not None:
                record["capacity"] = capacity
            record["expertise"] = row.get("expertise", "")
            record["skills"] = _split(row.get("skills"))
            record["background"] = row.get("background", "")
            mentors.append(record)
        elif role == "mentee":
            record["goals"] = row.get("goals", "")
            record["skills_wanted"] = _split(row.get("skills_wanted"))
            record["preferences"] = _split(row.get("preferences"))
            forbidden.extend([row["id"], other] for other in _split(row.get("forbidden")))
            mentees.append(record)
        else:
            raise InputError(
                label, "role", f"expected 'mentor' or 'mentee', got {row.get('role')!r}"
            )
    rules = rules or Rules()
    document: dict[str, Any] = {
        "format": FORMAT,
        "rules": rules.as_dict(),
        "people": people,
        "mentors": mentors,
        "mentees": mentees,
        "forbidden": forbidden,
    }
    if weights is not None:
        document["weights"] = weights.as_dict()
    return document


def load_csv(
    people_path: str | Path | None,
    participants_path: str | Path,
    rules: Rules | None = None,
    weights: Weights | None = None,
    reference_time: datetime | None = None,
) -> Instance:
    return parse_instance(
        csv_document(people_path, participants_path, rules, weights), reference_time
    )


def _cell(value: Iterable[str] | str | float | int | None) -> str | float | int:
    """A cell to write; numbers stay numbers, so a negative one is not quoted as a formula."""
    if value is None:
        return ""
    if isinstance(value, str | int | float):
        return value
    return ";".join(value)


def write_instance_csv(
    instance: Instance, people_path: str | Path, participants_path: str | Path
) -> None:
    """Write an instance as the CSV pair (supplied scores have no CSV form and are dropped)."""
    with Path(people_path).open("w", newline="", encoding="utf-8") as handle:
        rows = csv_writer(handle)
        rows.writerow(["id", "manager", "department"])
        for person in instance.people:
            rows.writerow([person.id, person.manager or "", person.department or ""])
    answer_keys = sorted(
        {k for m in instance.mentors for k in m.answers}
        | {k for m in instance.mentees for k in m.answers}
    )
    extra = [k if k in ANSWER_COLUMNS else f"answer_{k}" for k in answer_keys]
    columns = [c for c in PARTICIPANT_COLUMNS if c not in ANSWER_COLUMNS] + extra
    forbidden: dict[str, list[str]] = {}
    for mentee_id, mentor_id in instance.forbidden:
        forbidden.setdefault(mentee_id, []).append(mentor_id)
    with Path(participants_path).open("w", newline="", encoding="utf-8") as handle:
        writer = CsvDictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for mentor in instance.mentors:
            row: dict[str, str | float | int] = {
                "id": mentor.id,
                "role": "mentor",
                "capacity": mentor.capacity,
                "languages": _cell(mentor.languages),
                "utc_offset_hours": _cell(mentor.utc_offset_hours),
                "expertise": mentor.expertise,
                "skills": _cell(mentor.skills),
                "background": mentor.background,
            }
            for key, value in mentor.answers.items():
                row[key if key in ANSWER_COLUMNS else f"answer_{key}"] = _cell(value)
            writer.writerow(row)
        for mentee in instance.mentees:
            row = {
                "id": mentee.id,
                "role": "mentee",
                "languages": _cell(mentee.languages),
                "utc_offset_hours": _cell(mentee.utc_offset_hours),
                "goals": mentee.goals,
                "skills_wanted": _cell(mentee.skills_wanted),
                "preferences": _cell(mentee.preferences),
                "forbidden": _cell(forbidden.get(mentee.id, [])),
            }
            for key, value in mentee.answers.items():
                row[key if key in ANSWER_COLUMNS else f"answer_{key}"] = _cell(value)
            writer.writerow(row)
