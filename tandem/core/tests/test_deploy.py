"""Production settings as an operator meets them: each case starts a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from tandem.core.checks import check_secret_key_is_shared

PAGE = """
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "tandem.settings"
import django
django.setup()
from django.templatetags.static import static
from django.test import Client
css = static("tandem/tandem.css")  # what every page's template asks for
print(css, Client(HTTP_HOST="127.0.0.1").get(css).status_code)
"""


def _python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "CACHE_URL"}}
    clean.update({"TANDEM_DATA_DIR": str(tmp_path), "DEBUG": "0", "TANDEM_TESTING": "0"})
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=120
    )


@pytest.mark.system
def test_styles_resolve_and_are_served_with_debug_off_before_and_after_collectstatic(tmp_path):
    before = _python(PAGE, tmp_path)
    assert before.returncode == 0, before.stderr
    assert before.stdout.split() == ["/static/tandem/tandem.css", "200"]

    collect = subprocess.run(
        [sys.executable, "-m", "tandem.cli", "collectstatic", "--noinput", "-v0"],
        env={**os.environ, "TANDEM_DATA_DIR": str(tmp_path), "DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collect.returncode == 0, collect.stderr

    after = _python(PAGE, tmp_path)
    css, css_status = after.stdout.split()
    assert css.startswith("/static/tandem/tandem.")
    assert css != "/static/tandem/tandem.css"
    assert css_status == "200"


def test_more_than_one_server_refuses_to_start_without_a_shared_secret_key(tmp_path):
    code = "import tandem.settings as s; print(s.SECRET_KEY[:4])"

    refused = _python(code, tmp_path, TANDEM_SERVERS="2")
    started = _python(code, tmp_path, TANDEM_SERVERS="2", SECRET_KEY="same-on-every-server")

    assert refused.returncode != 0
    assert "set SECRET_KEY, the same on every server" in refused.stderr
    assert not (tmp_path / "secret_key").exists()
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == "same"


def test_check_deploy_refuses_the_key_file_with_a_shared_cache():
    with override_settings(SECRET_KEY_FROM_ENV=False, CACHE_URL="redis://127.0.0.1:6379/8"):
        errors = check_secret_key_is_shared()
    with override_settings(SECRET_KEY_FROM_ENV=True, CACHE_URL="redis://127.0.0.1:6379/8"):
        fine = check_secret_key_is_shared()

    assert [e.id for e in errors] == ["tandem.E001"]
    assert fine == []


def test_cache_url_selects_a_shared_redis_cache_and_the_default_stays_local(tmp_path):
    code = "import tandem.settings as s; print(s.CACHES['default']['BACKEND'])"

    shared = _python(code, tmp_path, CACHE_URL="redis://127.0.0.1:6379/8")
    via_redis_url = _python(code, tmp_path, REDIS_URL="redis://127.0.0.1:6379/8")
    local = _python(code, tmp_path)

    assert shared.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
    assert via_redis_url.stdout.strip() == "django.core.cache.backends.redis.RedisCache"
    assert local.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_database_connections_are_reused_and_health_checked_by_default():
    if "DATABASE_CONN_MAX_AGE" in os.environ:
        pytest.skip("DATABASE_CONN_MAX_AGE is set in this environment")
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_email_timeout_is_set_and_settable(tmp_path):
    code = "import tandem.settings as s; print(s.EMAIL_TIMEOUT)"

    assert _python(code, tmp_path).stdout.strip() == "20"
    assert _python(code, tmp_path, EMAIL_TIMEOUT="7").stdout.strip() == "7"
