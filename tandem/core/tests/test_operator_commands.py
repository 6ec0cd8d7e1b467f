"""The operator's view: the `tandem` script, production checks and the password hasher."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.system

TANDEM = str(Path(sys.executable).with_name("tandem"))


def run_tandem(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    base.update({"TANDEM_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [TANDEM, *args], env=base, capture_output=True, text=True, timeout=120, check=False
    )


def test_deploy_check_passes_with_production_settings(tmp_path):
    production = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "mentoring.example.org",
        "TANDEM_HTTPS": "1",
    }
    # Part of an install: until static files are collected, the check warns (tandem.W002).
    run_tandem("collectstatic", "--noinput", "-v0", env=production, tmp_path=tmp_path)
    result = run_tandem(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "mentoring.example.org",
            "TANDEM_HTTPS": "1",
        },
        tmp_path=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_without_https(tmp_path):
    result = run_tandem(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(60)},
        tmp_path=tmp_path,
    )

    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr


def test_a_secret_key_file_is_generated_once_and_reused(tmp_path):
    first = run_tandem("check", env={}, tmp_path=tmp_path)
    key_file = tmp_path / "secret_key"
    key = key_file.read_text()
    second = run_tandem("check", env={}, tmp_path=tmp_path)

    assert first.returncode == second.returncode == 0
    assert len(key) >= 50
    assert key_file.read_text() == key
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("spelling", ["import-people", "import_people"])
def test_hyphenated_commands_reach_their_management_command(tmp_path, spelling):
    result = run_tandem(spelling, "--help", env={}, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "csv" in result.stdout.lower()


def test_passwords_are_hashed_with_argon2_outside_the_test_settings(tmp_path):
    code = (
        "from django.contrib.auth.hashers import make_password;"
        "print(make_password('a long pass phrase'))"
    )
    result = run_tandem("shell", "-c", code, env={}, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("argon2$argon2id$")
