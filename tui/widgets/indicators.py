"""The Indicators view: the three-level grid as a table, and the whole of one row on Enter."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from drift import tables
from drift.analysis import ProjectAnalysis
from drift.i18n import t
from drift.indicators import NO_LIKELIHOOD, IndicatorEvaluation
from drift.numbers import money_text
from drift.selfeval import RowScore
from tui.colours import LIGHTS, styled
from tui.screens.dialog import BOX, Dialog
from tui.widgets.moves import vim_moves
from tui.widgets.report import rich_cell


def likelihood_text(item: IndicatorEvaluation, lang: str) -> Text:
    """The likelihood's word in the look of the light it amounts to, "!" when the row is at risk."""
    key = item.indicator.likelihood
    text = styled(t(f"likelihood.{key or NO_LIKELIHOOD}", lang), LIGHTS[tables.LIKELIHOOD_LIGHTS[key]])
    if item.at_risk:
        text.append(" !", style="bold")
    return text


class IndicatorGrid(DataTable):
    """One row per indicator, level-1 and level-2 names written once per group, as the model lays it out."""

    BINDINGS = [
        Binding("enter", "select_cursor", "key.details", show=True),
        *vim_moves("cursor_down", "cursor_up", "scroll_top", "scroll_bottom"),
    ]

    def __init__(self) -> None:
        super().__init__(id="indicator-grid", cursor_type="row", zebra_stripes=True)
        self.evaluations: dict[str, IndicatorEvaluation] = {}
        self.scores: dict[str, RowScore] = {}

    def show(self, analysis: ProjectAnalysis, lang: str) -> None:
        # The likelihood's coloured word says what the form's three tick columns say, in a third of the width.
        model = tables.indicator_table(analysis, lang).without([*tables.TICK_COLUMNS, *tables.superseded(analysis)])
        selected = self.cursor_row
        self.clear(columns=True)
        for column in model.columns:
            self.add_column(column.header(lang, short=True), key=column.key)
        evaluation = analysis.self_evaluation
        self.scores = {row.indicator.id: row for row in evaluation.rows if row.indicator} if evaluation else {}
        self.evaluations = {}
        for item, row in zip(analysis.indicators.evaluations, model.rows, strict=True):
            self.evaluations[item.indicator.id] = item
            cells = [rich_cell(value, lang) for value in row.cells]
            cells[0].stylize("bold")
            self.add_row(*cells, key=item.indicator.id)
        if self.row_count:
            self.move_cursor(row=min(selected, self.row_count - 1))


class IndicatorDetail(Dialog[None]):
    """Every field of one indicator row, wrapped to the screen."""

    BINDINGS = [Binding("escape,enter,q", "dismiss", "key.back")]

    def __init__(self, item: IndicatorEvaluation, score: RowScore | None, lang: str) -> None:
        super().__init__()
        self.item = item
        self.score = score
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
            ("cause", Text(tables.cause_text(indicator, lang) or "—")),
            ("analysis", Text(indicator.analysis or "—")),
            ("remark", Text(indicator.remark or "—")),
            *self._score_rows(),
        )
        for key, value in rows:
            grid.add_row(Text(t(f"ind.{key}", lang)), value)
        with VerticalScroll(id="indicator-detail", classes=BOX):
            yield Static(grid)

    def _score_rows(self) -> tuple[tuple[str, Text], ...]:
        """At the self-evaluation: the final value against the target, the grade, the 分值 and how the 得分 came."""
        score, indicator, lang = self.score, self.item.indicator, self.lang
        if score is None:
            return ()
        grade = t(f"grade.{indicator.grade}", lang) if indicator.grade else "—"
        how = score.arithmetic if score.score else t(f"score.reason.{score.reason}", lang)
        points = score.score.text() if score.score else t("score.none", lang)
        return (
            ("final", Text(f"{indicator.final or '—'}  ({t(f'outcome.{self.item.final}', lang)})")),
            ("grade", Text(grade)),
            ("weight", Text(money_text(score.weight))),
            ("score", Text(f"{points}  ({how})")),
        )
