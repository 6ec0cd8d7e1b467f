"""`tandem move-to-postgres`: carry a SQLite install's data to a PostgreSQL database.

The target is migrated by Tandem itself, then every model's table is copied row by row
through Django's fields (so booleans, dates, JSON and UUIDs arrive as PostgreSQL types), in
one transaction, and the sequences are moved past the copied ids. The copy reads a snapshot
of the SQLite file taken through the online backup API, and the row counts of both sides
are compared table by table.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor

from tandem.core.backup import (
    BackupError,
    Progress,
    TableCount,
    database_holds_data,
    no_progress,
    row_counts,
    sqlite_copy,
    temporary_database,
)

SOURCE = "tandem_move_source"
TARGET = "tandem_move_target"
BATCH = 2000


@dataclass
class MoveResult:
    tables: list[TableCount]
    left_behind: list[str]

    @property
    def rows(self) -> int:
        return sum(table.expected for table in self.tables)


def _copied_models() -> list[type[models.Model]]:
    """Every model with a table of its own (many-to-many tables included), each table once,
    ordered so that a row's foreign keys point at tables already copied where possible."""
    found: dict[str, type[models.Model]] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in found:
            continue
        found[meta.db_table] = model
    ordered: list[type[models.Model]] = []
    placed: set[str] = set()
    pending = dict(sorted(found.items()))
    while pending:
        ready = [
            table
            for table, model in pending.items()
            if all(dep in placed or dep not in found or dep == table for dep in _depends(model))
        ]
        # A cycle of foreign keys: the constraints are deferred to the commit, so any order holds.
        for table in ready or [next(iter(pending))]:
            ordered.append(pending.pop(table))
            placed.add(table)
    return ordered


def _depends(model: type[models.Model]) -> Iterable[str]:
    for field in model._meta.local_concrete_fields:
        if field.remote_field is not None and field.related_model is not None:
            related = field.related_model
            if isinstance(related, type):
                yield related._meta.db_table


def _source_is_current(alias: str) -> None:
    connection = connections[alias]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise BackupError(
            f"The SQLite database is {len(plan)} migration(s) behind this Tandem: run "
            "`tandem migrate` first, then move."
        )


def _target_config(url: str) -> dict[str, object]:
    try:
        config = dict(dj_database_url.parse(url))
    except ValueError as exc:
        raise BackupError(f"--to is not a database URL: {exc}", field="to") from exc
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise BackupError(
            "--to must be a PostgreSQL URL: postgres://user:password@host:5432/name", field="to"
        )
    return config


def _copy(model: type[models.Model], progress: Progress, done: int, total: int) -> None:
    fields = [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]
    rows = model._base_manager.using(SOURCE).order_by("pk").iterator(chunk_size=BATCH)
    batch: list[models.Model] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            _insert(model, batch, fields)
            batch = []
    if batch:
        _insert(model, batch, fields)
    progress("Copying tables", done, total)


def _insert(
    model: type[models.Model], batch: list[models.Model], fields: list[models.Field[Any, Any]]
) -> None:
    # raw: the values go in as they were read, so no auto_now field is stamped anew and no
    # signal handler adds rows of its own.
    model._base_manager.using(TARGET)._insert(  # type: ignore[attr-defined]
        batch, fields=fields, using=TARGET, raw=True
    )


def database_move_to_postgres(*, to: str, progress: Progress = no_progress) -> MoveResult:
    """Copy this install's SQLite data into the empty PostgreSQL database at `to`."""
    source_connection = connections["default"]
    if source_connection.vendor != "sqlite":
        raise BackupError(
            f"This install already uses {source_connection.vendor}: the move is from SQLite."
        )
    target_config = _target_config(to)
    with (
        temporary_database(TARGET, target_config),
        tempfile.TemporaryDirectory(dir=settings.DATA_DIR, prefix=".move-") as work,
    ):
        try:
            connections[TARGET].ensure_connection()
        except DatabaseError as exc:
            raise BackupError(f"Cannot connect to the target database: {exc}", field="to") from exc
        if in_use := database_holds_data(TARGET):
            table, count = next(iter(sorted(in_use.items())))
            raise BackupError(
                f"The target database already holds data ({count} rows in {table}, "
                f"{len(in_use)} tables in all). Move into a new, empty database.",
                field="to",
            )
        snapshot = Path(work) / "source.sqlite3"
        progress("Reading SQLite", 0, 1)
        sqlite_copy(source_connection.settings_dict["NAME"], snapshot)
        progress("Reading SQLite", 1, 1)
        with temporary_database(
            SOURCE, {"ENGINE": "django.db.backends.sqlite3", "NAME": str(snapshot)}
        ):
            _source_is_current(SOURCE)
            progress("Migrating PostgreSQL", 0, 1)
            call_command("migrate", database=TARGET, interactive=False, verbosity=0)
            progress("Migrating PostgreSQL", 1, 1)
            copied = _copied_models()
            target = connections[TARGET]
            try:
                with transaction.atomic(using=TARGET), target.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
                    # What migrate wrote (content types, permissions, the site, the shipped
                    # skills) is replaced by the source's own rows, ids included.
                    tables = ", ".join(target.ops.quote_name(m._meta.db_table) for m in copied)
                    cursor.execute(f"TRUNCATE {tables}")
                    for done, model in enumerate(copied, start=1):
                        try:
                            _copy(model, progress, done, len(copied))
                        except DatabaseError as exc:
                            raise BackupError(
                                f"Copying {model._meta.db_table} to PostgreSQL failed, and "
                                f"nothing was copied: {exc}".strip()
                            ) from exc
                    for statement in target.ops.sequence_reset_sql(no_style(), copied):
                        cursor.execute(statement)
            except DatabaseError as exc:
                raise BackupError(
                    f"Copying to PostgreSQL failed, and nothing was copied: {exc}".strip()
                ) from exc
            source_counts = row_counts(connections[SOURCE])
            target_counts = row_counts(target)
    copied_tables = {model._meta.db_table for model in copied}
    result = MoveResult(
        tables=[
            TableCount(table, source_counts.get(table, 0), target_counts.get(table, 0))
            for table in sorted(copied_tables)
        ],
        left_behind=sorted(
            table
            for table, count in source_counts.items()
            if count and table not in copied_tables and table != "django_migrations"
        ),
    )
    if wrong := [table for table in result.tables if not table.ok]:
        listed = ", ".join(f"{t.table} ({t.expected} in SQLite, {t.found} copied)" for t in wrong)
        raise BackupError(f"The copy does not match the SQLite database: {listed}.")
    return result
