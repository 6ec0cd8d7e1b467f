"""Tiny helpers that read configuration from the environment with typed defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping

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
