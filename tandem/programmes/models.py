from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tandem.core.models import TimeStampedModel
from tandem.people.models import Person, Skill
from tandem.programmes.roles import RoleLabels, role_labels


class Cadence(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    FORTNIGHTLY = "fortnightly", _("Fortnightly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


CADENCE_DAYS = {
    Cadence.WEEKLY: 7,
    Cadence.FORTNIGHTLY: 14,
    Cadence.MONTHLY: 30,
    Cadence.QUARTERLY: 91,
}


# Path segments under /programmes/ that a programme's slug must not take.
RESERVED_SLUGS = frozenset({"new", "invitations"})


ROOM_PLACEHOLDERS = ("{pair}", "{meeting}")


def validate_room_pattern(pattern: str) -> None:
    """A default video room is an HTTPS address whose only placeholders are {pair} and
    {meeting}, so every meeting's room is a working link."""
    filled = pattern
    for placeholder in ROOM_PLACEHOLDERS:
        filled = filled.replace(placeholder, "1")
    if "{" in filled or "}" in filled:
        raise ValidationError(_("Use only {pair} and {meeting} as placeholders."))
    URLValidator(schemes=["https"])(filled)


def validate_role_term(term: str) -> None:
    """A role's name, or its name and plural: letters, spaces and hyphens only."""
    parts = term.split("/")
    if len(parts) > 2 or not all(
        part.strip() and all(c.isalpha() or c in " -'" for c in part) for part in parts
    ):
        raise ValidationError(_("Use a word or two, such as “buddy”, or “buddy/buddies”."))


class Programme(TimeStampedModel):
    class Kind(models.TextChoices):
        ONE_TO_ONE = "one_to_one", _("One-to-one")
        REVERSE = "reverse", _("Reverse mentoring")
        PEER = "peer", _("Peer mentoring")
        GROUP = "group", _("Group mentoring")

    class MatchingMode(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator matches")
        SELF_SELECT = "self_select", _("Mentees choose their mentor")
        BOTH = "both", _("Both")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    purpose = models.TextField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ONE_TO_ONE)
    matching_mode = models.CharField(
        max_length=20, choices=MatchingMode.choices, default=MatchingMode.COORDINATOR
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    default_duration_months = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    meeting_cadence = models.CharField(
        max_length=20, choices=Cadence.choices, default=Cadence.FORTNIGHTLY
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_programmes", blank=True
    )

    # Matching rules (the `rules` block of the tandem-match/1 format).
    exclude_management_chain = models.BooleanField(
        default=True, help_text=_("Nobody is matched with anyone up their management chain.")
    )
    exclude_same_department = models.BooleanField(default=False)
    require_shared_language = models.BooleanField(default=True)
    max_timezone_gap_hours = models.PositiveSmallIntegerField(
        null=True, blank=True, default=6, validators=[MaxValueValidator(24)]
    )
    min_score = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )

    # Guidelines shown to participants.
    guidelines_what_mentoring_is = models.TextField(_("what mentoring is and is not"), blank=True)
    guidelines_roles = models.TextField(_("roles and responsibilities"), blank=True)
    guidelines_confidentiality = models.TextField(_("confidentiality"), blank=True)
    content_retention_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(30)],
        help_text=_(
            "Days a closed pair's content (charter, plan, notes, journal, feedback) is kept "
            "before it is removed. Its dates, meetings held and check-in scores stay for "
            "reports. Leave empty to keep it."
        ),
    )
    video_room_pattern = models.CharField(
        _("default video room"),
        max_length=300,
        blank=True,
        help_text=_(
            "The call address a video meeting gets when the pair gives none, such as "
            "https://meet.example.org/mentoring-{pair}. {pair} is the pair's or circle's "
            "number and {meeting} the meeting's."
        ),
        validators=[validate_room_pattern],
    )
    mentor_term = models.CharField(
        _("what mentors are called"),
        max_length=60,
        blank=True,
        validators=[validate_role_term],
        help_text=_(
            "Leave empty for “mentor”. Such as “buddy” or “coach”; give the plural "
            "after a slash when it is not the usual one: “buddy/buddies”."
        ),
    )
    mentee_term = models.CharField(
        _("what mentees are called"),
        max_length=60,
        blank=True,
        validators=[validate_role_term],
        help_text=_("Leave empty for “mentee”. Such as “new starter” or “coachee”."),
    )
    invitation_reminder_days = models.PositiveSmallIntegerField(
        default=7,
        validators=[MaxValueValidator(365)],
        help_text=_(
            "Days after an invitation is sent before one reminder goes to someone who has "
            "not signed up. 0 sends no reminders."
        ),
    )

    def video_room(self, *, pair: int, meeting: int) -> str:
        """The default call address of a pair's meeting, or "" when the programme has none."""
        if not self.video_room_pattern:
            return ""
        return self.video_room_pattern.replace("{pair}", str(pair)).replace(
            "{meeting}", str(meeting)
        )

    # What a coordinator sets, on the page and through the API (the slug and coordinators apart).
    EDITABLE_FIELDS = (
        "name",
        "purpose",
        "kind",
        "matching_mode",
        "status",
        "starts_on",
        "ends_on",
        "default_duration_months",
        "meeting_cadence",
        "exclude_management_chain",
        "exclude_same_department",
        "require_shared_language",
        "max_timezone_gap_hours",
        "min_score",
        "guidelines_what_mentoring_is",
        "guidelines_roles",
        "guidelines_confidentiality",
        "content_retention_days",
        "invitation_reminder_days",
        "video_room_pattern",
        "mentor_term",
        "mentee_term",
    )

    class Meta:
        ordering = ["-starts_on", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("The end date must be after the start date.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self) -> str:
        base = slugify(self.name)[:150] or "programme"
        slug, n = base, 2
        while slug in RESERVED_SLUGS or (
            Programme.objects.filter(slug=slug).exclude(pk=self.pk).exists()
        ):
            slug, n = f"{base}-{n}", n + 1
        return slug

    @property
    def is_open_for_applications(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.RUNNING)

    @property
    def allows_self_selection(self) -> bool:
        # Peers come from one pool that the coordinator's match runs pair; nobody picks.
        if self.is_peer:
            return False
        return self.matching_mode in (self.MatchingMode.SELF_SELECT, self.MatchingMode.BOTH)

    @property
    def is_peer(self) -> bool:
        return self.kind == self.Kind.PEER

    @property
    def labels(self) -> RoleLabels:
        """The words for the pair's roles in this programme (``programmes.roles``).

        Kept on the instance for the language and role names they were made with: a page that
        lists pairs asks for them dozens of times, and each making is a few dozen lookups.
        """
        key = (get_language(), self.kind, self.mentor_term, self.mentee_term)
        made = self.__dict__.get("_labels")
        if made is None or made[0] != key:
            made = (key, role_labels(self))
            self.__dict__["_labels"] = made
        return made[1]

    def roles(self) -> list[str]:
        """The roles a person can apply for: one pool of peers, or mentors and mentees."""
        if self.is_peer:
            return [Enrolment.Role.PEER]
        return [Enrolment.Role.MENTOR, Enrolment.Role.MENTEE]


class Question(models.Model):
    """A question of a programme's expectations questionnaire."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Free text")
        CHOICE = "choice", _("One choice")
        MULTI = "multi", _("Several choices")
        SCALE = "scale", _("Scale")

    # The three questions every questionnaire asks, by key; they cannot be removed.
    DEFINE_MENTORING = "define_mentoring"
    WANT_FROM_IT = "want_from_it"
    EXPECT_FROM_OTHER = "expect_from_other"
    CORE_KEYS = (DEFINE_MENTORING, WANT_FROM_IT, EXPECT_FROM_OTHER)
    # Structured questions the matching engine compares (see docs/matching.md).
    FREQUENCY = "frequency"
    FORMAT = "format"
    STYLE = "style"
    FOCUS_AREAS = "focus_areas"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="questions")
    key = models.SlugField(max_length=50)
    text = models.CharField(max_length=300)
    help_text = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEXT)
    choices = models.JSONField(
        default=list, blank=True, help_text=_("For choice questions: a list of [value, label].")
    )
    required = models.BooleanField(default=True)
    is_core = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="unique_question_key")
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if self.key in self.CORE_KEYS and not self.is_core:
            raise ValidationError(
                {"key": _("This key belongs to a core question; choose another.")}
            )
        if self.kind == self.Kind.TEXT:
            if self.choices:
                raise ValidationError({"choices": _("A free-text question has no choices.")})
        elif len(self.choices or []) < 2:
            raise ValidationError({"choices": _("Give at least two choices.")})
        elif not all(
            isinstance(c, list | tuple) and len(c) == 2 and all(isinstance(p, str) for p in c)
            for c in self.choices
        ):
            raise ValidationError({"choices": _("Each choice is a [value, label] pair of text.")})
        elif len({c[0] for c in self.choices}) != len(self.choices):
            raise ValidationError({"choices": _("Each choice needs its own value.")})

    @property
    def is_choice(self) -> bool:
        return self.kind != self.Kind.TEXT

    def choice_label(self, value: str) -> str:
        return dict((str(v), str(label)) for v, label in self.choices).get(value, value)


class Enrolment(TimeStampedModel):
    class Role(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        MENTEE = "mentee", _("Mentee")
        # A peer programme's one pool: each peer is both mentor and mentee to their partner.
        PEER = "peer", _("Peer")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="enrolments")
    role = models.CharField(max_length=10, choices=Role.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPLIED)
    goals = models.TextField(
        blank=True, help_text=_("Mentees and peers: what they want to work on.")
    )
    offers = models.TextField(
        blank=True, help_text=_("Peers: what they can offer the other person of their pair.")
    )
    skills_wanted = models.ManyToManyField(Skill, blank=True, related_name="wanted_by")
    capacity = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(20)],
        help_text=_("Mentors: how many mentees they can take at once."),
    )
    answers = models.JSONField(default=dict, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField(max_length=500, blank=True)
    # The decision the applicant was last emailed about, so a retry never emails twice.
    notified_status = models.CharField(max_length=10, choices=Status.choices, blank=True)

    class Meta:
        ordering = ["programme", "person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "person"], name="one_enrolment_per_person_and_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} in {self.programme}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Invitation(TimeStampedModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Enrolment.Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(blank=True)
    # Cleared when a coordinator asks to resend; the email task sends only while it is empty.
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # The first visit of the link; "registered" and "applied" are read from accounts and
    # enrolments instead, so they can never disagree with them.
    opened_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    batch = models.ForeignKey(
        "InvitationBatch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "email"], name="one_invitation_per_email")
        ]

    def __str__(self) -> str:
        return f"{self.email} invited to {self.programme} as {self.role}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class InvitationBatch(TimeStampedModel):
    """One bulk invitation: who was chosen and how, and how far sending has gone.

    The request records it and queues the task; the task creates the invitations and queues
    their emails, so the request stays short whatever the number of people.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CREATING = "creating", _("Creating invitations")
        DONE = "done", _("Invitations queued")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.DONE, Status.FAILED)

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="invitation_batches"
    )
    role = models.CharField(max_length=10, choices=Enrolment.Role.choices)
    message = models.TextField(blank=True)
    # The filter as chosen (ids, a location, addresses), so the task selects the same people.
    criteria = models.JSONField(default=dict)
    description = models.CharField(max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # As the preview counted them when the coordinator confirmed.
    selected_count = models.PositiveIntegerField(default=0)
    skipped_invited = models.PositiveIntegerField(default=0)
    skipped_enrolled = models.PositiveIntegerField(default=0)
    skipped_no_email = models.PositiveIntegerField(default=0)
    skipped_suppressed = models.PositiveIntegerField(default=0)
    # As the task found them.
    invited_count = models.PositiveIntegerField(default=0)
    queued_count = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = _("invitation batches")

    def __str__(self) -> str:
        return f"Invitations to {self.programme}: {self.description}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class EmailSuppression(models.Model):
    """An address whose owner asked, from an email's unsubscribe link, not to receive a kind
    of email. Kept by address, not by account: an invitee may have none, and the choice must
    hold for whoever invites them next."""

    class Kind(models.TextChoices):
        INVITATIONS = "invitations", _("Invitations to programmes")

    email = models.EmailField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["email", "kind"], name="one_suppression_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.email}: no {self.get_kind_display().lower()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)
