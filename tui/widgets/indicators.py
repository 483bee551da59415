"""The Indicators view: the three-level grid as a table, and the whole of one row on Enter."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from drift.i18n import t
from drift.indicators import NO_LIKELIHOOD, IndicatorAnalysis, IndicatorEvaluation
from drift.rules import Light
from tui.colours import LIGHTS, styled
from tui.screens.dialog import BOX, Dialog

LIKELIHOOD_STYLES = {
    "certain": LIGHTS[Light.GREEN],
    "possible": LIGHTS[Light.YELLOW],
    "impossible": LIGHTS[Light.RED],
    NO_LIKELIHOOD: "dim",
}
"""A likelihood looks like the light it amounts to: the look repeats the word (确定能 / 有可能 / 完全不可能)."""

COLUMNS = ("level1", "level2", "level3", "target", "to_date", "forecast", "likelihood", "cause", "remark")


def likelihood_text(item: IndicatorEvaluation, lang: str) -> Text:
    key = str(item.indicator.likelihood) if item.indicator.likelihood else NO_LIKELIHOOD
    text = styled(t(f"likelihood.{key}", lang), LIKELIHOOD_STYLES[key])
    if item.at_risk:
        text.append(" !", style="bold")
    return text


class IndicatorGrid(DataTable):
    """One row per indicator, level-1 and level-2 names written once per group."""

    BINDINGS = [Binding("enter", "select_cursor", "key.details", show=True)]

    def __init__(self) -> None:
        super().__init__(id="indicator-grid", cursor_type="row", zebra_stripes=True)
        self.evaluations: dict[str, IndicatorEvaluation] = {}

    def show(self, analysis: IndicatorAnalysis, lang: str) -> None:
        selected = self.cursor_row
        self.clear(columns=True)
        for column in COLUMNS:
            self.add_column(t(f"ind.{column}", lang), key=column)
        self.evaluations = {}
        previous = ("", "")
        for item in analysis.evaluations:
            indicator = item.indicator
            group = (indicator.level1, indicator.level2)
            level1 = indicator.level1 if group[0] != previous[0] else ""
            level2 = indicator.level2 if group != previous else ""
            previous = group
            self.evaluations[indicator.id] = item
            self.add_row(
                Text(level1, style="bold"),
                Text(level2),
                Text(indicator.level3),
                Text(indicator.target.text),
                Text(indicator.to_date or "—"),
                Text(indicator.forecast or "—"),
                likelihood_text(item, lang),
                Text(indicator.deviation_cause or "—"),
                Text(indicator.remark, overflow="ellipsis"),
                key=indicator.id,
            )
        if self.row_count:
            self.move_cursor(row=min(selected, self.row_count - 1))


class IndicatorDetail(Dialog[None]):
    """Every field of one indicator row, wrapped to the screen."""

    BINDINGS = [Binding("escape,enter,q", "dismiss", "key.back")]

    def __init__(self, item: IndicatorEvaluation, lang: str) -> None:
        super().__init__()
        self.item = item
        self.lang = lang

    def compose(self) -> ComposeResult:
        indicator, lang = self.item.indicator, self.lang
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        rows = (
            ("level1", Text(indicator.level1)),
            ("level2", Text(indicator.level2)),
            ("level3", Text(indicator.level3)),
            ("target", Text(indicator.target.text)),
            ("to_date", Text(f"{indicator.to_date or '—'}  ({t(f'outcome.{self.item.to_date}', lang)})")),
            ("forecast", Text(f"{indicator.forecast or '—'}  ({t(f'outcome.{self.item.forecast}', lang)})")),
            ("likelihood", likelihood_text(self.item, lang)),
            ("cause", Text(indicator.deviation_cause or "—")),
            ("analysis", Text(indicator.analysis or "—")),
            ("remark", Text(indicator.remark or "—")),
        )
        for key, value in rows:
            grid.add_row(Text(t(f"ind.{key}", lang)), value)
        with VerticalScroll(id="indicator-detail", classes=BOX):
            yield Static(grid)
