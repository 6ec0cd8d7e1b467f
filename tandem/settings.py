"""Tandem settings, read from the environment.

Every variable is documented in README.md. The defaults run as they are on one machine with
SQLite; production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and TANDEM_HTTPS=1.
"""

from __future__ import annotations

import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF

from tandem.env import (
    envbool,
    envint,
    envlist,
    envstr,
    oidc_providers,
    saml_providers,
    site_url,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(envstr("TANDEM_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)

TESTING = "pytest" in sys.modules or envbool("TANDEM_TESTING", False)
DEBUG = envbool("DEBUG", False)


# Where the key lives when SECRET_KEY is not set; `tandem backup` and `restore` carry it.
SECRET_KEY_FILE = Path(envstr("SECRET_KEY_FILE", str(DATA_DIR / "secret_key")))


def _secret_key() -> str:
    """SECRET_KEY, else the key file; a missing key file is created once with a fresh key."""
    if key := envstr("SECRET_KEY"):
        return key
    key_file = SECRET_KEY_FILE
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key_file.touch(mode=0o600)
    key_file.write_text(key)
    return key


SECRET_KEY_FROM_ENV = bool(envstr("SECRET_KEY"))
# How many app servers share this database. With more than one, each would otherwise create its
# own key file, and a session signed on one server would be refused by the next.
TANDEM_SERVERS = envint("TANDEM_SERVERS", 1)
if TANDEM_SERVERS > 1 and not SECRET_KEY_FROM_ENV:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"TANDEM_SERVERS={TANDEM_SERVERS}: set SECRET_KEY, the same on every server "
        "(see docs/deploy.md)."
    )
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = site_url()
SITE_ID = 1

# Behind TLS: redirect, HSTS and secure cookies. Off by default so `make run` works on http.
HTTPS = envbool("TANDEM_HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", HTTPS)
if envbool("TANDEM_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "tandem.core",
    "tandem.accounts",
    "tandem.people",
    "tandem.programmes",
    "tandem.matching",
    "tandem.mentorships",
    "tandem.notifications",
    "tandem.surveys",
    "tandem.announcements",
    "tandem.flash",
    "tandem.circles",
    "tandem.chat",
    "tandem.reports",
    "tandem.nudges",
    "tandem.demo",
    "tandem.api",
    "tandem.scim",
    # Django's form templates, found through TEMPLATES so that tandem/templates overrides them.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tandem.core.middleware.PrivateResponseHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The browser's language (Accept-Language, or the cookie the footer's switcher sets).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tandem.core.middleware.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a signed-in person's own choice of language wins over the browser's.
    "tandem.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: sends whoever must use two-factor authentication to set it up.
    "tandem.accounts.middleware.MFARequiredMiddleware",
    # Last, so that it sees the outcome of every authentication attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tandem.urls"
WSGI_APPLICATION = "tandem.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGES as settings name them, each in its own language (the footer's switcher).
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tandem.core.context_processors.site",
                "tandem.accounts.context_processors.roles",
                "tandem.accounts.context_processors.sign_in",
                "tandem.notifications.context_processors.unread",
            ],
        },
    }
]

# Forms render through the project's template engine, so that Tandem's copies of Django's form
# templates (tandem/templates/django/forms/) win. Django's own copies print a field's help text
# with `|safe`; a coordinator writes the help text of a questionnaire question, so Tandem's
# copies escape it like every other value (docs/architecture.md, "Text people write").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'tandem.sqlite3'}",
        # Reusing a connection for a minute halves the median page time on PostgreSQL; the
        # health check replaces a connection the server has closed before it is used.
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes; IMMEDIATE avoids the
    # "database is locked" upgrade deadlock between two writers.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query whose estimated cost is high (a search with a LIMIT is
    # costed as if it read every row) before running it: at 100,000 people the compiling took
    # 100 ms for a search that ran in 6. Tandem's queries are short, so it is off unless the
    # DATABASE_URL's own options say otherwise (DATABASE_JIT=1 turns it back on).
    options = DATABASES["default"].setdefault("OPTIONS", {})
    if not envbool("DATABASE_JIT", False) and "jit" not in options.get("options", ""):
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One box: each process keeps its own cache. Several processes or servers: CACHE_URL (or
# REDIS_URL) points at Redis, so rate limits and everything cached count across all of them.
CACHE_URL = envstr("CACHE_URL") or envstr("REDIS_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// URL.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "tandem"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PRODUCTION_PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
PASSWORD_HASHERS = PRODUCTION_PASSWORD_HASHERS
if TESTING:
    # Argon2 is slow on purpose; the test of the hasher itself runs outside the test settings.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: email is the login; addresses must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = envstr("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Tandem] "
ACCOUNT_ADAPTER = "tandem.accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "tandem.accounts.forms.SignupNameForm"
# Every limit is set here on purpose (allauth's defaults assume one person per address, and
# an organisation's staff share one NAT address). Counted in the cache: set CACHE_URL when
# there is more than one process. "ip" limits are per client address, "key" per email address,
# "user" per signed-in account. Documented in docs/deploy.md, "Rate limits".
ACCOUNT_RATE_LIMITS = {
    # 40+ colleagues may sign in at 9:00 from one address; guessing is stopped per account below.
    "login": envstr("RATE_LIMIT_LOGIN", "300/m/ip"),
    # Failed passwords are counted and locked out per account by django-axes (AXES_* below).
    # allauth counts wrong two-factor codes under this same name, per account ("key"): without
    # a limit a six-digit code could be guessed. Above AXES_FAILURE_LIMIT, so that axes' lock-out
    # still answers wrong passwords first.
    "login_failed": envstr("RATE_LIMIT_MFA_FAILED", "10/5m/key"),
    "signup": envstr("RATE_LIMIT_SIGNUP", "60/m/ip"),
    "reset_password": envstr("RATE_LIMIT_RESET_PASSWORD", "60/m/ip,3/5m/key"),
    "reset_password_from_key": envstr("RATE_LIMIT_RESET_PASSWORD_FROM_KEY", "60/m/ip"),
    "confirm_email": "1/3m/key",
    "request_login_code": "60/m/ip,3/m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "change_phone": "1/m/user",
    "verify_phone": "1/30s/key,3/m/ip",
    "reauthenticate": "10/m/user",
}
# Two-factor authentication (docs/identity.md, "Two-factor authentication"): an authenticator
# app, passkeys and security keys (WebAuthn), and recovery codes for when both are out of reach.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_ADAPTER = "tandem.accounts.adapters.MFAAdapter"
MFA_TOTP_ISSUER = "Tandem"
MFA_FORMS = {"add_webauthn": "tandem.accounts.forms.AddKeyForm"}
# A passkey signs in on its own, from the sign-in page; a security key added without it is a
# second factor after the password.
MFA_PASSKEY_LOGIN_ENABLED = True
# Browsers offer passkeys only over HTTPS and on http://localhost, never on an IP address such
# as http://127.0.0.1 (chromium: "This is an invalid domain"). allauth's check of the origin
# already accepts http://localhost, so MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN, which would accept
# any origin at all, stays off everywhere: develop and test passkeys on http://localhost.
# Who must have set up two-factor authentication before using Tandem: "coordinators",
# "operators", both (comma-separated) or nobody (empty, the default). docs/deploy.md.
TANDEM_MFA_REQUIRED_FOR = [role.lower() for role in envlist("TANDEM_MFA_REQUIRED_FOR", [])]
if unknown_roles := set(TANDEM_MFA_REQUIRED_FOR) - {"coordinators", "operators"}:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "TANDEM_MFA_REQUIRED_FOR names roles among coordinators and operators, not "
        + ", ".join(sorted(unknown_roles))
    )
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS = {**oidc_providers(), **saml_providers()}
SOCIALACCOUNT_ADAPTER = "tandem.accounts.adapters.SocialAccountAdapter"
# Sign-in through the provider (docs/identity.md): a first sign-in creates the account without a
# form, and an existing account is signed into, and linked, only when the provider asserts it
# verified the address. Leaving for the provider stays a POST (LOGIN_ON_GET off), against CSRF.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
# Off: a first sign-in of someone neither imported nor invited is refused, not given an account.
TANDEM_SSO_CREATE_ACCOUNTS = envbool("TANDEM_SSO_CREATE_ACCOUNTS", True)
# Single sign-on only (docs/identity.md): no password sign-in, reset or sign-up, except for the
# break-glass accounts named here, which keep a way in when the identity provider is down.
TANDEM_SSO_ONLY = envbool("TANDEM_SSO_ONLY", False)
TANDEM_SSO_BREAK_GLASS = [email.lower() for email in envlist("TANDEM_SSO_BREAK_GLASS", [])]
if TANDEM_SSO_ONLY and not SOCIALACCOUNT_PROVIDERS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "TANDEM_SSO_ONLY=1 turns password sign-in off: configure single sign-on too "
        "(OIDC_SERVER_URL or SAML_PROVIDERS, docs/identity.md)."
    )
ACCOUNT_FORMS = {
    "reset_password": "tandem.accounts.password_reset.ResetPasswordForm",
    "reset_password_from_key": "tandem.accounts.password_reset.ResetPasswordKeyForm",
}

# django-axes: lock an account out after repeated failed sign-ins.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
# Per account, not per address: an organisation's staff often share one NAT address, and
# locking that address would lock everyone out. Axes warns about this choice (W006).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_USERNAME_CALLABLE = "tandem.accounts.lockout.username_from_request"
AXES_RESET_ON_SUCCESS = True
# Show the lock-out page (429) to every attempt while locked, not only the one that locked it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_VERBOSE = False

# Email: console by default; SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Tandem <tandem@localhost>")
SERVER_EMAIL = envstr("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = envstr("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", 587)
    EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# A mail server that stops answering must not hold a task worker (and every task queued behind
# it) for ever: each SMTP operation gives up after this many seconds and the send is retried.
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
# Days the audit log keeps an event before the daily job removes it (docs/audit.md).
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", 730)
EMAIL_FILE_PATH = envstr("EMAIL_FILE_PATH", str(DATA_DIR / "sent-emails"))

# English is the source language; each other language has its catalogue under tandem/locale
# (docs/translations.md). Names are written in their own language, as a reader looks for them.
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", "English"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language a signed-out visitor chose with the footer's switcher lasts a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = envstr("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every start while it is missing
# Hashed, compressed, cached for a year once `tandem collectstatic` has run. Before it has, the
# files are served straight from the package, so a missed step slows pages but never breaks
# them (`tandem check --deploy` warns).
STATIC_COLLECTED = (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "tandem.core.staticfiles.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING or not STATIC_COLLECTED
# Look static files up when asked rather than listing every app's files whenever the
# middleware starts: each test client starts it anew, at about 70 ms a time.
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Content Security Policy: every asset is served by Tandem itself; scripts need the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend"
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tandem.api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "tandem.api.parsers.NulFreeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "tandem.core.api_pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min"},
    "EXCEPTION_HANDLER": "tandem.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tandem API",
    "DESCRIPTION": "Mentoring programmes end to end. Authenticate with a session or a "
    "personal token: `Authorization: Token <key>`. Create tokens on the API tokens page "
    "(/accounts/tokens/): each is read-only or read-and-write, and expires after 30, 90 or "
    "365 days or never. A read-only token answers 403 to anything but GET, HEAD and OPTIONS; "
    "an expired or revoked token answers 401.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/",
    # Several models have a `status` or cadence field; name each choice set after its owner.
    "ENUM_NAME_OVERRIDES": {
        "MeetingCadenceEnum": "tandem.programmes.models.Cadence",
        "ProgrammeStatusEnum": "tandem.programmes.models.Programme.Status",
        "EnrolmentStatusEnum": "tandem.programmes.models.Enrolment.Status",
        "ImportJobStatusEnum": "tandem.people.models.ImportJob.Status",
        "MatchRunStatusEnum": "tandem.matching.models.MatchRun.Status",
        "MentorRequestStatusEnum": "tandem.matching.models.MentorRequest.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tandem.api.schema.document_errors",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No validator badge: it would load an image from elsewhere (intranets, CSP). No deep
    # links: Swagger UI puts each one inside the operation's button, a link nested in a button
    # that keyboards and screen readers cannot tell apart.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "validatorUrl": None},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Tandem's own knobs.
# A personal token's "last used" time is written at most this often (minutes).
TANDEM_TOKEN_TOUCH_MINUTES = envint("TANDEM_TOKEN_TOUCH_MINUTES", 5)
TANDEM_IMPORT_MAX_ROWS = envint("TANDEM_IMPORT_MAX_ROWS", 200_000)
TANDEM_DEMO_PASSWORD = envstr("TANDEM_DEMO_PASSWORD", "tandem-demo")
# A task still "running" after this long lost its worker and is queued again.
TANDEM_STALE_TASK_MINUTES = envint("TANDEM_STALE_TASK_MINUTES", 30)
# Workers and schedulers beat this often; a worker silent for the stale time is dead, and the
# task it held is queued again (by any scheduler's next pass).
TANDEM_HEARTBEAT_SECONDS = envint("TANDEM_HEARTBEAT_SECONDS", 10)
TANDEM_HEARTBEAT_STALE_SECONDS = envint("TANDEM_HEARTBEAT_STALE_SECONDS", 60)
# /healthz answers 503 when no scheduler has finished a pass for this long, or when a due task
# has waited this long for a worker.
TANDEM_SCHEDULER_STALE_SECONDS = envint("TANDEM_SCHEDULER_STALE_SECONDS", 300)
TANDEM_QUEUE_STALE_SECONDS = envint("TANDEM_QUEUE_STALE_SECONDS", 600)
# An email claimed "sending" outside a worker with a heartbeat is retried after this long; it
# is well beyond EMAIL_TIMEOUT, so the original send has surely ended one way or the other.
TANDEM_EMAIL_CLAIM_STALE_SECONDS = envint("TANDEM_EMAIL_CLAIM_STALE_SECONDS", 15 * 60)
# Chat channels (docs/chat.md): the hosts a webhook may point at, so that a webhook cannot be
# aimed at an address inside the organisation's network; plain HTTP is for local testing only.
TANDEM_CHAT_WEBHOOK_HOSTS = envlist(
    "TANDEM_CHAT_WEBHOOK_HOSTS",
    [
        "hooks.slack.com",
        "*.webhook.office.com",
        "*.logic.azure.com",
        "*.api.powerplatform.com",
    ],
)
TANDEM_CHAT_ALLOW_HTTP = envbool("TANDEM_CHAT_ALLOW_HTTP", False)
TANDEM_CHAT_TIMEOUT = envint("TANDEM_CHAT_TIMEOUT", 10)
TANDEM_CHAT_CLAIM_STALE_SECONDS = envint("TANDEM_CHAT_CLAIM_STALE_SECONDS", 5 * 60)
# The coordinators' daily digest is posted to chat channels from this hour (server time).
TANDEM_CHAT_DIGEST_HOUR = envint("TANDEM_CHAT_DIGEST_HOUR", 8)
