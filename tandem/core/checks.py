"""`tandem check --deploy`: the settings that only matter once there is more than one process."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


def _shared_setup() -> bool:
    return bool(settings.CACHE_URL) or settings.DATABASES["default"]["ENGINE"].endswith(
        "postgresql"
    )


@register(Tags.security, deploy=True)
def check_secret_key_is_shared(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if settings.SECRET_KEY_FROM_ENV or not _shared_setup():
        return []
    return [
        Error(
            "SECRET_KEY comes from this machine's key file, but the database or cache is "
            "shared with other servers.",
            hint="Set SECRET_KEY to the same value on every app server and worker "
            "(docs/deploy.md).",
            id="tandem.E001",
        )
    ]


@register(Tags.caches, deploy=True)
def check_cache_is_shared(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if settings.CACHE_URL or settings.TANDEM_SERVERS == 1:
        return []
    return [
        Warning(
            "Several servers, but each process keeps its own cache: rate limits count per process.",
            hint="Set CACHE_URL=redis://... (docs/deploy.md).",
            id="tandem.W001",
        )
    ]


@register(Tags.staticfiles, deploy=True)
def check_static_collected(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if settings.STATIC_COLLECTED or settings.DEBUG:
        return []
    return [
        Warning(
            "Static files are not collected: they are served from the package, unhashed and "
            "without long caching.",
            hint="Run `tandem collectstatic --noinput`, then restart the app servers.",
            id="tandem.W002",
        )
    ]
