"""Markdown building blocks (headings, tables, lists, lights) for cells and lines already escaped."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from pendulum import Date

from drift.analysis import ProjectAnalysis, unknown_text
from drift.i18n import t
from drift.numbers import money_text
from drift.rules import UNKNOWN_MARK, Light

LEFT, RIGHT = "left", "right"

LIGHT_MARKS = {Light.GREEN: "🟢", Light.YELLOW: "🟡", Light.RED: "🔴", Light.UNKNOWN: UNKNOWN_MARK}
"""The colour repeats the word beside it, so a renderer without emoji loses nothing; unknown has no colour."""

TICK = "✓"
"""The mark in the likelihood column of the monitoring form that applies."""


def heading(level: int, text: str) -> str:
    return f"{'#' * min(level, 6)} {text}"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str] = ()) -> str:
    """A GitHub table; every row has as many cells as there are headers."""
    aligns = list(align) or [LEFT] * len(headers)
    delimiter = ["---:" if side == RIGHT else "---" for side in aligns]
    lines = [_row(headers), _row(delimiter)]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"a row of {len(row)} cells under {len(headers)} headers")
        lines.append(_row([value or " " for value in row]))
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def bullets(items: Iterable[str], marker: str = "-") -> str:
    return "\n".join(f"{marker} {item}" for item in items)


def numbered(items: Iterable[str]) -> str:
    return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))


def bold(text: str) -> str:
    return f"**{text}**" if text else ""


def document(blocks: Iterable[str]) -> str:
    """Blocks separated by one blank line, ending in a single newline; empty blocks are left out."""
    return "\n\n".join(block for block in blocks if block) + "\n"


def light_label(light: Light, lang: str) -> str:
    return f"{LIGHT_MARKS[light]} {t(f'light.{light}', lang)}"


def overall_label(analysis: ProjectAnalysis, lang: str) -> str:
    """The overall light and the parts that are unknown: "🔴 red · schedule unknown"."""
    unknown = unknown_text(analysis, lang)
    return f"{light_label(analysis.light, lang)} · {unknown}" if unknown else light_label(analysis.light, lang)


def days_text(days: int | None) -> str:
    """A slip in days with its sign: +87, 0, -3; — when unknown."""
    return "—" if days is None else f"{days:+d}" if days else "0"


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{money_text(value)}%"


def date_text(day: Date | None) -> str:
    return day.isoformat() if day else "—"


def span_text(start: Date | None, end: Date | None) -> str:
    return f"{date_text(start)} – {date_text(end)}"
