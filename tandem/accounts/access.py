"""The platform-wide roles, decided here once.

- An *operator* is a superuser: they run the platform. Elsewhere they may administer every
  programme exactly as a coordinator of it would (see `tandem.programmes.access`), but they
  never read what a pair wrote.
- Granting or withdrawing the coordinator role, and importing people (which can rewrite
  anyone's profile and manager), are for operators only. A coordinator may do neither.
- A personal API token acts as its owner, within its scope: a read-only token may read what
  its owner may read and change nothing; an expired or revoked one does nothing at all. The
  API's token authentication asks here on every request (`token_refusal`, `token_may`).
- Who may sign in other than through single sign-on (`password_sign_in_allowed`): everyone,
  unless the operator set TANDEM_SSO_ONLY; then only the break-glass accounts named in
  TANDEM_SSO_BREAK_GLASS, which keep a way in when the identity provider is down.
- Who must use two-factor authentication is decided here too (`mfa_required`), from the
  operator's setting TANDEM_MFA_REQUIRED_FOR; the middleware that sends them to set it up
  and the token check both ask `must_set_up_mfa`.

Out of scope answers 404, never 403. The one 403 is a read-only token asking to change
something: that refusal concerns the credential, not whether the object exists. This module
imports no domain app.
"""

from __future__ import annotations

from datetime import UTC

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tandem.accounts.models import PersonalToken, User

AnyUser = User | AnonymousUser


def is_operator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def can_grant_roles(user: AnyUser) -> bool:
    """Only operators grant or withdraw the coordinator role."""
    return is_operator(user)


def require_operator(user: AnyUser) -> User:
    """The user, when they are an operator; 404 for anyone else."""
    if not is_operator(user):
        raise Http404("No such page.")
    assert isinstance(user, User)
    return user


# Methods that read and change nothing (RFC 9110, "safe methods").
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_ONLY_REFUSAL = _(
    "This token is read-only: it may read, not change anything. "
    "Create a read-and-write token on your API tokens page to make changes."
)


def token_may(token: PersonalToken, method: str) -> bool:
    """Whether the token may make a request with this HTTP method."""
    return token.scope == PersonalToken.Scope.WRITE or method.upper() in SAFE_METHODS


def token_refusal(token: PersonalToken | None) -> str | None:
    """Why the token cannot authenticate at all, in words for its holder; None when it can."""
    if token is None or not token.user.is_active:
        return gettext("Invalid token.")
    if token.revoked_at is not None:
        return gettext("This token was revoked.")
    if token.expires_at is not None and token.is_expired:
        day = token.expires_at.astimezone(UTC)
        return gettext("This token expired on %(day)s.") % {"day": date_format(day, "j M Y")}
    # A token must not become the way round a second factor its owner was asked to set up.
    if must_set_up_mfa(token.user):
        return str(MFA_TOKEN_REFUSAL)
    return None


# The factors that count as two-factor authentication being set up. Recovery codes are only a
# fallback for them: allauth makes them when the first factor is added.
MFA_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
MFA_ROLES = frozenset({"coordinators", "operators"})


def _coordinates(user: User) -> bool:
    """A coordinator: may create programmes, or is named by a programme.

    The same people `tandem.programmes.access` lets run a programme; read through the reverse
    relation so that accounts, below programmes, need not import it.
    """
    return user.is_coordinator or user.coordinated_programmes.exists()


def mfa_required(user: AnyUser) -> bool:
    """Whether the organisation requires two-factor authentication of this user.

    TANDEM_MFA_REQUIRED_FOR names the roles: "operators" (superusers, and staff, who may open
    the Django admin) and "coordinators". Empty, the default, requires it of nobody.
    """
    roles = MFA_ROLES.intersection(settings.TANDEM_MFA_REQUIRED_FOR)
    if not roles or not user.is_authenticated:
        return False
    assert isinstance(user, User)
    if "operators" in roles and (user.is_superuser or user.is_staff):
        return True
    return "coordinators" in roles and _coordinates(user)


def has_mfa(user: AnyUser) -> bool:
    """Whether the user has an authenticator app, a passkey or a security key."""
    return Authenticator.objects.filter(user_id=user.pk, type__in=MFA_FACTORS).exists()


def must_set_up_mfa(user: AnyUser) -> bool:
    """Required of them and not yet set up: they may use nothing but the setup pages."""
    return mfa_required(user) and not has_mfa(user)


MFA_REQUIRED_MESSAGE = _(
    "Your organisation requires two-factor authentication for your account. Set it up in "
    "Tandem (My profile, Security) to go on."
)
MFA_TOKEN_REFUSAL = _(
    "Your organisation requires two-factor authentication for your account. Set it up in "
    "Tandem (My profile, Security); this token works again once it is on."
)


def token_of_owner(user: AnyUser, token_id: int) -> PersonalToken:
    """One of the user's own tokens; 404 for anyone else's."""
    return get_object_or_404(PersonalToken, pk=token_id, user_id=user.pk)


def password_sign_in_allowed(user: AnyUser) -> bool:
    """Whether the account may sign in with a password, a passkey or a code, reset its
    password: always, unless TANDEM_SSO_ONLY; then only a break-glass account may."""
    if not settings.TANDEM_SSO_ONLY:
        return True
    email = (getattr(user, "email", "") or "").strip().lower()
    return bool(email) and email in settings.TANDEM_SSO_BREAK_GLASS


SSO_ONLY_REFUSAL = _(
    "Your organisation signs you in to Tandem through single sign-on only: use the button "
    "for your organisation's sign-in on this page. Passwords are kept for the operators' "
    "emergency accounts."
)
