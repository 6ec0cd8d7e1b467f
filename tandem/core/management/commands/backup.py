"""`tandem backup [--output PATH]`: one archive of the database, secret key file and uploads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.core.backup import BackupError, backup_create
from tandem.core.management.progress import output_console, progress_bar


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite or PostgreSQL), the secret key file and the uploaded "
        "files into one archive, by default DATA_DIR/backups/tandem-backup-<time>.tar.gz. "
        "The archive holds the secret key: keep it as safe as the database."
    )

    # The checks import every view; a backup or restore needs none of them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="The archive to write, or a folder to write it into.",
        )

    def handle(self, *args: Any, output: Path | None, **options: Any) -> None:
        try:
            with progress_bar(self.stderr) as progress:
                result = backup_create(output=output, progress=progress)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        manifest = result.manifest
        tables = manifest["row_counts"]
        console = output_console(self.stdout)
        console.print(
            f"Backed up {manifest['database']['vendor']} ({len(tables)} tables, "
            f"{sum(tables.values())} rows), "
            f"{'the secret key file, ' if manifest['secret_key'] else ''}"
            f"{manifest['media_files']} uploaded file(s)."
        )
        console.print(f"{result.path} ({result.size} bytes, mode 0600)", soft_wrap=True)
