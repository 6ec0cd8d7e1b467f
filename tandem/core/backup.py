"""`tandem backup`: the database, the secret key file and the uploads in one archive.

The archive is a gzipped tar with these members, and a manifest written last that lists each
of them with its SHA-256 (docs/deploy.md, "Backups"):

- `database.sqlite3` (SQLite, copied through the online backup API, so the server may run) or
  `database.pgdump` (PostgreSQL, `pg_dump --format=custom`);
- `secret_key`, when the install keeps its key in a file rather than in SECRET_KEY;
- `media/...`, every uploaded file under MEDIA_ROOT;
- `manifest.json`: Tandem's version, the database vendor, the latest applied migration per
  app, the row count of every table, when it was made, and the members' checksums.

This module is the ground floor: it knows tables and files, never an app's models.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from tandem.core.errors import ServiceError

FORMAT = "tandem-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
SECRET_KEY_MEMBER = "secret_key"
MEDIA_PREFIX = "media/"

# Rows that `tandem migrate` itself writes: Django's bookkeeping and the languages, skills and
# prompts Tandem ships with. Rows there alone do not make a database one that is in use.
MIGRATION_FILLED_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "django_site",
        "people_language",
        "people_skill",
        "people_skillalias",
        "mentorships_prompt",
    }
)

Progress = Callable[[str, int, int], None]
"""Called with a step's label, how much of it is done and its total."""


def no_progress(step: str, done: int, total: int) -> None:
    pass


class BackupError(ServiceError):
    """A backup, restore or move that cannot go ahead, and why."""


@dataclass
class TableCount:
    """One table's rows where they came from (`expected`) and where they arrived (`found`)."""

    table: str
    expected: int
    found: int | None

    @property
    def ok(self) -> bool:
        return self.expected == self.found


@dataclass
class BackupResult:
    path: Path
    size: int
    manifest: dict[str, Any] = field(default_factory=dict)


def tandem_version() -> str:
    try:
        return metadata.version("tandem")
    except metadata.PackageNotFoundError:
        return "unknown"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --- reading a database: tables, row counts, migration state --------------------------------


def table_names(connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """The number of rows in every table of the database, by table name."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = int(cursor.fetchone()[0])
    return counts


def latest_migrations(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The latest applied migration of each app (their names sort in the order they apply)."""
    if "django_migrations" not in table_names(connection):
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
        return {app: name for app, name in cursor.fetchall()}


def rows_in_use(counts: dict[str, int]) -> dict[str, int]:
    """The tables, of those counted, that hold rows `tandem migrate` did not write."""
    return {
        table: count
        for table, count in counts.items()
        if count and table not in MIGRATION_FILLED_TABLES
    }


def database_holds_data(alias: str = "default") -> dict[str, int]:
    """The tables of the database that hold data (empty for a new or a just-migrated one)."""
    try:
        return rows_in_use(row_counts(connections[alias]))
    except DatabaseError as exc:
        raise BackupError(f"Cannot read the database: {exc}".strip()) from exc


# --- PostgreSQL's own tools ------------------------------------------------------------------


def _tool_major(path: str) -> int | None:
    try:
        out = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else None


def postgres_tool(name: str, server_major: int) -> str:
    """The path of `pg_dump` or `pg_restore`, of the server's major version or newer.

    An older one cannot read the server's catalogue (pg_dump refuses) or a newer dump format.
    """
    candidates = [found] if (found := shutil.which(name)) else []
    candidates += sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob(f"*/bin/{name}")),
        key=lambda p: int(re.sub(r"\D", "", Path(p).parent.parent.name) or 0),
        reverse=True,
    )
    versions = [(path, _tool_major(path)) for path in candidates]
    for path, major in versions:
        if major is not None and major >= server_major:
            return path
    found_versions = ", ".join(f"{path} ({major})" for path, major in versions if major)
    if not found_versions:
        raise BackupError(
            f"{name} was not found. Install PostgreSQL's client programs (version "
            f"{server_major} or newer, e.g. the postgresql-client-{server_major} package) or "
            f"put {name} on PATH."
        )
    raise BackupError(
        f"{name} is older than the database server (PostgreSQL {server_major}): found "
        f"{found_versions}. Install the client programs of version {server_major} or newer."
    )


def postgres_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The environment that points libpq's programs at this connection's database.

    The password goes in the environment, never on a command line others can read.
    """
    db = connection.settings_dict
    env = dict(os.environ)
    for variable, value in (
        ("PGDATABASE", db.get("NAME")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGSSLMODE", (db.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def server_major(connection: BaseDatabaseWrapper) -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def run_tool(command: list[str], *, env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-3:] or [f"exit code {result.returncode}"]
        raise BackupError(f"{what} failed: {' '.join(detail)}")


# --- the database snapshot -------------------------------------------------------------------


def sqlite_copy(source: Path | str, target: Path) -> None:
    """Copy a SQLite database page by page through the online backup API.

    Safe while other processes write: the copy is one consistent state of the database.
    """
    src = sqlite3.connect(source, uri=True)  # as Django opens it: a path or a file: URI
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def sqlite_check(path: Path) -> None:
    db = sqlite3.connect(path)
    try:
        status = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"The database in the archive cannot be read: {exc}.") from exc
    finally:
        db.close()
    if status != "ok":
        raise BackupError(f"The database in the archive is damaged: {status}.")


@dataclass
class _Snapshot:
    member: str
    path: Path
    vendor: str
    server_version: str
    migrations: dict[str, str]
    counts: dict[str, int]


def _sqlite_snapshot(workdir: Path, progress: Progress) -> _Snapshot:
    connection = connections["default"]
    path = workdir / SQLITE_MEMBER
    progress("Copying the database", 0, 1)
    sqlite_copy(connection.settings_dict["NAME"], path)
    progress("Copying the database", 1, 1)
    # Counted in the copy, so the manifest describes exactly what the archive holds.
    alias = "tandem_backup_snapshot"
    with temporary_database(alias, {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}):
        snapshot = connections[alias]
        counts = row_counts(snapshot)
        migrations = latest_migrations(snapshot)
    return _Snapshot(SQLITE_MEMBER, path, "sqlite", sqlite3.sqlite_version, migrations, counts)


def _postgres_snapshot(workdir: Path, progress: Progress) -> _Snapshot:
    connection = connections["default"]
    major = server_major(connection)
    pg_dump = postgres_tool("pg_dump", major)
    path = workdir / POSTGRES_MEMBER
    progress("Copying the database", 0, 1)
    # pg_dump reads the snapshot this transaction exported, so the counts below and the dump
    # describe the same moment even while the servers keep writing.
    with transaction.atomic(using="default"), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        counts = row_counts(connection)
        migrations = latest_migrations(connection)
        run_tool(
            [pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={path}"],
            env=postgres_env(connection),
            what="pg_dump",
        )
    progress("Copying the database", 1, 1)
    return _Snapshot(POSTGRES_MEMBER, path, "postgresql", str(major), migrations, counts)


@contextmanager
def temporary_database(alias: str, config: dict[str, Any]) -> Iterator[None]:
    """A database connection under a name of its own, for as long as the block runs."""
    connections.settings[alias] = connections.configure_settings({"default": config})["default"]
    try:
        yield
    finally:
        connections[alias].close()
        del connections[alias]
        connections.settings.pop(alias, None)


# --- the archive -----------------------------------------------------------------------------


def default_archive_name() -> str:
    return f"tandem-backup-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz"


def _archive_path(output: Path | None) -> Path:
    if output is None:
        directory = Path(settings.DATA_DIR) / "backups"
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        return directory / default_archive_name()
    if output.is_dir():
        return output / default_archive_name()
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} does not exist.", field="output")
    return output


def secret_key_file() -> Path | None:
    """The key file this install signs with, or None when SECRET_KEY is set."""
    if getattr(settings, "SECRET_KEY_FROM_ENV", False):
        return None
    path = Path(settings.SECRET_KEY_FILE)
    return path if path.is_file() else None


def _media_files() -> list[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    files = []
    for directory, _dirs, names in os.walk(root):
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                files.append((path, MEDIA_PREFIX + path.relative_to(root).as_posix()))
    return sorted(files, key=lambda item: item[1])


def _add(tar: tarfile.TarFile, name: str, data: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, data)


def _add_hashed(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    """Add a file as it is now: a copy is taken first, so an upload replaced meanwhile cannot
    leave a member whose checksum does not match its bytes."""
    digest = hashlib.sha256()
    with tempfile.SpooledTemporaryFile(max_size=8 << 20) as copy, path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
            copy.write(chunk)
        size = copy.tell()
        copy.seek(0)
        _add(tar, name, copy, size)
    return {"sha256": digest.hexdigest(), "size": size}


def backup_create(*, output: Path | None = None, progress: Progress = no_progress) -> BackupResult:
    """Write one archive of the database, the secret key file and the uploads.

    It is written under a temporary name beside its final one and renamed once complete, so
    a backup that fails never leaves a file that looks like a backup. Mode 0600: it holds the
    secret key and everyone's data.
    """
    target = _archive_path(output)
    vendor = connections["default"].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    fd, partial_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
    )
    partial = Path(partial_name)
    try:
        with tempfile.TemporaryDirectory(dir=target.parent, prefix=".tandem-backup-") as work:
            snapshot = (
                _sqlite_snapshot(Path(work), progress)
                if vendor == "sqlite"
                else _postgres_snapshot(Path(work), progress)
            )
            members: dict[str, dict[str, Any]] = {}
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                members[snapshot.member] = _add_hashed(tar, snapshot.member, snapshot.path)
                if key_file := secret_key_file():
                    members[SECRET_KEY_MEMBER] = _add_hashed(tar, SECRET_KEY_MEMBER, key_file)
                media = _media_files()
                for done, (path, name) in enumerate(media, start=1):
                    members[name] = _add_hashed(tar, name, path)
                    progress("Adding uploads", done, len(media))
                manifest = {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "tandem_version": tandem_version(),
                    "created_at": timezone.now().isoformat(),
                    "database": {
                        "vendor": snapshot.vendor,
                        "server_version": snapshot.server_version,
                        "member": snapshot.member,
                    },
                    "migrations": snapshot.migrations,
                    "row_counts": snapshot.counts,
                    "secret_key": SECRET_KEY_MEMBER in members,
                    "media_files": len(media),
                    "members": members,
                }
                body = json.dumps(manifest, indent=2, sort_keys=True).encode()
                _add(tar, MANIFEST, BytesIO(body), len(body))
                raw.flush()
                os.fsync(raw.fileno())
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except DatabaseError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Cannot read the database: {exc}".strip()) from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"Cannot write {target}: {exc}") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(path=target, size=target.stat().st_size, manifest=manifest)


# --- reading an archive back -----------------------------------------------------------------


@dataclass
class VerifiedArchive:
    """An archive whose every member matched its checksum, unpacked into `workdir`."""

    path: Path
    workdir: Path
    manifest: dict[str, Any]

    @property
    def vendor(self) -> str:
        return str(self.manifest["database"]["vendor"])

    @property
    def database_file(self) -> Path:
        return self.workdir / str(self.manifest["database"]["member"])

    @property
    def secret_key(self) -> Path | None:
        path = self.workdir / SECRET_KEY_MEMBER
        return path if self.manifest.get("secret_key") else None

    @property
    def media(self) -> Path:
        return self.workdir / MEDIA_PREFIX.rstrip("/")


def _member_path(workdir: Path, name: str) -> Path:
    """Where a member is unpacked; a name that would leave the folder is refused."""
    pure = PurePosixPath(name)
    allowed = name in (MANIFEST, SQLITE_MEMBER, POSTGRES_MEMBER, SECRET_KEY_MEMBER) or (
        name.startswith(MEDIA_PREFIX) and len(pure.parts) > 1
    )
    if not allowed or pure.is_absolute() or any(part in ("", ".", "..") for part in pure.parts):
        raise BackupError(f"The archive holds an unexpected member {name!r}: not a Tandem backup.")
    return workdir.joinpath(*pure.parts)


def _unpack(archive: Path, workdir: Path) -> dict[str, str]:
    """Unpack every member, returning each one's SHA-256."""
    digests: dict[str, str] = {}
    with archive.open("rb") as raw, tarfile.open(fileobj=raw, mode="r:gz") as tar:
        for member in tar:
            if not member.isfile():
                raise BackupError(f"The archive holds {member.name!r}, which is not a file.")
            if member.name in digests:
                raise BackupError(f"The archive holds {member.name!r} twice.")
            path = _member_path(workdir, member.name)
            path.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None  # a regular file always has a body
            digest = hashlib.sha256()
            with path.open("wb") as out:
                for chunk in iter(lambda: source.read(1 << 20), b""):  # noqa: B023
                    digest.update(chunk)
                    out.write(chunk)
            digests[member.name] = digest.hexdigest()
        # tar stops at its end marker; reading on makes gzip check the whole file's CRC.
        assert tar.fileobj is not None
        while tar.fileobj.read(1 << 20):
            pass
    return digests


def backup_verify(*, archive: Path, workdir: Path) -> VerifiedArchive:
    """Unpack an archive into `workdir` and check it whole: every member against the
    manifest's checksum, and the database file itself. Nothing outside `workdir` is touched."""
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file.", field="archive")
    try:
        digests = _unpack(archive, workdir)
    except (tarfile.TarError, EOFError, OSError, ValueError, zlib.error) as exc:
        # zlib.error: a damaged deflate block, which gzip passes on as it is.
        raise BackupError(
            f"{archive} is damaged or incomplete (truncated?): {exc}. Nothing was restored."
        ) from exc
    if MANIFEST not in digests:
        raise BackupError(
            f"{archive} has no manifest: it is incomplete (truncated?) or not a Tandem backup."
        )
    try:
        manifest = json.loads((workdir / MANIFEST).read_text())
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"The manifest of {archive} cannot be read: {exc}.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a Tandem backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{archive} is a backup of format {manifest.get('format_version')}; this Tandem "
            f"reads format {FORMAT_VERSION}."
        )
    listed: dict[str, dict[str, Any]] = manifest.get("members") or {}
    unpacked = set(digests) - {MANIFEST}
    if missing := sorted(set(listed) - unpacked):
        raise BackupError(f"{archive} is incomplete: {', '.join(missing[:5])} missing.")
    if extra := sorted(unpacked - set(listed)):
        raise BackupError(f"{archive} holds files its manifest does not list: {extra[0]}.")
    if damaged := sorted(name for name in listed if listed[name].get("sha256") != digests[name]):
        raise BackupError(
            f"{archive} is damaged: {', '.join(damaged[:5])} does not match its checksum."
        )
    verified = VerifiedArchive(path=archive, workdir=workdir, manifest=manifest)
    if not verified.database_file.is_file():
        raise BackupError(f"{archive} holds no database.")
    if verified.vendor == "sqlite":
        sqlite_check(verified.database_file)
    return verified
