"""What a person should do next, shown on the home page after signing in.

Core keeps only the registry. Each app contributes in its own `next_steps.py` with
`@next_steps(order=...)`, as apps declare periodic jobs, so core imports no domain app.
A contributor takes the signed-in user and returns steps; it must run a fixed number of
queries, whatever the amount of data, because the home page asks every contributor.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import autodiscover_modules

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


@dataclass(frozen=True)
class NextStep:
    title: str
    detail: str
    url: str
    action: str
    # How many things wait behind the step (applications, requests…): steps with a count are
    # the coordinator's work list; steps without are the person's own next steps.
    count: int | None = None
    # The programme a counted step belongs to: the work list shows one row per programme.
    programme: str = ""
    programme_slug: str = ""


def counted_per_programme(
    counts: Sequence[tuple[Any, int]],
    *,
    title: StrOrPromise,
    detail: StrOrPromise,
    action: StrOrPromise,
    url: Callable[[Any], str],
) -> list[NextStep]:
    """One counted step for each (programme, count): what a coordinator has waiting in each
    of their programmes. A programme is anything with a `name` and a `slug`; `url` leads from
    it to the work. The texts, lazy or not, are translated once for all the programmes (an
    operator's are dozens)."""
    if not counts:
        return []
    title, detail, action = str(title), str(detail), str(action)
    return [
        NextStep(
            title,
            detail,
            url(programme),
            action,
            count=n,
            programme=programme.name,
            programme_slug=programme.slug,
        )
        for programme, n in counts
    ]


@dataclass(frozen=True)
class ProgrammeWork:
    """One row of the coordinator's work list: what waits in one programme."""

    programme: str
    items: list[NextStep]


def work_by_programme(steps: Iterable[NextStep]) -> tuple[list[ProgrammeWork], list[NextStep]]:
    """Counted steps grouped by programme, in the programmes' name order (each programme's
    steps in the contributors' order), and the first step of each kind, whose title and
    detail say once what that kind of work is."""
    rows: dict[str, ProgrammeWork] = {}
    kinds: dict[tuple[str, str], NextStep] = {}
    for step in steps:
        row = rows.get(step.programme_slug)
        if row is None:
            row = rows[step.programme_slug] = ProgrammeWork(step.programme, [])
        row.items.append(step)
        kinds.setdefault((step.title, step.detail), step)
    ordered = sorted(rows.items(), key=lambda item: (item[1].programme.casefold(), item[0]))
    return [row for _, row in ordered], list(kinds.values())


Contributor = Callable[[Any], Iterable[NextStep]]

_CONTRIBUTORS: dict[str, tuple[int, Contributor]] = {}


def next_steps(*, order: int) -> Callable[[Contributor], Contributor]:
    """Register a contributor; lower `order` comes first on the home page."""

    def register(func: Contributor) -> Contributor:
        _CONTRIBUTORS[f"{func.__module__}.{func.__qualname__}"] = (order, func)
        return func

    return register


@functools.cache
def _discover() -> None:
    # Once per process: looking for the module in every installed app took about 2 ms of
    # each home page.
    autodiscover_modules("next_steps")


def contributors() -> list[Contributor]:
    _discover()
    return [func for _, func in sorted(_CONTRIBUTORS.values(), key=lambda entry: entry[0])]


def next_steps_for_user(user: Any) -> list[NextStep]:
    return [step for contributor in contributors() for step in contributor(user)]
