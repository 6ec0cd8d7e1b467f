"""`tandem restore`: put an archive made by `tandem backup` back into this install.

The archive is checked whole before anything is written (backup.backup_verify). Then the
database is replaced, then the secret key file, then the uploads, and the row count of every
table is compared with the manifest.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connections

from tandem.core.backup import (
    BackupError,
    TableCount,
    VerifiedArchive,
    postgres_env,
    postgres_tool,
    row_counts,
    run_tool,
    server_major,
    sqlite_check,
    sqlite_copy,
)


@dataclass
class RestoreResult:
    counts: list[TableCount]
    secret_key_file: Path | None
    media_files: int

    @property
    def mismatches(self) -> list[TableCount]:
        return [count for count in self.counts if not count.ok]


def restore_check_target(verified: VerifiedArchive) -> None:
    """Refuse an archive of another database vendor than the configured one."""
    vendor = connections["default"].vendor
    if verified.vendor != vendor:
        raise BackupError(
            f"{verified.path} holds a {verified.vendor} database, but this install uses "
            f"{vendor}. To carry a SQLite install to PostgreSQL, restore it on SQLite, then run "
            "`tandem move-to-postgres`."
        )


def _restore_sqlite(verified: VerifiedArchive) -> None:
    target = Path(connections["default"].settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    connections.close_all()
    fd, temporary_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.restore-")
    os.close(fd)
    temporary = Path(temporary_name)
    try:
        sqlite_copy(verified.database_file, temporary)
        sqlite_check(temporary)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    # The old database's write-ahead log would be replayed into the new file: drop it.
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _restore_postgres(verified: VerifiedArchive) -> None:
    connection = connections["default"]
    pg_restore = postgres_tool("pg_restore", server_major(connection))
    env = postgres_env(connection)
    connections.close_all()
    run_tool(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-acl",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env.get('PGDATABASE', '')}",
            str(verified.database_file),
        ],
        env=env,
        what="pg_restore",
    )


def _restore_secret_key(verified: VerifiedArchive) -> Path | None:
    if verified.secret_key is None:
        return None
    target = Path(settings.SECRET_KEY_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    with os.fdopen(fd, "wb") as out:
        out.write(verified.secret_key.read_bytes())
    os.chmod(temporary, 0o600)
    os.replace(temporary, target)
    return target


def _restore_media(verified: VerifiedArchive) -> int:
    """Make MEDIA_ROOT exactly the archive's uploads: the new folder is moved into place
    whole, and the old one removed after."""
    root = Path(settings.MEDIA_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    incoming = Path(tempfile.mkdtemp(dir=root.parent, prefix=".media-restore-"))
    if verified.media.is_dir():
        shutil.copytree(verified.media, incoming, dirs_exist_ok=True)
    files = sum(1 for path in incoming.rglob("*") if path.is_file())
    old = root.parent / f".media-old-{incoming.name}"
    if root.exists():
        root.rename(old)
    incoming.rename(root)
    os.chmod(root, 0o755)
    shutil.rmtree(old, ignore_errors=True)
    return files


def backup_restore(*, verified: VerifiedArchive) -> RestoreResult:
    """Replace this install's database, secret key file and uploads with the archive's."""
    restore_check_target(verified)
    try:
        if verified.vendor == "sqlite":
            _restore_sqlite(verified)
        else:
            _restore_postgres(verified)
        key_file = _restore_secret_key(verified)
        media_files = _restore_media(verified)
        connections.close_all()
        restored = row_counts(connections["default"])
    except (DatabaseError, OSError) as exc:
        raise BackupError(f"The restore stopped: {exc}".strip()) from exc
    expected: dict[str, int] = verified.manifest.get("row_counts") or {}
    counts = [TableCount(table, expected[table], restored.get(table)) for table in sorted(expected)]
    result = RestoreResult(counts=counts, secret_key_file=key_file, media_files=media_files)
    if result.mismatches:
        wrong = ", ".join(
            f"{c.table} ({c.found} rows, expected {c.expected})" for c in result.mismatches[:5]
        )
        raise BackupError(f"The restored database does not match the backup: {wrong}.")
    return result
