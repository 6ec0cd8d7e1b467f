"""Writes for accounts: the coordinator role, personal API tokens, and the SAML assertions that
already signed someone in."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tandem.accounts.access import can_grant_roles
from tandem.accounts.language import supported_languages
from tandem.accounts.models import PersonalToken, RoleChange, SamlAssertion, User
from tandem.core import audit
from tandem.core.errors import ServiceError
from tandem.core.personal_data import ErasureSubject

# Ids only: who changed whose role.
logger = logging.getLogger("tandem.accounts")


class AccountError(ServiceError):
    """An account rule refused the action; the message says why, in words for the user."""


@transaction.atomic
def user_coordinator_role_set(*, user: User, granted: bool, by: User) -> RoleChange | None:
    """Grant or withdraw the coordinator role, and record who did it.

    Only operators may; nobody changes their own role. Setting the role a user already has
    changes and records nothing (returns None), so a repeated click is harmless.
    """
    if not can_grant_roles(by):
        raise AccountError(_("Only an operator can grant or withdraw the coordinator role."))
    if user.pk == by.pk:
        raise AccountError(_("Ask another operator to change your own role."))
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_coordinator == granted:
        return None
    locked.is_coordinator = granted
    locked.save(update_fields=["is_coordinator"])
    user.is_coordinator = granted
    change = RoleChange.objects.create(
        user=locked, role=RoleChange.Role.COORDINATOR, granted=granted, changed_by=by
    )
    audit.record(
        "role.granted" if granted else "role.withdrawn", actor=by, obj=locked, role="coordinator"
    )
    logger.info(
        "coordinator role %s user %s by user %s",
        "granted to" if granted else "withdrawn from",
        locked.pk,
        by.pk,
    )
    return change


def user_language_set(*, user: User, language: str) -> None:
    """Speak to `user` in `language` (a code from settings.LANGUAGES), or "" for their
    browser's language."""
    if language and language not in supported_languages():
        raise AccountError(_("Choose one of the languages offered."), field="language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


# How long a new token lasts, in days; None never expires.
TOKEN_LIFETIMES: dict[str, int | None] = {"30": 30, "90": 90, "365": 365, "never": None}
DEFAULT_TOKEN_LIFETIME = "90"


def token_create(
    *, user: User, name: str, scope: str, lifetime_days: int | None
) -> tuple[PersonalToken, str]:
    """A new personal token and its key, which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise AccountError(_("Name the token: what is it for?"), field="name")
    if len(name) > 100:
        raise AccountError(_("Keep the name under 100 characters."), field="name")
    if scope not in PersonalToken.Scope.values:
        raise AccountError(_("Choose read only, or read and write."), field="scope")
    if lifetime_days is not None and not 1 <= lifetime_days <= 366:
        raise AccountError(
            _("A token lasts between 1 and 366 days, or never expires."), field="expires_in"
        )
    expires_at = None if lifetime_days is None else timezone.now() + timedelta(days=lifetime_days)
    token, key = PersonalToken.issue(user=user, name=name, scope=scope, expires_at=expires_at)
    logger.info("token %s created by user %s (%s)", token.pk, user.pk, scope)
    audit.record("token.created", actor=user, obj=token, scope=scope)
    return token, key


def token_revoke(*, token: PersonalToken) -> PersonalToken:
    """Revoke the token from now on; revoking it again changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        logger.info("token %s revoked by user %s", token.pk, token.user_id)
        audit.record("token.revoked", actor=token.user, obj=token)
    return token


def account_erase(subject: ErasureSubject) -> None:
    """Forget a person's account: it can no longer sign in, and keeps no address or name.

    Their sessions end with it: an inactive account with a new password hash fails every
    session's check on the next request.
    """
    user = subject.user
    for log in (AccessAttempt, AccessLog, AccessFailureLog):
        log.objects.filter(username__iexact=subject.email).delete()
    if user is None:
        return
    PersonalToken.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = subject.erased_email
    user.name = ""
    user.is_active = False
    user.is_coordinator = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    logger.info("account %s erased", user.pk)


# python3-saml accepts an assertion this long past its NotOnOrAfter (its allowed clock drift);
# one without a NotOnOrAfter is remembered for a day.
SAML_CLOCK_DRIFT = timedelta(minutes=5)
SAML_UNDATED_ASSERTION_KEPT = timedelta(days=1)


def saml_assertion_claim(*, provider: str, assertion_id: str, not_on_or_after: int | None) -> bool:
    """Claim a checked SAML assertion for one sign-in: False when it already signed someone in.

    Kept until it could no longer pass the validity check anyway; expired claims are removed
    here, so the table holds only the last few minutes' sign-ins.
    """
    now = timezone.now()
    if not_on_or_after is None:
        expires_at = now + SAML_UNDATED_ASSERTION_KEPT
    else:
        expires_at = datetime.fromtimestamp(not_on_or_after, UTC) + SAML_CLOCK_DRIFT
    SamlAssertion.objects.filter(expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            SamlAssertion.objects.create(
                provider=provider, assertion_id=assertion_id, expires_at=expires_at
            )
    except IntegrityError:
        logger.warning("SAML assertion %s of %s presented again: refused", assertion_id, provider)
        return False
    return True
