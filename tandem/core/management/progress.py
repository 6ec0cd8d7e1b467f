"""The progress bar the operator's commands (backup, restore, move-to-postgres, import) show."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import IO, Any, cast

from django.core.management.base import OutputWrapper
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tandem.core.backup import Progress as ProgressCallback


@contextmanager
def progress_bar(
    stderr: OutputWrapper, labels: Mapping[str, str] | None = None
) -> Iterator[ProgressCallback]:
    """A callback for a service's `progress`, drawn on stderr and gone when the step ends.

    Each step shows under its name, or under `labels[step]` when given.
    """
    console = Console(file=cast(IO[str], stderr), highlight=False)
    with Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        tasks: dict[str, Any] = {}

        def report(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = progress.add_task((labels or {}).get(step, step), total=total)
            progress.update(tasks[step], completed=done, total=total)

        yield report


def output_console(stdout: OutputWrapper) -> Console:
    # Wide, so a table keeps one row per line when the output goes to a file or a CI log.
    return Console(file=cast(IO[str], stdout), highlight=False, width=120)


def counts_table(
    title: str, rows: Sequence[tuple[str, int, int | None]], labels: tuple[str, str]
) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("Table")
    table.add_column(labels[0], justify="right")
    table.add_column(labels[1], justify="right")
    table.add_column("")
    for name, expected, actual in rows:
        table.add_row(
            name,
            str(expected),
            "-" if actual is None else str(actual),
            "ok" if expected == actual else "DIFFERS",
        )
    return table
