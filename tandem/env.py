"""Tiny helpers that read configuration from the environment with typed defaults."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{name} must be a boolean (1/0, true/false, yes/no), not {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from exc


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def site_url() -> str:
    """The public address that emails and calendar files link to.

    SITE_URL when set; otherwise the address `make run` serves on, so that a server started
    with PORT=8101 also links to port 8101.
    """
    explicit = envstr("SITE_URL").strip()
    if explicit:
        return explicit.rstrip("/")
    return f"http://127.0.0.1:{envint('PORT', 8000)}"


def oidc_providers(env: Mapping[str, str] | None = None) -> dict[str, dict[str, object]]:
    """django-allauth's SOCIALACCOUNT_PROVIDERS for the OIDC_* variables (docs/identity.md).

    Empty when OIDC_SERVER_URL is unset. The tests build their provider with this function too,
    so what they sign in through is what production configures.
    """
    env = os.environ if env is None else env
    server_url = env.get("OIDC_SERVER_URL", "").strip().rstrip("/")
    if not server_url:
        return {}
    app = {
        "provider_id": env.get("OIDC_PROVIDER_ID", "") or "sso",
        "name": env.get("OIDC_NAME", "") or "Single sign-on",
        "client_id": env.get("OIDC_CLIENT_ID", ""),
        "secret": env.get("OIDC_CLIENT_SECRET", ""),
        "settings": {
            "server_url": server_url,
            # PKCE binds the code to this browser's session; Entra ID, Okta and Google accept
            # it from confidential clients, and some providers insist on it.
            "oauth_pkce_enabled": True,
        },
    }
    return {"openid_connect": {"APPS": [app]}}


# Where Tandem looks for each profile field in a SAML assertion, in order; the first attribute
# present wins. The names cover Microsoft Entra ID's claim URIs, the LDAP/eduPerson OIDs that
# Shibboleth and others send, and the plain names Tandem suggests for Okta and Google
# Workspace, which are the OpenID Connect claim names (docs/identity.md).
SAML_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    # The stable link to Tandem's account; without one, the assertion's NameID.
    "uid": (
        "urn:oasis:names:tc:SAML:attribute:subject-id",
        "http://schemas.microsoft.com/identity/claims/objectidentifier",
    ),
    "email": (
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "urn:oid:0.9.2342.19200300.100.1.3",
        "email",
        "mail",
    ),
    "name": (
        "http://schemas.microsoft.com/identity/claims/displayname",
        "urn:oid:2.16.840.1.113730.3.1.241",
        "name",
        "displayName",
    ),
    # Joined into the name when the identity provider sends no full name.
    "first_name": (
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "urn:oid:2.5.4.42",
        "first_name",
        "firstName",
        "givenName",
    ),
    "last_name": (
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "urn:oid:2.5.4.4",
        "last_name",
        "lastName",
        "surname",
    ),
    "department": (
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/department",
        "department",
    ),
    "job_title": (
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/jobtitle",
        "urn:oid:2.5.4.12",
        "job_title",
        "jobtitle",
        "title",
    ),
    "manager_email": (
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/manager_email",
        "manager_email",
        "managerEmail",
    ),
}
_SAML_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")


def saml_providers(env: Mapping[str, str] | None = None) -> dict[str, dict[str, object]]:
    """django-allauth's SOCIALACCOUNT_PROVIDERS for the SAML_* variables (docs/identity.md).

    SAML_PROVIDERS names the identity providers (e.g. `entra,okta`); each is then configured by
    SAML_<ID>_… variables, where <ID> is the name in capitals with `-` as `_`. Empty when
    SAML_PROVIDERS is unset. A mistake stops Tandem at start with a message naming the
    variable, rather than at someone's first sign-in. The tests configure their identity
    provider with this function too.
    """
    env = os.environ if env is None else env
    apps = []
    for idp in [item.strip() for item in env.get("SAML_PROVIDERS", "").split(",") if item.strip()]:
        if not _SAML_ID.match(idp):
            raise ValueError(
                f"SAML_PROVIDERS: {idp!r} is not a valid name: use lowercase letters, digits "
                "and '-' (at most 40), such as 'entra'."
            )
        apps.append(_saml_app(idp, env))
    return {"saml": {"APPS": apps}} if apps else {}


def _saml_app(idp: str, env: Mapping[str, str]) -> dict[str, object]:
    prefix = f"SAML_{idp.upper().replace('-', '_')}_"

    def value(name: str) -> str:
        return env.get(prefix + name, "").strip()

    url, file = value("METADATA_URL"), value("METADATA_FILE")
    if bool(url) == bool(file):
        raise ValueError(f"Set one of {prefix}METADATA_URL and {prefix}METADATA_FILE.")
    idp_settings: dict[str, object] = {"entity_id": value("ENTITY_ID") or None}
    if url:
        if not url.startswith(("https://", "http://")):
            raise ValueError(f"{prefix}METADATA_URL must be an http(s) address, not {url!r}.")
        idp_settings["metadata_url"] = url
    else:
        path = Path(file).expanduser().resolve()
        if not path.is_file():
            raise ValueError(f"{prefix}METADATA_FILE: no file at {file!r}.")
        # The file is read through the same metadata path as an address, and read again within
        # a minute of being replaced.
        idp_settings["metadata_url"] = path.as_uri()
        idp_settings["metadata_cache_timeout"] = 60
    mapping: dict[str, list[str]] = {}
    for field, defaults in SAML_ATTRIBUTES.items():
        names = value(f"ATTRIBUTE_{field.upper()}")
        mapping[field] = [n.strip() for n in names.split(",") if n.strip()] or list(defaults)
    settings: dict[str, object] = {
        "idp": idp_settings,
        "attribute_mapping": mapping,
        "verified_email": _saml_verified_email(prefix + "VERIFIED_EMAIL", value("VERIFIED_EMAIL")),
        # Only sign-ins Tandem started: an unsolicited response could sign a browser into
        # someone else's account.
        "advanced": {"reject_idp_initiated_sso": True},
    }
    if sp_entity_id := value("SP_ENTITY_ID"):
        settings["sp"] = {"entity_id": sp_entity_id}
    return {
        # The link between the provider's accounts and Tandem's is stored under this name.
        "provider_id": f"saml-{idp}",
        "client_id": idp,
        "name": value("NAME") or "Single sign-on",
        "settings": settings,
    }


def _saml_verified_email(name: str, raw: str) -> bool | list[str]:
    """Whether the identity provider's email addresses are taken as confirmed: `1` (the
    default), `0`, or the domains it speaks for (`example.org,example.com`)."""
    value = raw.lower()
    if value in _TRUE or value == "":
        return True
    if value in _FALSE:
        return False
    domains = [d.strip().lstrip("@") for d in value.split(",") if d.strip()]
    if not all(re.match(r"^[a-z0-9.-]+\.[a-z]{2,}$", d) for d in domains):
        raise ValueError(f"{name} must be 1, 0 or a list of domains, not {raw!r}")
    return domains
