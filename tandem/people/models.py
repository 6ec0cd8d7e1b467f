from __future__ import annotations

import datetime
import functools
import re
import zoneinfo
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.core.models import TimeStampedModel


def normalise_term(text: str) -> str:
    """The form under which skill names and aliases are compared: lower case, single spaces."""
    return re.sub(r"\s+", " ", text.strip().lower())


@functools.cache
def known_timezones() -> frozenset[str]:
    # available_timezones() walks the tz database on disk; once per process is enough.
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value: str) -> None:
    if value not in known_timezones():
        raise ValidationError(
            gettext("%(value)s is not a known IANA time zone, e.g. Europe/London.")
            % {"value": repr(value)}
        )


class Department(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    code = models.CharField(max_length=12, unique=True, help_text=_("ISO 639-1 code, e.g. en"))
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Skill(models.Model):
    """An entry of the shared skills list; aliases make "ML" and "machine learning" one skill."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=110, unique=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[:110]
        super().save(*args, **kwargs)


class SkillAlias(models.Model):
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=100, unique=True, help_text=_("Stored normalised."))

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = _("skill aliases")

    def __str__(self) -> str:
        return f"{self.alias} → {self.skill}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.alias = normalise_term(self.alias)
        super().save(*args, **kwargs)


def not_taking_mentees_q(day: datetime.date) -> Q:
    """People who said on `day` that they take no new mentees: the switch is on and its date,
    if any, has not passed. The until-date is the last day it holds; nothing clears it, so
    the mentor is back the next day without any job running."""
    return Q(not_taking_mentees=True) & (
        Q(not_taking_mentees_until__isnull=True) | Q(not_taking_mentees_until__gte=day)
    )


class PersonQuerySet(models.QuerySet["Person"]):
    def not_taking_mentees(self, day: datetime.date | None = None) -> PersonQuerySet:
        return self.filter(not_taking_mentees_q(day or timezone.localdate()))

    def taking_mentees(self, day: datetime.date | None = None) -> PersonQuerySet:
        return self.exclude(not_taking_mentees_q(day or timezone.localdate()))


class Person(TimeStampedModel):
    """Someone in the organisation: a participant, or a manager in the org chart."""

    # Profile fields another participant may be allowed to see (the person chooses which).
    VISIBLE_FIELD_CHOICES = [
        ("job_title", _("Job title")),
        ("department", _("Department")),
        ("location", _("Location")),
        ("timezone", _("Time zone")),
        ("languages", _("Languages")),
        ("manager", _("Manager")),
        ("bio", _("Background")),
        ("skills", _("Skills")),
        ("interests", _("Interests")),
    ]
    DEFAULT_VISIBLE_FIELDS = [
        "job_title",
        "department",
        "location",
        "timezone",
        "languages",
        "bio",
        "skills",
        "interests",
    ]

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    location = models.CharField(max_length=150, blank=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    languages = models.ManyToManyField(Language, blank=True, related_name="speakers")
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    bio = models.TextField(_("background"), blank=True)
    interests = models.TextField(blank=True)
    skills = models.ManyToManyField(Skill, through="PersonSkill", blank=True, related_name="+")
    birthday = models.DateField(null=True, blank=True)
    celebrate_birthday = models.BooleanField(default=False)
    work_anniversary = models.DateField(
        null=True, blank=True, help_text=_("The day the person joined the organisation.")
    )
    celebrate_work_anniversary = models.BooleanField(default=False)
    visible_fields = models.JSONField(default=list, blank=True)
    # Stored re-encoded and stripped (see people/photos.py); served only through a view that
    # checks who may see the profile, never from a public media URL.
    photo = models.FileField(upload_to="photos/", blank=True)
    profile_completed_at = models.DateTimeField(null=True, blank=True)
    # Set when an operator erased the person: the row stays, anonymised, so that what their
    # partners wrote with them keeps its history (see core/personal_data.py).
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the organisation's identity provider deactivated the person (they left): their
    # account no longer signs in and their pairs ended (matching.services.departure).
    left_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A mentor's pause on new mentees, across all their programmes; see not_taking_mentees_q.
    not_taking_mentees = models.BooleanField(default=False)
    not_taking_mentees_until = models.DateField(null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("people")
        indexes = [
            # The directory pages through people in name order, reading this index a window
            # at a time (tandem/core/search_paging.py).
            models.Index(fields=["name", "id"], name="person_name_order"),
            # Who is not erased, without reading the row: a directory's scope (the people of
            # the viewer's programmes) is checked against it, where the rows' own erased_at
            # sits behind the long text columns (the directory's count: 38 -> 18 ms at 100,000).
            models.Index(fields=["id"], condition=Q(erased_at__isnull=True), name="person_live"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def initials(self) -> str:
        """Shown where there is no photo: "Alice Mentee" → "AM"."""
        words = self.name.split()
        if not words:
            return "?"
        letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
        return letters.upper()

    def is_not_taking_mentees_on(self, day: datetime.date) -> bool:
        """The Python side of not_taking_mentees_q, for a person already loaded."""
        if not self.not_taking_mentees:
            return False
        until = self.not_taking_mentees_until
        return until is None or until >= day

    @property
    def is_not_taking_mentees(self) -> bool:
        return self.is_not_taking_mentees_on(timezone.localdate())

    @property
    def not_taking_mentees_note(self) -> str:
        """What a mentee or coordinator reads about the pause today; empty when there is none."""
        if not self.is_not_taking_mentees:
            return ""
        return not_taking_mentees_text(self.not_taking_mentees_until)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        if not self.pk and not self.visible_fields:
            self.visible_fields = list(self.DEFAULT_VISIBLE_FIELDS)
        super().save(*args, **kwargs)

    def management_chain(self) -> list[Person]:
        """Managers above this person, nearest first; stops at a cycle rather than looping."""
        chain: list[Person] = []
        seen = {self.pk}
        current = self.manager
        while current is not None and current.pk not in seen:
            chain.append(current)
            seen.add(current.pk)
            current = current.manager
        return chain


def day_text(day: datetime.date) -> str:
    """ "10 April 2026": how a pause's last day reads wherever it is shown."""
    return date_format(day, "j F Y")


def not_taking_mentees_text(until: datetime.date | None) -> str:
    if until is None:
        return gettext("Not taking new mentees")
    return gettext("Not taking new mentees until %(day)s") % {"day": day_text(until)}


class PersonSkill(models.Model):
    class Level(models.IntegerChoices):
        LEARNING = 1, _("Learning")
        WORKING = 2, _("Working knowledge")
        ADVANCED = 3, _("Advanced")
        EXPERT = 4, _("Expert")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="person_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="person_skills")
    level = models.PositiveSmallIntegerField(choices=Level.choices, default=Level.WORKING)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="unique_person_skill")
        ]
        ordering = ["-level", "skill__name"]

    def __str__(self) -> str:
        return f"{self.person}: {self.skill} ({self.get_level_display()})"


class ImportJob(TimeStampedModel):
    """One upload of the people CSV, run in the background; its page shows progress and outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        VALIDATING = "validating", _("Checking rows")
        WRITING = "writing", _("Saving people")
        SUCCEEDED = "succeeded", _("Imported")
        INVALID = "invalid", _("Rejected: the file has errors")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.SUCCEEDED, Status.INVALID, Status.FAILED)
    MAX_STORED_ERRORS = 1000

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="people_imports"
    )
    filename = models.CharField(max_length=255)
    # The uploaded text, kept only until the import has run: the workers may sit on other
    # machines than the web server, so the database is the one place both can read.
    source = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # The first MAX_STORED_ERRORS problems; error_count says how many there were in all.
    errors = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
