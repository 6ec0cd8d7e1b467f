"""A migrated SQLite test database kept as a template, so a test run migrates only once.

Each test process builds its in-memory SQLite database by running every migration (86 of
them, most of the seconds before the first test). The result depends only on the migration
files, the installed dependencies and the Python and SQLite versions, so the first run keeps
a copy under `var/test-db/`, named by a digest of those, and later runs load that copy with
SQLite's backup API instead. A changed migration, lock file or interpreter gives a new digest
and a fresh migration. PostgreSQL runs, file-based test databases and `--reuse-db` go through
Django's own creation unchanged.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import tempfile
from contextlib import closing
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.backends.sqlite3.creation import DatabaseCreation

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = ROOT / "var" / "test-db"


@cache
def template_path() -> Path:
    digest = hashlib.sha256()
    digest.update(f"{sys.version} {sqlite3.sqlite_version}".encode())
    sources = sorted((ROOT / "tandem").glob("*/migrations/*.py"))
    for path in [ROOT / "requirements" / "dev.lock", *sources]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return TEMPLATES / f"{digest.hexdigest()[:24]}.sqlite3"


def install() -> None:
    """Make SQLite's in-memory test databases start from the template when there is one."""
    original = DatabaseCreation.create_test_db

    def create_test_db(
        self: DatabaseCreation,
        verbosity: int = 1,
        autoclobber: bool = False,
        serialize: bool = True,
        keepdb: bool = False,
    ) -> str:
        name = self._get_test_db_name()
        if keepdb or not self.is_in_memory_db(name):
            return original(self, verbosity, autoclobber, serialize, keepdb)
        template = template_path()
        if not template.exists():
            name = original(self, verbosity, autoclobber, serialize, keepdb)
            _save(self.connection.connection, template)
            return name
        self._create_test_db(verbosity, autoclobber, keepdb)
        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        self.connection.ensure_connection()
        with closing(sqlite3.connect(template)) as source:
            source.backup(self.connection.connection)
        if serialize:
            self.connection._test_serialized_contents = self.serialize_db_to_string()
        return name

    DatabaseCreation.create_test_db = create_test_db  # type: ignore[method-assign,assignment]


def _save(connection: Any, template: Path) -> None:
    # Written beside the template and renamed into place, so a second process that migrated
    # at the same time, or a run stopped halfway, never leaves a partial copy behind.
    template.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(dir=template.parent, suffix=".partial")
    os.close(handle)
    try:
        with closing(sqlite3.connect(partial)) as target:
            connection.backup(target)
        os.replace(partial, template)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
