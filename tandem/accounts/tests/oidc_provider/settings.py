"""Settings of the test provider; everything it keeps lives in OIDC_PROVIDER_DIR."""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(os.environ["OIDC_PROVIDER_DIR"])

SECRET_KEY = "test-provider-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "tandem.accounts.tests.oidc_provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {
    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "provider.sqlite3")}
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LOGIN_URL = "/login/"
TEMPLATES: list[dict[str, object]] = []
LOGGING = {"version": 1, "disable_existing_loggers": True}

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": (DATA_DIR / "signing_key.pem").read_text(),
    "OAUTH2_VALIDATOR_CLASS": "tandem.accounts.tests.oidc_provider.views.ClaimsValidator",
    "SCOPES": {
        "openid": "OpenID Connect",
        "email": "Email address",
        "profile": "Name, department, job title and manager",
    },
    # Tandem sends a PKCE challenge; the provider insists on it, as Entra ID and Okta may.
    "PKCE_REQUIRED": True,
    # A minute, so that a test can move Tandem's clock past an ID token's expiry while the
    # sign-in it started (ten minutes) is still open.
    "ID_TOKEN_EXPIRE_SECONDS": 60,
}
