"""`tandem restore PATH [--yes]`: replace this install's data with a backup's."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.core.backup import BackupError, backup_verify, database_holds_data
from tandem.core.management.progress import counts_table, output_console, progress_bar
from tandem.core.restore import backup_restore, restore_check_target


def interactive() -> bool:
    return sys.stdin.isatty() and os.environ.get("CI", "").lower() not in ("1", "true")


class Command(BaseCommand):
    help = (
        "Restore an archive made by `tandem backup` into the configured database, with its "
        "secret key file and uploads. The archive is checked whole first; a database that "
        "already holds data is replaced only with --yes (or a typed confirmation). Stop the "
        "app servers, workers and schedulers first."
    )

    # The checks import every view; a backup or restore needs none of them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="A tandem-backup-*.tar.gz file.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the configured database even though it already holds data.",
        )

    def handle(self, *args: Any, archive: Path, yes: bool, **options: Any) -> None:
        data_dir = Path(settings.DATA_DIR)
        try:
            with tempfile.TemporaryDirectory(dir=data_dir, prefix=".restore-") as work:
                with progress_bar(self.stderr) as progress:
                    progress("Checking the archive", 0, 1)
                    verified = backup_verify(archive=archive, workdir=Path(work))
                    restore_check_target(verified)
                    progress("Checking the archive", 1, 1)
                if not yes:
                    self._confirm(database_holds_data())
                with progress_bar(self.stderr) as progress:
                    progress("Restoring", 0, 1)
                    result = backup_restore(verified=verified)
                    progress("Restoring", 1, 1)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        console = output_console(self.stdout)
        rows = [(c.table, c.expected, c.found) for c in result.counts]
        console.print(counts_table("Rows per table", rows, ("In the backup", "Restored")))
        manifest = verified.manifest
        console.print(
            f"Restored the {manifest['database']['vendor']} database of "
            f"{manifest['created_at']} (Tandem {manifest['tandem_version']}): "
            f"{len(rows)} tables, {sum(c.expected for c in result.counts)} rows, "
            f"{result.media_files} uploaded file(s)."
        )
        if result.secret_key_file:
            console.print(f"The secret key file is back in {result.secret_key_file}.")
            if getattr(settings, "SECRET_KEY_FROM_ENV", False):
                console.print(
                    "SECRET_KEY is set, so the key file is not used: sessions and links signed "
                    "before the backup hold only if SECRET_KEY is the backup's key."
                )

    def _confirm(self, tables: dict[str, int]) -> None:
        if not tables:
            return
        rows = sum(tables.values())
        question = (
            f"The configured database already holds data ({rows} rows in {len(tables)} "
            "tables). Restoring replaces it."
        )
        if not interactive():
            raise CommandError(f"{question} Add --yes to replace it; nothing was changed.")
        self.stdout.write(question)
        if input("Type 'yes' to replace it: ").strip().lower() != "yes":
            raise CommandError("Not restored; nothing was changed.")
