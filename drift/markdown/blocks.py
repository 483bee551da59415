"""Markdown building blocks (headings, tables, lists, lights) for cells and lines already escaped."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from drift import tables
from drift.analysis import ProjectAnalysis, unknown_text
from drift.dates import shown_date
from drift.i18n import t
from drift.markdown.escape import cell
from drift.numbers import money_text
from drift.rules import UNKNOWN_MARK, Light
from drift.tables import date_text, span_text

LEFT, RIGHT = "left", "right"

LIGHT_MARKS = {Light.GREEN: "🟢", Light.YELLOW: "🟡", Light.RED: "🔴", Light.UNKNOWN: UNKNOWN_MARK}
"""The colour repeats the word beside it, so a renderer without emoji loses nothing; unknown has no colour."""


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


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{money_text(value)}%"


def markdown_table(model: tables.Table, lang: str) -> str:
    """A model table as Markdown: its headers in full, each cell as markdown_cell presents it, the total in bold."""
    rows = []
    for row in model.rows:
        cells = [markdown_cell(value, lang) for value in row.cells]
        if row.total:
            cells[0] = bold(t("md.total", lang))
        rows.append(cells)
    return table([column.header(lang) for column in model.columns], rows, [column.align for column in model.columns])


def markdown_cell(value: tables.CellValue, lang: str) -> str:
    """A model's cell as Markdown: text escaped, a light as its mark and word, a forecast date with ≈."""
    return tables.present(value, _MarkdownCells(lang))


class _MarkdownCells:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def text(self, value: str) -> str:
        return cell(value) if value else ""  # a model's "" is a cell left blank, as the form's merged ones

    def light(self, value: Light) -> str:
        return light_label(value, self.lang)

    def status(self, value: tables.Status) -> str:
        return f"{LIGHT_MARKS[value.light]} {cell(value.text)}"

    def span(self, value: tables.Span) -> str:
        return span_text(value.start, value.end)

    def dated(self, value: tables.Dated) -> str:
        return date_text(value.day) if value.actual or value.day is None else f"≈{shown_date(value.day)}"

    def overall(self, value: tables.Overall) -> str:
        label = light_label(value.light, self.lang)
        return f"{label} · {value.unknown}" if value.unknown else label
