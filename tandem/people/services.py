from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tandem.accounts.models import User
from tandem.core import audit
from tandem.core.errors import ServiceError
from tandem.core.personal_data import ERASED_NAME, ErasureSubject, erase
from tandem.people.models import Department, ImportJob, Person, PersonSkill, Skill
from tandem.people.photos import photo_normalise
from tandem.people.selectors import skill_resolve
from tandem.people.terms import SkillEntry

PROFILE_SCALAR_FIELDS = (
    "name",
    "job_title",
    "location",
    "timezone",
    "bio",
    "interests",
    "birthday",
    "celebrate_birthday",
    "work_anniversary",
    "celebrate_work_anniversary",
    "visible_fields",
    "not_taking_mentees",
    "not_taking_mentees_until",
)


@transaction.atomic
def person_link_user(*, user: User) -> Person:
    """Give a user their Person: the imported one with the same email, or a new one."""
    person = Person.objects.select_for_update().filter(email=user.email).first()
    if person is None:
        return Person.objects.create(user=user, email=user.email, name=user.name or user.email)
    if person.user_id != user.pk:
        person.user = user
        if not person.name:
            person.name = user.name or user.email
        person.save(update_fields=["user", "name", "updated_at"])
    return person


def person_for_user(*, user: User) -> Person:
    """The user's Person, linked (or created) on first use."""
    return getattr(user, "person", None) or person_link_user(user=user)


def unique_skill_slug(name: str, taken: set[str] | None = None) -> str:
    """A free slug for a new skill. `taken`, when given, holds every slug in use (the import
    loads them once), so no query is made; without it each candidate is looked up."""

    def in_use(slug: str) -> bool:
        if taken is not None:
            return slug in taken
        return Skill.objects.filter(slug=slug).exists()

    base = slugify(name)[:100] or "skill"
    slug, n = base, 2
    while in_use(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


def skill_get_or_create(*, name: str) -> Skill:
    """The shared skill a name or alias stands for; a name nobody used yet becomes a skill."""
    skill = skill_resolve(name)
    if skill is not None:
        return skill
    clean = " ".join(name.split())
    return Skill.objects.create(name=clean, slug=unique_skill_slug(clean))


def department_get_or_create(*, name: str) -> Department | None:
    clean = " ".join(name.split())
    if not clean:
        return None
    department = Department.objects.filter(name__iexact=clean).first()
    return department or Department.objects.create(name=clean)


def profile_is_complete(person: Person) -> bool:
    return bool(
        person.name.strip()
        and person.job_title.strip()
        and person.timezone
        and person.languages.exists()
    )


def person_set_skills(*, person: Person, entries: Iterable[SkillEntry]) -> None:
    levels: dict[int, int] = {}
    for entry in entries:
        levels[skill_get_or_create(name=entry.name).pk] = entry.level
    person.person_skills.exclude(skill_id__in=levels).delete()
    current = dict(person.person_skills.values_list("skill_id", "level"))
    for skill_id, level in levels.items():
        if skill_id not in current:
            PersonSkill.objects.create(person=person, skill_id=skill_id, level=level)
        elif current[skill_id] != level:
            person.person_skills.filter(skill_id=skill_id).update(level=level)


@transaction.atomic
def person_profile_update(*, person: Person, changes: Mapping[str, Any]) -> Person:
    """Apply validated profile changes; keys left out stay as they are (a partial update).

    `department` is a name (a new one is created), `languages` a list of Language, `manager`
    a Person or None (checked against cycles by the caller's validation), `skills` a list of
    SkillEntry whose names may be aliases.
    """
    for field in PROFILE_SCALAR_FIELDS:
        if field in changes:
            setattr(person, field, changes[field])
    if not person.not_taking_mentees:
        # A date without the switch would mean nothing, and would surprise when switched on.
        person.not_taking_mentees_until = None
    if "department" in changes:
        person.department = department_get_or_create(name=changes["department"] or "")
    if "manager" in changes:
        person.manager = changes["manager"]
    person.save()
    if "languages" in changes:
        person.languages.set(changes["languages"])
    if "skills" in changes:
        person_set_skills(person=person, entries=changes["skills"])
    completed = profile_is_complete(person)
    if completed and person.profile_completed_at is None:
        person.profile_completed_at = timezone.now()
        person.save(update_fields=["profile_completed_at", "updated_at"])
    elif not completed and person.profile_completed_at is not None:
        person.profile_completed_at = None
        person.save(update_fields=["profile_completed_at", "updated_at"])
    return person


def import_job_create(*, user: User, filename: str, source: str) -> ImportJob:
    """Record an uploaded file and queue its import; the job page follows its progress."""
    from tandem.people.tasks import run_people_import

    if "\x00" in source:
        # The database cannot store NUL (PostgreSQL refuses it): the file is refused as it is
        # recorded, with the reason the reader gives, and nothing is queued.
        from tandem.people.importing import CsvTable

        _table, refusals = CsvTable.from_source(source)
        return ImportJob.objects.create(
            created_by=user,
            filename=filename[:255],
            source=source.replace("\x00", ""),
            status=ImportJob.Status.INVALID,
            errors=[refusal.as_dict() for refusal in refusals],
            finished_at=timezone.now(),
        )
    job = ImportJob.objects.create(created_by=user, filename=filename[:255], source=source)
    audit.record("import.people", actor=user, obj=job)
    # Queued once the job row is committed, so a worker on another connection can read it.
    transaction.on_commit(lambda: run_people_import.enqueue(job.pk))
    return job


@transaction.atomic
def person_photo_set(*, person: Person, upload: Any) -> Person:
    """Store a new photo (normalised, metadata stripped) in place of the old one."""
    data = photo_normalise(upload, upload.size)
    old = person.photo.name
    person.photo.save(f"{person.pk}-{secrets.token_hex(8)}.jpg", ContentFile(data), save=False)
    person.save(update_fields=["photo", "updated_at"])
    if old:
        transaction.on_commit(lambda: person.photo.storage.delete(old))
    return person


@transaction.atomic
def person_photo_remove(*, person: Person) -> Person:
    old = person.photo.name
    if old:
        person.photo = ""
        person.save(update_fields=["photo", "updated_at"])
        storage = Person._meta.get_field("photo").storage
        transaction.on_commit(lambda: storage.delete(old))
    return person


class PeopleError(ServiceError):
    """A rule about people refused the action; the message says why."""


def person_erase(*, person: Person, by: User) -> Person:
    """Erase a person at an operator's request: every app forgets them, or none does."""
    if person.user_id is not None and person.user_id == by.pk:
        raise PeopleError(_("You cannot erase yourself: ask another operator."))
    with transaction.atomic():
        # Locked, so that two operators confirming at once erase the person once.
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.erased_at is not None:
            raise PeopleError(
                _("This person was already erased on %(day)s.")
                % {"day": date_format(timezone.localtime(locked.erased_at), "d F Y")}
            )
        erase(locked)
        audit.record("person.erased", actor=by, obj=locked)
    person.refresh_from_db()
    return person


def people_erase_person(subject: ErasureSubject) -> None:
    """Forget a person's profile; the row stays, named "a former participant"."""
    person = subject.person
    Person.objects.filter(manager=person).update(manager=None)
    PersonSkill.objects.filter(person=person).delete()
    person.languages.clear()
    photo = person.photo.name
    now = timezone.now()
    Person.objects.filter(pk=person.pk).update(
        name=ERASED_NAME,
        email=subject.erased_email,
        job_title="",
        department=None,
        location="",
        timezone="UTC",
        manager=None,
        bio="",
        interests="",
        birthday=None,
        celebrate_birthday=False,
        work_anniversary=None,
        celebrate_work_anniversary=False,
        visible_fields=[],
        photo="",
        profile_completed_at=None,
        erased_at=now,
        updated_at=now,
    )
    if photo:
        storage = Person._meta.get_field("photo").storage
        transaction.on_commit(lambda: storage.delete(photo))
    # An import file keeps its rows for its report: the person's row there is forgotten too.
    quoted = Q(source__icontains=subject.email) | Q(errors__icontains=subject.email)
    for job in ImportJob.objects.filter(quoted, status__in=ImportJob.FINISHED):
        job.source = _forget(job.source, subject)
        job.errors = json.loads(_forget(json.dumps(job.errors), subject))
        job.save(update_fields=["source", "errors", "updated_at"])


def _forget(text: str, subject: ErasureSubject) -> str:
    for said, instead in ((subject.email, subject.erased_email), (subject.name, ERASED_NAME)):
        text = re.sub(re.escape(said), instead, text, flags=re.IGNORECASE)
    return text
