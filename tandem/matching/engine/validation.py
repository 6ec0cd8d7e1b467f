"""Turn a decoded ``tandem-match/1`` document into a checked :class:`Instance`.

Every rejection names the record and the field, so that a coordinator can find the line to
fix. The checks that need the whole cohort (unknown managers, cycles in the chain, pairs
naming unknown people) run after every record has been read on its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import InputError
from .model import AnswerValue, Instance, Mentee, Mentor, Person, Rules, Weights

FORMAT = "tandem-match/1"

_RULE_KEYS = {
    "exclude_management_chain",
    "exclude_same_department",
    "require_shared_language",
    "max_timezone_gap_hours",
    "min_score",
    "weights",
}
_WEIGHT_KEYS = {"goals", "expectations", "preferences", "cross_department", "junior_mentor"}


class _Label:
    """``mentors[3] (id 'p7')``, formatted only if an error needs it."""

    __slots__ = ("index", "record", "section")

    def __init__(self, section: str, index: int, record: Any = None) -> None:
        self.section = section
        self.index = index
        self.record = record

    def __str__(self) -> str:
        record = self.record
        if isinstance(record, Mapping) and isinstance(record.get("id"), str | int):
            return f"{self.section}[{self.index}] (id '{record['id']}')"
        return f"{self.section}[{self.index}]"


def _label(section: str, index: int, record: Any = None) -> _Label:
    return _Label(section, index, record)


MAX_CAPACITY = 1_000_000
# The longest IANA name today is 32 characters; names use letters, digits and "/_+-".
MAX_ZONE_NAME = 64
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*")


def _id(value: Any, record: object, field: str) -> str:
    # Spreadsheets and some exporters write numeric ids; they name the same person as the
    # string form, so both are accepted and normalised to text.
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(record, field, f"expected an id (text), got {value!r}")
    text = str(value).strip()
    if not text:
        raise InputError(record, field, "the id is empty")
    return text


def _number(value: Any, record: object, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(record, field, f"expected a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise InputError(record, field, f"expected a finite number, got {value!r}")
    return number


def _bool(value: Any, record: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InputError(record, field, f"expected true or false, got {value!r}")
    return value


def _text(value: Any, record: object, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InputError(record, field, f"expected text, got {value!r}")
    return value


def _strings(value: Any, record: object, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if type(value) is list and all(type(item) is str for item in value):
        return tuple(stripped for item in value if (stripped := item.strip()))
    if isinstance(value, str):
        # A lone string is a common slip for a one-element list; reading it as such is kinder
        # than a rejection and cannot change its meaning.
        return (value,) if value.strip() else ()
    if not isinstance(value, list):
        raise InputError(record, field, f"expected a list of text, got {value!r}")
    out: list[str] = []
    for position, item in enumerate(value):
        if not isinstance(item, str):
            raise InputError(record, f"{field}[{position}]", f"expected text, got {item!r}")
        if item.strip():
            out.append(item.strip())
    return tuple(out)


def _mapping(value: Any, record: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(record, field, f"expected an object, got {value!r}")
    return value


def _list(value: Any, record: object, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(record, field, f"expected a list, got {type(value).__name__}")
    return value


# Fast paths. A cohort of tens of thousands of records is read on every run, and nearly
# every field is already of the expected type: the helpers below accept only the plain,
# valid forms and return ``None`` (or the ``_SLOW`` marker) for anything else, which then
# goes through the checks above so that every rejection keeps its exact message.
_SLOW: Any = object()


def _plain_strings(value: Any) -> Any:
    """``_strings`` for ``None`` or a list of text; ``_SLOW`` for anything else."""
    if value is None:
        return ()
    if type(value) is not list:
        return _SLOW
    try:
        # Joining fails on the first item that is not text, without a Python-level loop.
        "".join(value)
    except TypeError:
        return _SLOW
    return tuple(filter(None, map(str.strip, value)))


def _plain_text(value: Any) -> str | None:
    if value is None:
        return ""
    return value if type(value) is str else None


def _plain_answers(value: Any) -> dict[str, AnswerValue] | None:
    if value is None:
        return {}
    if type(value) is not dict:
        return None
    out: dict[str, AnswerValue] = {}
    for key, item in value.items():
        if type(key) is not str:
            return None
        if type(item) is str:
            stripped = item.strip()
            if stripped:
                out[key] = stripped
        elif item is None:
            continue
        else:
            values = _plain_strings(item)
            if values is _SLOW:
                return None
            if values:
                out[key] = values
    return out


def _plain_capacity(value: Any) -> int | None:
    if value is None:
        return 1
    if type(value) is int and 0 <= value <= MAX_CAPACITY:
        return value
    return None


class _Offsets:
    """UTC offsets of a record, with each zone name looked up once per document."""

    def __init__(self, reference_time: datetime | None) -> None:
        self.reference_time = reference_time
        self.zones: dict[str, float] = {}

    def plain(self, raw: Mapping[str, Any]) -> Any:
        """The offset of a record whose offset fields are plain and valid, else ``_SLOW``."""
        value = raw.get("utc_offset_hours")
        if value is not None:
            if (type(value) is int or type(value) is float) and -14.0 <= value <= 14.0:
                return float(value)
            return _SLOW
        zone = raw.get("timezone")
        if zone is None or zone == "":
            return None
        if type(zone) is not str:
            return _SLOW
        hours = self.zones.get(zone)
        return _SLOW if hours is None else hours

    def checked(self, raw: Mapping[str, Any], record: object) -> float | None:
        hours = _offset(raw, record, self.reference_time)
        zone = raw.get("timezone")
        if raw.get("utc_offset_hours") is None and hours is not None and type(zone) is str:
            self.zones[zone] = hours
        return hours


def parse_rules(raw: Any) -> Rules:
    if raw is None:
        return Rules()
    rules = _mapping(raw, "rules", "rules")
    for key in rules:
        if key not in _RULE_KEYS:
            raise InputError("rules", key, f"unknown rule; known rules: {sorted(_RULE_KEYS)}")
    defaults = Rules()
    gap_raw = rules.get("max_timezone_gap_hours")
    gap = None if gap_raw is None else _number(gap_raw, "rules", "max_timezone_gap_hours")
    if gap is not None and gap < 0:
        raise InputError("rules", "max_timezone_gap_hours", f"must not be negative, got {gap}")
    min_score = _number(rules.get("min_score", 0.0), "rules", "min_score")
    if not 0.0 <= min_score <= 1.0:
        raise InputError("rules", "min_score", f"must be between 0 and 1, got {min_score}")
    return Rules(
        exclude_management_chain=_bool(
            rules.get("exclude_management_chain", defaults.exclude_management_chain),
            "rules",
            "exclude_management_chain",
        ),
        exclude_same_department=_bool(
            rules.get("exclude_same_department", defaults.exclude_same_department),
            "rules",
            "exclude_same_department",
        ),
        require_shared_language=_bool(
            rules.get("require_shared_language", defaults.require_shared_language),
            "rules",
            "require_shared_language",
        ),
        max_timezone_gap_hours=gap,
        min_score=min_score,
    )


def parse_weights(raw: Any, record: str = "weights") -> Weights:
    if raw is None:
        return Weights()
    weights = _mapping(raw, record, "weights")
    values = Weights().as_dict()
    for key, value in weights.items():
        if key not in _WEIGHT_KEYS:
            raise InputError(record, key, f"unknown weight; known weights: {sorted(_WEIGHT_KEYS)}")
        number = _number(value, record, key)
        if number < 0:
            raise InputError(record, key, f"weights must not be negative, got {number}")
        values[key] = number
    if values["goals"] + values["expectations"] <= 0:
        raise InputError(record, "goals", "goals and expectations cannot both weigh zero")
    return Weights(**values)


def timezone_offset(name: str, at: datetime, record: object, field: str = "timezone") -> float:
    """UTC offset in hours of an IANA zone at the instant ``at``."""
    # ZoneInfo looks the name up as a file: an over-long or odd name would surface an OS
    # error carrying the zone directory's path, so only plausible names reach it.
    if len(name) > MAX_ZONE_NAME or not _ZONE_NAME.fullmatch(name):
        shown = name if len(name) <= 60 else name[:60] + "…"
        raise InputError(record, field, f"unknown IANA time zone {shown!r}")
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise InputError(record, field, f"unknown IANA time zone {name!r}") from exc
    offset = at.astimezone(zone).utcoffset()
    assert offset is not None
    return offset.total_seconds() / 3600.0


def _offset(
    raw: Mapping[str, Any], record: object, reference_time: datetime | None
) -> float | None:
    value = raw.get("utc_offset_hours")
    if value is not None:
        hours = _number(value, record, "utc_offset_hours")
        if not -14.0 <= hours <= 14.0:
            raise InputError(record, "utc_offset_hours", f"must be within -14..14, got {hours}")
        return hours
    zone = raw.get("timezone")
    if zone is None or zone == "":
        return None
    if not isinstance(zone, str):
        raise InputError(record, "timezone", f"expected an IANA zone name, got {zone!r}")
    return timezone_offset(zone, reference_time or datetime.now(UTC), record)


def _answers(value: Any, record: object) -> dict[str, AnswerValue]:
    if value is None:
        return {}
    answers = _mapping(value, record, "answers")
    out: dict[str, AnswerValue] = {}
    for key, item in answers.items():
        if item is None:
            continue
        if isinstance(item, str):
            if item.strip():
                out[str(key)] = item.strip()
        elif isinstance(item, list):
            values = _strings(item, record, f"answers.{key}")
            if values:
                out[str(key)] = values
        else:
            raise InputError(record, f"answers.{key}", f"expected text or a list, got {item!r}")
    return out


def _capacity(value: Any, record: object) -> int:
    if value is None:
        return 1
    number = _number(value, record, "capacity")
    if number < 0:
        raise InputError(record, "capacity", f"must not be negative, got {value!r}")
    if number != int(number):
        raise InputError(record, "capacity", f"must be a whole number, got {value!r}")
    if number > MAX_CAPACITY:
        # Capacities are held as 64-bit integers; no programme has a million places per mentor.
        raise InputError(record, "capacity", f"must be at most {MAX_CAPACITY:,}, got {value!r}")
    return int(number)


def _unique_ids(
    section: str, records: Sequence[Mapping[str, Any]]
) -> tuple[list[str], dict[str, int]]:
    ids: list[str] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        if type(record) is dict:
            value = record.get("id")
            if type(value) is str:
                pid = value.strip()
                if pid and pid not in seen:
                    seen[pid] = index
                    ids.append(pid)
                    continue
        label = _label(section, index, record)
        if not isinstance(record, Mapping):
            raise InputError(f"{section}[{index}]", "id", "expected an object")
        if "id" not in record:
            raise InputError(label, "id", "missing")
        pid = _id(record["id"], label, "id")
        if pid in seen:
            raise InputError(
                label, "id", f"duplicate id '{pid}' (already used by {section}[{seen[pid]}])"
            )
        seen[pid] = index
        ids.append(pid)
    return ids, seen


def _check_chain(
    people: list[Person], index_of: dict[str, int], labels: list[tuple[str, int, Any]]
) -> None:
    for person, label in zip(people, labels, strict=True):
        if person.manager is not None and person.manager not in index_of:
            raise InputError(_label(*label), "manager", f"unknown manager '{person.manager}'")
    # Colour walk: 0 unseen, 1 on the current path, 2 known to reach the top of the chart.
    state = [0] * len(people)
    for start in range(len(people)):
        path: list[int] = []
        node: int | None = start
        while node is not None and state[node] == 0:
            state[node] = 1
            path.append(node)
            manager = people[node].manager
            node = None if manager is None else index_of[manager]
        if node is not None and state[node] == 1:
            loop = path[path.index(node) :]
            names = " -> ".join(people[i].id for i in [*loop, node])
            raise InputError(
                _label(*labels[node]), "manager", f"cycle in the management chain: {names}"
            )
        for visited in path:
            state[visited] = 2


def _plain_person(pid: str, raw: Mapping[str, Any]) -> Person | None:
    manager = raw.get("manager")
    if manager is not None and manager != "":
        if type(manager) is not str:
            return None
        manager = manager.strip()
        if not manager:
            return None
    department = raw.get("department")
    if department is not None:
        if type(department) is not str:
            return None
        department = department.strip() or None
    return Person(id=pid, manager=manager or None, department=department)


def _person(pid: str, raw: Mapping[str, Any], section: str, index: int) -> Person:
    """A record's place in the org chart: the plain form read directly, anything else
    checked field by field."""
    person = _plain_person(pid, raw)
    if person is not None:
        return person
    label = _label(section, index, raw)
    manager = raw.get("manager")
    return Person(
        id=pid,
        manager=None if manager in (None, "") else _id(manager, label, "manager"),
        department=_text(raw.get("department"), label, "department").strip() or None,
    )


def _plain_mentor(pid: str, raw: Mapping[str, Any], offsets: _Offsets) -> Mentor | None:
    capacity = _plain_capacity(raw.get("capacity"))
    languages = _plain_strings(raw.get("languages"))
    offset = offsets.plain(raw)
    expertise = _plain_text(raw.get("expertise"))
    skills = _plain_strings(raw.get("skills"))
    background = _plain_text(raw.get("background"))
    answers = _plain_answers(raw.get("answers"))
    if (
        capacity is None
        or languages is _SLOW
        or offset is _SLOW
        or expertise is None
        or skills is _SLOW
        or background is None
        or answers is None
    ):
        return None
    return Mentor(
        id=pid,
        capacity=capacity,
        languages=tuple(map(str.lower, languages)),
        utc_offset_hours=offset,
        expertise=expertise,
        skills=skills,
        background=background,
        answers=answers,
    )


def _plain_mentee(
    pid: str, raw: Mapping[str, Any], offsets: _Offsets, mentor_index: Mapping[str, int]
) -> Mentee | None:
    preferences = _plain_strings(raw.get("preferences"))
    languages = _plain_strings(raw.get("languages"))
    offset = offsets.plain(raw)
    goals = _plain_text(raw.get("goals"))
    skills_wanted = _plain_strings(raw.get("skills_wanted"))
    answers = _plain_answers(raw.get("answers"))
    if (
        preferences is _SLOW
        or languages is _SLOW
        or offset is _SLOW
        or goals is None
        or skills_wanted is _SLOW
        or answers is None
    ):
        return None
    if preferences and (
        len(set(preferences)) != len(preferences)
        or not all(mentor in mentor_index for mentor in preferences)
    ):
        return None
    return Mentee(
        id=pid,
        languages=tuple(map(str.lower, languages)),
        utc_offset_hours=offset,
        goals=goals,
        skills_wanted=skills_wanted,
        answers=answers,
        preferences=preferences,
    )


MenteeTexts = tuple[str, tuple[str, ...]]
MentorTexts = tuple[str, tuple[str, ...], str]
# The text fields of each side, in the order the documents join them; True for a list.
MENTEE_TEXT_FIELDS = (("goals", False), ("skills_wanted", True))
MENTOR_TEXT_FIELDS = (("expertise", False), ("skills", True), ("background", False))


def plain_texts(data: Any) -> tuple[list[MenteeTexts], list[MentorTexts]] | None:
    """The text fields of every mentee (goals, skills wanted) and mentor (expertise, skills,
    background), in order, read from a decoded document exactly as :func:`parse_instance`
    reads them; None unless every record and field is in its plain form.

    The text model needs only these, so it can be fitted while the rest of the document is
    checked. Anything out of the ordinary (and every document that fails its checks) goes
    through :func:`parse_instance` first instead.
    """
    if type(data) is not dict:
        return None
    mentees = _plain_fields(data.get("mentees"), MENTEE_TEXT_FIELDS)
    mentors = _plain_fields(data.get("mentors"), MENTOR_TEXT_FIELDS)
    if mentees is None or mentors is None:
        return None
    return mentees, mentors


def _plain_fields(
    records: Any, fields: tuple[tuple[str, bool], ...]
) -> list[tuple[Any, ...]] | None:
    if type(records) is not list:
        return None
    out: list[tuple[Any, ...]] = []
    for raw in records:
        if type(raw) is not dict:
            return None
        values = []
        for name, is_list in fields:
            value = _plain_strings(raw.get(name)) if is_list else _plain_text(raw.get(name))
            if value is None or value is _SLOW:
                return None
            values.append(value)
        out.append(tuple(values))
    return out


def parse_instance(data: Any, reference_time: datetime | None = None) -> Instance:
    """Validate a decoded ``tandem-match/1`` document.

    ``reference_time`` is the instant at which IANA ``timezone`` names are turned into UTC
    offsets; it defaults to now, because the gap that matters is the one the pair will live
    with when they start meeting.
    """
    doc = _mapping(data, "document", "document")
    if doc.get("format") != FORMAT:
        raise InputError("document", "format", f"expected '{FORMAT}', got {doc.get('format')!r}")
    # Other top-level fields (a programme name, an export timestamp) are the producer's
    # business and are ignored; the rules, whose typos would silently change a match, are not.
    rules = parse_rules(doc.get("rules"))
    raw_rules = doc.get("rules") or {}
    weights_raw = doc.get("weights", raw_rules.get("weights"))
    weights = parse_weights(weights_raw)

    raw_people = _list(doc.get("people"), "document", "people")
    raw_mentors = _list(doc.get("mentors"), "document", "mentors")
    raw_mentees = _list(doc.get("mentees"), "document", "mentees")
    people_ids, _ = _unique_ids("people", raw_people)
    mentor_ids, mentor_index = _unique_ids("mentors", raw_mentors)
    mentee_ids, mentee_index = _unique_ids("mentees", raw_mentees)

    people: list[Person] = []
    # Labels are only read to name a record in an error, so each is made when first needed.
    labels: list[tuple[str, int, Any]] = []
    for index, (pid, raw) in enumerate(zip(people_ids, raw_people, strict=True)):
        people.append(_person(pid, raw, "people", index))
        labels.append(("people", index, raw))
    person_index = {p.id: i for i, p in enumerate(people)}
    # Participants missing from the org chart stand at the top of their own chart; they may
    # still carry a manager or department on their own record.
    for section, ids, raws in (
        ("mentors", mentor_ids, raw_mentors),
        ("mentees", mentee_ids, raw_mentees),
    ):
        for index, (pid, raw) in enumerate(zip(ids, raws, strict=True)):
            if pid in person_index:
                continue
            people.append(_person(pid, raw, section, index))
            labels.append((section, index, raw))
            person_index[pid] = len(people) - 1
    _check_chain(people, person_index, labels)

    offsets = _Offsets(reference_time)
    mentors: list[Mentor] = []
    for index, (pid, raw) in enumerate(zip(mentor_ids, raw_mentors, strict=True)):
        plain_mentor = _plain_mentor(pid, raw, offsets)
        if plain_mentor is not None:
            mentors.append(plain_mentor)
            continue
        label = _label("mentors", index, raw)
        mentors.append(
            Mentor(
                id=pid,
                capacity=_capacity(raw.get("capacity"), label),
                languages=tuple(
                    x.lower() for x in _strings(raw.get("languages"), label, "languages")
                ),
                utc_offset_hours=offsets.checked(raw, label),
                expertise=_text(raw.get("expertise"), label, "expertise"),
                skills=_strings(raw.get("skills"), label, "skills"),
                background=_text(raw.get("background"), label, "background"),
                answers=_answers(raw.get("answers"), label),
            )
        )

    mentees: list[Mentee] = []
    for index, (pid, raw) in enumerate(zip(mentee_ids, raw_mentees, strict=True)):
        plain_mentee = _plain_mentee(pid, raw, offsets, mentor_index)
        if plain_mentee is not None:
            mentees.append(plain_mentee)
            continue
        label = _label("mentees", index, raw)
        preferences = _strings(raw.get("preferences"), label, "preferences")
        seen_pref: set[str] = set()
        for position, mentor in enumerate(preferences):
            field = f"preferences[{position}]"
            if mentor not in mentor_index:
                known = "a person who is not a mentor" if mentor in person_index else "unknown"
                raise InputError(label, field, f"'{mentor}' is {known}; preferences name mentors")
            if mentor in seen_pref:
                raise InputError(label, field, f"'{mentor}' is ranked twice")
            seen_pref.add(mentor)
        mentees.append(
            Mentee(
                id=pid,
                languages=tuple(
                    x.lower() for x in _strings(raw.get("languages"), label, "languages")
                ),
                utc_offset_hours=offsets.checked(raw, label),
                goals=_text(raw.get("goals"), label, "goals"),
                skills_wanted=_strings(raw.get("skills_wanted"), label, "skills_wanted"),
                answers=_answers(raw.get("answers"), label),
                preferences=preferences,
            )
        )

    scores: list[tuple[str, str, float]] | None = None
    if doc.get("scores") is not None:
        scores = []
        seen_pairs: dict[tuple[str, str], int] = {}
        for index, item in enumerate(_list(doc.get("scores"), "document", "scores")):
            where = f"scores[{index}]"
            if not isinstance(item, list) or len(item) != 3:
                raise InputError(where, "pair", "expected [mentee, mentor, score]")
            mentee = _id(item[0], where, "mentee")
            mentor = _id(item[1], where, "mentor")
            if mentee not in mentee_index:
                raise InputError(where, "mentee", f"'{mentee}' is not a known mentee")
            if mentor not in mentor_index:
                raise InputError(where, "mentor", f"'{mentor}' is not a known mentor")
            value = _number(item[2], where, "score")
            if not 0.0 <= value <= 1.0:
                raise InputError(where, "score", f"must be between 0 and 1, got {item[2]!r}")
            pair = (mentee, mentor)
            if pair in seen_pairs:
                raise InputError(
                    where, "pair", f"pair ({mentee}, {mentor}) repeats scores[{seen_pairs[pair]}]"
                )
            seen_pairs[pair] = index
            scores.append((mentee, mentor, value))

    forbidden: list[tuple[str, str]] = []
    for index, item in enumerate(_list(doc.get("forbidden"), "document", "forbidden")):
        where = f"forbidden[{index}]"
        if not isinstance(item, list) or len(item) != 2:
            raise InputError(where, "pair", "expected [mentee, mentor]")
        first = _id(item[0], where, "mentee")
        second = _id(item[1], where, "mentor")
        for role, pid in (("mentee", first), ("mentor", second)):
            if pid not in person_index:
                raise InputError(where, role, f"'{pid}' is not a known person")
        if first in mentee_index and second in mentor_index:
            forbidden.append((first, second))
        # A pair written mentor-first means the same thing; honour it rather than drop it.
        if second in mentee_index and first in mentor_index:
            forbidden.append((second, first))

    return Instance(
        rules=rules,
        weights=weights,
        people=people,
        mentors=mentors,
        mentees=mentees,
        scores=scores,
        forbidden=forbidden,
    )
