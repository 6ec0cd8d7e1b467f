from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError(_("An email address is required."))
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who can sign in. Their profile and place in the org chart is `people.Person`."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(max_length=150, blank=True)
    is_coordinator = models.BooleanField(
        default=False,
        help_text=_("May create programmes. Each programme names its own coordinators."),
    )
    # A code from settings.LANGUAGES; empty follows the browser (docs/translations.md).
    language = models.CharField(_("language"), max_length=10, blank=True, default="")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name or self.email).split(" ")[0]


def _hash_token(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class PersonalToken(models.Model):
    """An API token. Only its hash is stored; the key is shown once, when it is created.

    Its scope says whether it may change anything (accounts.access.token_may decides); a token
    past `expires_at` or revoked no longer authenticates.
    """

    PREFIX_LENGTH = 8

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    # Tokens made before scopes could do everything their owner could; they still can.
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.WRITE)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @classmethod
    def issue(
        cls,
        *,
        user: User,
        name: str,
        scope: str = Scope.WRITE,
        expires_at: datetime | None = None,
    ) -> tuple[PersonalToken, str]:
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            prefix=key[: cls.PREFIX_LENGTH],
            key_hash=_hash_token(key),
            scope=scope,
            expires_at=expires_at,
        )
        return token, key

    @classmethod
    def find(cls, key: str) -> PersonalToken | None:
        """The token with this key whatever its state, so a refusal can say why."""
        return cls.objects.select_related("user").filter(key_hash=_hash_token(key)).first()


class RoleChange(models.Model):
    """Who granted or withdrew the coordinator role, from whom, and when. Nothing else."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COORDINATOR)
    granted = models.BooleanField(help_text=_("True when granted, False when withdrawn."))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        verb = "granted to" if self.granted else "withdrawn from"
        return f"{self.get_role_display()} {verb} user {self.user_id}"


class SamlAssertion(models.Model):
    """A SAML assertion that signed someone in, kept until it expires so that it signs in once:
    the same response posted again (a replay) is refused. Ids only: nothing about the person."""

    provider = models.CharField(max_length=60)
    assertion_id = models.CharField(max_length=255)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "assertion_id"], name="saml_assertion_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.assertion_id}"
