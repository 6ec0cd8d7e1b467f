"""`tandem import-people FILE.csv`: import people and their org chart (docs/import.md)."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from tandem.core.management.progress import progress_bar
from tandem.people.importing import ImportResult, people_import

EXIT_INVALID = 1
EXIT_UNREADABLE = 2


class Command(BaseCommand):
    help = (
        "Import people and their managers from a CSV file. Every row is checked first; "
        "nothing is written unless the whole file is valid. Exits 1 when the file has errors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="CSV file (UTF-8, header row).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and report what would change, without saving anything.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                f"Cannot read {path}: {exc.strerror}", returncode=EXIT_UNREADABLE
            ) from exc
        # A wide console keeps each problem on one line when the output goes to a file or CI log.
        console = Console(file=cast(IO[str], self.stdout), highlight=False, width=200)
        labels = {"validate": "Checking rows", "save": "Saving people"}
        with progress_bar(self.stderr, labels) as report:
            result = people_import(file=data, progress_callback=report, dry_run=options["dry_run"])
        if not result.ok:
            self._print_errors(console, path, result)
            raise CommandError(
                f"{len(result.errors)} problem(s) in {path}; nothing was imported.",
                returncode=EXIT_INVALID,
            )
        verb = "Would import" if result.dry_run else "Imported"
        console.print(
            f"{verb} {result.total_rows} row(s) from {path}: {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged."
        )

    def _print_errors(self, console: Console, path: Path, result: ImportResult) -> None:
        table = Table(title=f"Problems in {path}", title_justify="left")
        table.add_column("Row", justify="right")
        table.add_column("Column")
        table.add_column("Problem")
        for error in result.errors:
            table.add_row(str(error.row) if error.row else "file", error.column, error.message)
        console.print(table)
