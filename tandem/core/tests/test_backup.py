"""Backup, restore and move-to-postgres, run as an operator runs them: the `tandem` script in a
process of its own, against real SQLite files and real PostgreSQL databases."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import random
import sqlite3
import tarfile
import zlib
from pathlib import Path

import pytest
from django.db import connection

from tandem.accounts.models import User
from tandem.core.backup import BackupError, backup_verify, database_holds_data
from tandem.core.restore import restore_check_target
from tandem.core.testing.backup import (
    SampleData,
    build_sample_data,
    postgres_counts,
    run_tandem,
    scratch_database,
    server_url,
    sign_in,
    sqlite_counts,
)
from tandem.core.testing.processes import needs_postgresql

pytestmark = pytest.mark.system

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
PHOTO = b"\x89PNG\r\n\x1a\n" + os.urandom(2048)
SIGNED_IN = "sign-in 302 200"

needs_sqlite = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="copies the SQLite test database into an install's file: runs in the SQLite pass",
)


def digest(path: Path) -> str:
    """The file's bytes, or a SQLite database's content (opening it may switch it to WAL)."""
    if path.suffix != ".sqlite3":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    db = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(db.iterdump()).encode()).hexdigest()
    finally:
        db.close()


@pytest.fixture
def sample(transactional_db, settings) -> SampleData:
    # Emails are queued in the database, as in production, so the task queue has rows to carry.
    settings.TASKS = DB_QUEUE
    return build_sample_data()


def add_files(data_dir: Path) -> None:
    (data_dir / "media" / "photos").mkdir(parents=True)
    (data_dir / "media" / "photos" / "pat.png").write_bytes(PHOTO)
    (data_dir / "secret_key").write_text("the install's own secret key " * 3)
    (data_dir / "secret_key").chmod(0o600)


@pytest.fixture
def sqlite_install(sample, tmp_path) -> Path:
    """An install in a folder of its own: the test database, as a SQLite file, with an upload
    and a secret key file beside it."""
    data_dir = tmp_path / "install"
    data_dir.mkdir()
    connection.ensure_connection()
    target = sqlite3.connect(data_dir / "tandem.sqlite3")
    connection.connection.backup(target)
    target.close()
    add_files(data_dir)
    return data_dir


def back_up(data_dir: Path, output: Path, database_url: str | None = None) -> Path:
    result = run_tandem(
        "backup", "--output", str(output), data_dir=data_dir, database_url=database_url
    )
    assert result.returncode == 0, result.stderr
    archives = sorted(output.glob("tandem-backup-*.tar.gz")) if output.is_dir() else [output]
    assert len(archives) == 1
    return archives[0]


@needs_sqlite
def test_a_sqlite_install_restored_from_its_backup_has_every_row_its_upload_and_its_sign_ins(
    sqlite_install, sample, tmp_path
):
    (tmp_path / "backups").mkdir()
    archive = back_up(sqlite_install, tmp_path / "backups")
    fresh = tmp_path / "fresh"
    fresh.mkdir()

    restored = run_tandem("restore", str(archive), data_dir=fresh)

    assert restored.returncode == 0, restored.stderr
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    before, after = (
        sqlite_counts(sqlite_install / "tandem.sqlite3"),
        sqlite_counts(fresh / "tandem.sqlite3"),
    )
    assert after == before
    assert before["django_session"]
    assert before["django_tasks_database_dbtaskresult"]
    assert before["mentorships_mentorship"] == 1
    assert (fresh / "media" / "photos" / "pat.png").read_bytes() == PHOTO
    assert (fresh / "secret_key").read_text() == (sqlite_install / "secret_key").read_text()
    assert oct((fresh / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert "mentorships_mentorship" in restored.stdout
    assert "DIFFERS" not in restored.stdout
    assert SIGNED_IN in sign_in(sample, data_dir=fresh)


@needs_sqlite
def test_a_damaged_truncated_or_unconfirmed_restore_changes_nothing(sqlite_install, tmp_path):
    archive = back_up(sqlite_install, tmp_path / "archive.tar.gz")
    data = archive.read_bytes()
    corrupt = tmp_path / "corrupt.tar.gz"
    corrupt.write_bytes(
        data[: len(data) // 2]
        + bytes(b ^ 0xFF for b in data[len(data) // 2 :][:64])
        + data[len(data) // 2 + 64 :]
    )
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(data[: len(data) * 2 // 3])
    database = sqlite_install / "tandem.sqlite3"
    files = [database, sqlite_install / "secret_key", sqlite_install / "media/photos/pat.png"]
    # Something the archive does not hold, which a restore would remove.
    (sqlite_install / "media" / "photos" / "new.png").write_bytes(b"after the backup")
    before = {path: digest(path) for path in files}

    results = {
        "corrupt": run_tandem("restore", str(corrupt), "--yes", data_dir=sqlite_install),
        "truncated": run_tandem("restore", str(truncated), "--yes", data_dir=sqlite_install),
        "unconfirmed": run_tandem("restore", str(archive), data_dir=sqlite_install),
    }

    for name, result in results.items():
        assert result.returncode != 0, name
        assert "Traceback" not in result.stderr, result.stderr
    assert "damaged or incomplete" in results["corrupt"].stderr
    assert "damaged or incomplete" in results["truncated"].stderr
    assert "already holds data" in results["unconfirmed"].stderr
    assert "--yes" in results["unconfirmed"].stderr
    assert {path: digest(path) for path in files} == before
    assert (sqlite_install / "media" / "photos" / "new.png").exists()
    assert not list(sqlite_install.glob(".restore-*"))


def repack(archive: Path, target: Path, change) -> Path:
    """The archive with its members rewritten by `change(name, bytes) -> bytes`."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            body = change(member.name, source.extractfile(member).read())
            member.size = len(body)
            out.addfile(member, io.BytesIO(body))
    return target


@needs_sqlite
def test_a_member_that_does_not_match_its_checksum_or_a_vendor_mismatch_is_refused(
    sqlite_install, tmp_path
):
    archive = back_up(sqlite_install, tmp_path / "archive.tar.gz")
    tampered = repack(
        archive,
        tmp_path / "tampered.tar.gz",
        lambda name, body: b"someone else's key" if name == "secret_key" else body,
    )

    def as_postgres(name: str, body: bytes) -> bytes:
        if name != "manifest.json":
            return body
        manifest = json.loads(body)
        manifest["database"]["vendor"] = "postgresql"
        return json.dumps(manifest).encode()

    other_vendor = repack(archive, tmp_path / "other.tar.gz", as_postgres)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()

    with pytest.raises(BackupError, match="secret_key does not match its checksum"):
        backup_verify(archive=tampered, workdir=tmp_path / "a")
    verified = backup_verify(archive=other_vendor, workdir=tmp_path / "b")
    with pytest.raises(
        BackupError, match="holds a postgresql database, but this install uses sqlite"
    ):
        restore_check_target(verified)


def _damaged_mid_member(tmp_path: Path) -> Path:
    """An archive whose deflate stream breaks inside a member's body, where tarfile lets
    zlib's own error through (a break in the first block it reports as a tar error)."""
    rng = random.Random(7)
    words = ["mentor", "mentee", "goal", "charter", "meeting", "notes", "budget"]
    body = " ".join(rng.choice(words) + str(rng.randrange(1000)) for _ in range(60000)).encode()
    tar_bytes = io.BytesIO()
    with tarfile.open(fileobj=tar_bytes, mode="w") as tar:
        member = tarfile.TarInfo("manifest.json")
        member.size = len(body)
        tar.addfile(member, io.BytesIO(body))
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0) as gz:
        gz.write(tar_bytes.getvalue())
    data = packed.getvalue()
    for offset in range(200, len(data) - 200, 331):
        damaged = data[:offset] + bytes(b ^ 0xFF for b in data[offset : offset + 64])
        damaged += data[offset + 64 :]
        try:
            with tarfile.open(fileobj=io.BytesIO(damaged), mode="r:gz") as tar:
                for member in tar:
                    source = tar.extractfile(member)
                    while source is not None and source.read(1 << 20):
                        pass
        except zlib.error:
            path = tmp_path / "damaged.tar.gz"
            path.write_bytes(damaged)
            return path
        except (tarfile.TarError, OSError, EOFError):
            continue
    raise AssertionError("no damage that zlib reports mid-member was found")


def test_an_archive_whose_compressed_data_breaks_mid_member_is_refused_in_words(tmp_path):
    damaged = _damaged_mid_member(tmp_path)

    with pytest.raises(BackupError, match="is damaged or incomplete"):
        backup_verify(archive=damaged, workdir=tmp_path / "unpacked")


def test_a_backup_that_fails_leaves_no_archive_behind(tmp_path):
    (tmp_path / "backups").mkdir()

    failed = run_tandem(
        "backup",
        "--output",
        str(tmp_path / "backups"),
        data_dir=tmp_path,
        database_url="postgres://postgres@127.0.0.1:1/no_such_server",
    )

    assert failed.returncode != 0
    assert "Cannot read the database" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.django_db
def test_a_migrated_database_counts_as_empty_until_someone_uses_it():
    assert database_holds_data() == {}

    User.objects.create_user(email="first@example.org", password="a long pass phrase")

    assert database_holds_data() == {"accounts_user": 1}


@needs_postgresql
def test_a_postgresql_backup_restores_into_another_database_with_every_row_and_its_sign_ins(
    sample, tmp_path
):
    source = server_url(connection.settings_dict, connection.settings_dict["NAME"])
    (tmp_path / "source").mkdir()
    add_files(tmp_path / "source")
    archive = back_up(tmp_path / "source", tmp_path / "archive.tar.gz", database_url=source)

    with scratch_database(connection.settings_dict) as target:
        (tmp_path / "target").mkdir()
        restored = run_tandem(
            "restore", str(archive), data_dir=tmp_path / "target", database_url=target
        )

        assert restored.returncode == 0, restored.stderr
        before, after = postgres_counts(source), postgres_counts(target)
        assert after == before
        assert before["django_session"]
        assert before["django_tasks_database_dbtaskresult"]
        assert (tmp_path / "target" / "media" / "photos" / "pat.png").read_bytes() == PHOTO
        assert SIGNED_IN in sign_in(sample, data_dir=tmp_path / "target", database_url=target)


BUILD_SQLITE_INSTALL = """
import json
from django.core.management import call_command
from tandem.core.testing.backup import build_sample_data
call_command("migrate", verbosity=0)
data = build_sample_data()
print(json.dumps({"email": data.email, "password": data.password}))
"""

AFTER_THE_MOVE = """
from tandem.accounts.models import User
from tandem.people.models import Person
user = User.objects.create_user(email="after-the-move@example.org", password="a long pass phrase")
Person.objects.create(user=user, name="After the move", email=user.email)
print("created", user.pk)
"""


@needs_postgresql
def test_move_to_postgres_carries_every_row_resets_sequences_and_keeps_sign_ins(tmp_path):
    install = tmp_path / "install"
    built = run_tandem("shell", "-c", BUILD_SQLITE_INSTALL, data_dir=install)
    assert built.returncode == 0, built.stderr
    data = SampleData(**json.loads(built.stdout.strip().splitlines()[-1]))

    with scratch_database(connection.settings_dict) as target:
        moved = run_tandem("move-to-postgres", "--to", target, data_dir=install)

        assert moved.returncode == 0, moved.stderr
        before, after = sqlite_counts(install / "tandem.sqlite3"), postgres_counts(target)
        assert set(after) == set(before)
        del before["django_migrations"], after["django_migrations"]
        assert after == before
        assert before["django_session"]
        assert before["django_tasks_database_dbtaskresult"]
        assert before["accounts_user"] >= 3
        assert before["mentorships_mentorship"] == 1
        out = sign_in(data, data_dir=install, database_url=target, then=AFTER_THE_MOVE)
        assert SIGNED_IN in out
        assert "created" in out


@needs_postgresql
def test_move_to_postgres_refuses_a_database_that_holds_data(transactional_db, tmp_path):
    User.objects.create_user(email="already@example.org", password="a long pass phrase")
    target = server_url(connection.settings_dict, connection.settings_dict["NAME"])

    refused = run_tandem("move-to-postgres", "--to", target, data_dir=tmp_path)

    assert refused.returncode != 0
    assert "already holds data (1 rows in accounts_user" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert postgres_counts(target)["accounts_user"] == 1
