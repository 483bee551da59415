"""The execution curve on a page: a Mermaid xychart-beta line chart, then the same points as a table."""

from __future__ import annotations

import math
from collections.abc import Sequence

from drift import tables
from drift.curve import CurvePoint
from drift.i18n import t
from drift.markdown.blocks import heading, markdown_table
from drift.markdown.escape import mermaid_label
from drift.numbers import HUNDRED, money_text
from store.model import TimeBasis

PALETTE = "#1f77b4, #999999"
"""The paid line blue, the time-progress line grey: xychart-beta has no legend, so md.curve_lines names them by colour."""


def curve_blocks(points: Sequence[CurvePoint], year: int, basis: TimeBasis, lang: str, level: int) -> list[str]:
    """The heading, the chart (from the first point whose paid share is known) with a line naming its lines and the
    time basis, and the table of every point for renderers without Mermaid."""
    drawn = charted(points)
    if not drawn:
        chart = [t("md.curve_unknown", lang)]
    else:
        chart = [mermaid_curve(drawn, year, lang), t("md.curve_lines", lang, basis=t(f"time.basis.{basis}", lang))]
        if len(drawn) < len(points):
            chart.append(t("md.curve_starts", lang, first=point_label(drawn[0])))
    return [heading(level, t("md.curve", lang)), *chart, markdown_table(tables.curve_table(points, lang), lang)]


def charted(points: Sequence[CurvePoint]) -> Sequence[CurvePoint]:
    """The points after the last one whose paid share is not known: a Mermaid line has no gaps, so the chart starts
    where paid is known and never draws an unknown point as 0."""
    unknown = [n for n, point in enumerate(points) if point.paid_pct is None]
    return points[unknown[-1] + 1 :] if unknown else points


def point_label(point: CurvePoint) -> str:
    """ "2023-06" for a month end, the whole date for the as-of date: the chart's mark of it."""
    return point.date.isoformat() if point.is_as_of else point.month


def mermaid_curve(points: Sequence[CurvePoint], year: int, lang: str) -> str:
    """An xychart-beta with the months across, percent up (to 100, or higher when paid exceeds the budget), the paid
    line first and time progress second."""
    paid = [point.paid_pct for point in points if point.paid_pct is not None]  # charted() leaves no unknown point
    top = max(100, math.ceil(max(paid, default=HUNDRED) / 10) * 10)
    init = '{"themeVariables": {"xyChart": {"plotColorPalette": "' + PALETTE + '"}}}'
    return "\n".join(
        [
            "```mermaid",
            f"%%{{init: {init}}}%%",
            "xychart-beta",
            f'    title "{mermaid_label(t("curve.title", lang, year=year))}"',
            "    x-axis [" + ", ".join(f'"{point_label(point)}"' for point in points) + "]",
            f'    y-axis "%" 0 --> {top}',
            "    line [" + ", ".join(money_text(value) for value in paid) + "]",
            "    line [" + ", ".join(money_text(point.time_pct) for point in points) + "]",
            "```",
        ]
    )
