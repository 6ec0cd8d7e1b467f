"""`tandem move-to-postgres --to postgres://...`: carry a SQLite install to PostgreSQL."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.core.backup import BackupError
from tandem.core.management.progress import counts_table, output_console, progress_bar
from tandem.core.move import database_move_to_postgres


class Command(BaseCommand):
    help = (
        "Copy this install's SQLite database into a new, empty PostgreSQL database: migrate "
        "it, copy every table, reset its sequences and compare the row counts. Stop the app "
        "servers, workers and schedulers first; then set DATABASE_URL to the new database."
    )
    # The checks import every view; the move needs none of them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            required=True,
            metavar="URL",
            help="The PostgreSQL database: postgres://user:password@host:5432/name",
        )

    def handle(self, *args: Any, to: str, **options: Any) -> None:
        try:
            with progress_bar(self.stderr) as progress:
                result = database_move_to_postgres(to=to, progress=progress)
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        console = output_console(self.stdout)
        rows = [(t.table, t.expected, t.found) for t in result.tables]
        console.print(counts_table("Rows per table", rows, ("SQLite", "PostgreSQL")))
        console.print(f"Copied {result.rows} rows in {len(result.tables)} tables to PostgreSQL.")
        if result.left_behind:
            console.print(
                "Tables no installed app uses were left behind: " + ", ".join(result.left_behind)
            )
        console.print(
            "Next: set DATABASE_URL to the new database for every process, keep "
            "TANDEM_DATA_DIR (it holds the secret key file and the uploads), and start them."
        )
