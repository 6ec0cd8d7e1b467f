"""Small server-rendered SVG charts: no JavaScript, nothing loaded from elsewhere.

Each chart carries a <title> and <desc> for screen readers, and the pages show the same
numbers in a table beside it. Colours come from the stylesheet's palette and keep 3:1 contrast
against the white panel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.formats import number_format

PALETTE = ["#1f6f5c", "#8a5a00", "#a52a1f", "#2b6cb0", "#6b46c1", "#4f5b66"]
STATUS_COLOURS = {"green": "#1c6b2f", "amber": "#b7791f", "red": "#a52a1f", "none": "#8a9590"}


def shown(value: float, *, decimals: int | None = None) -> str:
    """A number as a reader of the active language writes it ("4,7" in German), with no
    trailing zeros unless ``decimals`` is given; coordinates stay in SVG's own notation."""
    if decimals is None:
        value = round(value, 1)
        if float(value).is_integer():
            return number_format(int(value), use_l10n=True)
        decimals = 1
    return number_format(value, decimals, use_l10n=True)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | None]
    colour: str


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2500, 5000, 10000):
        if value <= step:
            return float(step)
    return float(value)


def _frame(width: int, height: int, title: str, description: str, body: list[str]) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())[:40]
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-{slug}-title chart-{slug}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-{slug}-title">{escape(title)}</title>'
        f'<desc id="chart-{slug}-desc">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def horizontal_bars(title: str, items: Sequence[tuple[str, float, str]], *, unit: str = "") -> str:
    """One bar per (label, value, colour), longest scale first; values printed at the bar end."""
    width, bar, gap, left = 560, 22, 10, 170
    height = max(1, len(items)) * (bar + gap) + gap
    top = _nice_max(max((v for _, v, _ in items), default=0))
    body = []
    for i, (label, value, colour) in enumerate(items):
        y = gap + i * (bar + gap)
        length = (width - left - 60) * (value / top)
        body.append(
            f'<text x="{left - 8}" y="{y + bar * 0.7:.1f}" text-anchor="end" '
            f'class="chart-label">{escape(label)}</text>'
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" fill="{colour}"/>'
            f'<text x="{left + length + 6:.1f}" y="{y + bar * 0.7:.1f}" class="chart-value">'
            f"{shown(value)}{escape(unit)}</text>"
        )
    description = "; ".join(f"{label}: {shown(value)}{unit}" for label, value, _ in items)
    return _frame(width, height, title, description, body)


def stacked_columns(title: str, categories: Sequence[str], series: Sequence[Series]) -> str:
    """Columns per category, each stacked from the series (e.g. health by week)."""
    width, height, left, bottom, top_pad = 600, 240, 40, 40, 10
    plot_h = height - bottom - top_pad
    totals = [sum((s.values[i] or 0) for s in series) for i in range(len(categories))]
    top = _nice_max(max(totals, default=0))
    slot = (width - left - 10) / max(1, len(categories))
    body = [_y_axis(left, top_pad, plot_h, top, width)]
    # Past about seven columns the labels would overlap: name every other (or third) one.
    label_every = max(1, -(-len(categories) // 7))
    for i, category in enumerate(categories):
        x = left + i * slot + slot * 0.15
        y: float = top_pad + plot_h
        for s in series:
            value = s.values[i] or 0
            h = plot_h * value / top
            y -= h
            if h > 0:
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" height="{h:.1f}" '
                    f'fill="{s.colour}"><title>{escape(s.label)} {escape(category)}: '
                    f"{shown(value)}</title></rect>"
                )
        if i % label_every == 0:
            body.append(
                f'<text x="{x + slot * 0.35:.1f}" y="{height - bottom + 16}" '
                f'text-anchor="middle" class="chart-label">{escape(category)}</text>'
            )
    body.append(_legend(series, left, height - 8))
    description = "; ".join(
        f"{category}: " + ", ".join(f"{s.label} {shown(s.values[i] or 0)}" for s in series)
        for i, category in enumerate(categories)
    )
    return _frame(width, height, title, description, body)


def lines(title: str, categories: Sequence[str], series: Sequence[Series], *, y_max: float) -> str:
    """One line per series over the categories; gaps where a value is None."""
    width, height, left, bottom, top_pad = 600, 240, 40, 40, 10
    plot_h = height - bottom - top_pad
    step = (width - left - 20) / max(1, len(categories) - 1)
    body = [_y_axis(left, top_pad, plot_h, y_max, width)]
    for i, category in enumerate(categories):
        body.append(
            f'<text x="{left + i * step:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'class="chart-label">{escape(category)}</text>'
        )
    for s in series:
        points = [
            (left + i * step, top_pad + plot_h * (1 - v / y_max))
            for i, v in enumerate(s.values)
            if v is not None
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{s.colour}" stroke-width="2.5"/>'
            )
        for x, y in points:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{s.colour}"/>')
    body.append(_legend(series, left, height - 8))
    description = "; ".join(
        f"{s.label}: "
        + ", ".join(
            f"{c} {shown(v, decimals=1)}"
            for c, v in zip(categories, s.values, strict=True)
            if v is not None
        )
        for s in series
    )
    return _frame(width, height, title, description, body)


def _y_axis(left: int, top_pad: int, plot_h: float, top: float, width: int) -> str:
    parts = []
    for fraction in (0, 0.5, 1):
        y = top_pad + plot_h * (1 - fraction)
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" class="chart-grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="chart-label">'
            f"{shown(top * fraction)}</text>"
        )
    return "".join(parts)


def _legend(series: Sequence[Series], x: int, y: int) -> str:
    parts = []
    for s in series:
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{s.colour}"/>'
            f'<text x="{x + 14}" y="{y}" class="chart-label">{escape(s.label)}</text>'
        )
        x += 24 + 8 * len(s.label)
    return "".join(parts)
