"""The official forms as models: the monitoring table (监控表) and the self-evaluation table (自评表), cell by cell."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum

from msgspec import Struct, field
from pendulum import Date

from drift.analysis import ProjectAnalysis
from drift.budget import BudgetLine
from drift.i18n import MESSAGES, t
from drift.numbers import HUNDRED, cents, percent
from drift.selfeval import Points, RowScore, SelfEvaluation, year_paid
from store.model import CauseKind, Indicator, Likelihood, Project, SourceKind

# The labels of the forms, as message keys (drift/i18n.py): the form import finds its cells by them in either
# language (label_matches), so a form drift writes and a form an office fills are read by one list.
MONITORING_TITLE = "official.monitoring.title"
SELF_EVALUATION_TITLE = "official.self_evaluation.title"
MONITORING_SHEET = "official.monitoring.sheet"
SELF_EVALUATION_SHEET = "official.self_evaluation.sheet"
NAME = "official.name"
CODE = "official.code"
DEPARTMENT = "official.department"
UNIT = "official.unit"
MONEY = "official.money"
INITIAL_BUDGET = "official.initial_budget"
ANNUAL_BUDGET = "official.annual_budget"
PAID_MONTHS = "official.paid_months"
"""1–{month}月执行数: paid up to the as-of date in the budget year."""
PAID_UNTIL = "official.paid_until"
"""截至{date}执行数: paid up to an as-of date outside the budget year."""
RATE = "official.rate"
FORECAST_PAID = "official.forecast_paid"
CAUSE = "md.form.cause"
LIKELIHOOD = "official.likelihood"
REMARK = "md.form.remark"
TOTAL_FUNDS = "official.total_funds"
GOAL = "official.goal"
PROGRESS = "official.progress"
LEVEL1 = "md.form.level1"
LEVEL2 = "md.form.level2"
LEVEL3 = "md.form.level3"
TARGET = "md.form.target"
TO_DATE_MONTHS = "official.to_date_months"
TO_DATE_UNTIL = "official.to_date_until"
FORECAST = "official.forecast"
CAUSE_KINDS: dict[CauseKind, str] = {kind: f"cause.{kind}" for kind in CauseKind}
"""The ticked deviation-cause columns, in the form's order."""
CAUSE_TEXT = "official.cause_text"
"""原因说明: the indicator's deviation cause in words, beside the ticked headings."""
LIKELIHOODS: dict[Likelihood, str] = {
    Likelihood.CERTAIN: "md.form.certain",
    Likelihood.POSSIBLE: "md.form.possible",
    Likelihood.IMPOSSIBLE: "md.form.impossible",
}
"""The ticked likelihood columns, in the form's order."""
PAID_YEAR = "official.paid_year"
WEIGHT = "official.weight"
SCORE = "official.score"
FISCAL = "official.fiscal"
CARRIED_IN = "official.carried_in"
OTHER_FUNDS = "official.other_funds"
OVERALL_GOAL = "official.overall_goal"
ACHIEVED = "official.achieved"
FINAL = "official.final"
CAUSE_MEASURES = "official.cause_measures"
TOTAL = "official.total"
GRADES = "score_grade.{grade}"
"""优 / 良 / 中 / 差 by drift.selfeval.ScoreGrade's value."""

FISCAL_KINDS = frozenset(
    {
        SourceKind.CENTRAL,
        SourceKind.PROVINCIAL,
        SourceKind.MUNICIPAL,
        SourceKind.COUNTY,
        SourceKind.LOCAL,
        SourceKind.SPECIAL_BONDS,
    }
)
"""The sources the self-evaluation table counts as 本年财政拨款; the rest (social capital, self-raised, other) are
its 其他资金. 上年结转资金 is money carried in from the year before, which drift does not record: Funding.carried_over
is the carry-over out of the budget year, so that line stays empty."""

TICK = "✓"


AS_EXPORTED = "drift"
"""A hidden sheet of every value drift wrote into a workbook, by sheet and cell: a form read back changes only the
cells someone filled in (a rate or 得分 left as drift computed it is no claim of the department's)."""


def labels(key: str) -> tuple[str, ...]:
    """The label of key in every language (placeholders left as written): what the form import may find."""
    return tuple(MESSAGES[key])  # one text per language, in drift.i18n.LANGUAGES's order


def label_matches(key: str, text: str) -> bool:
    """Whether a cell's text is key's label in some language, any {placeholder} standing for any text; spaces and
    the dash people type for – (1-9月) do not matter."""
    wanted = _squeezed(text)
    for label in labels(key):
        parts = re.split(r"\{[a-z_]+\}", _squeezed(label))
        if re.fullmatch(".+?".join(re.escape(part) for part in parts), wanted):
            return True
    return False


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("-", "–").replace("—", "–")


class FormKind(StrEnum):
    """Which official table a sheet is."""

    MONITORING = "monitoring"
    SELF_EVALUATION = "self_evaluation"


class CellKind(StrEnum):
    """What a cell holds, which says how it is written: its number format, font and border."""

    TITLE = "title"
    """The form's name and period above the table: large, centred, no border."""
    LABEL = "label"
    """A heading printed on the form: bold, centred."""
    TEXT = "text"
    """Words from the records: a name, a target as written, a remark."""
    MONEY = "money"
    """万元, two decimals."""
    PERCENT = "percent"
    """A fraction shown as a percentage with two decimals: 0.8621 is 86.21%."""
    POINTS = "points"
    """分值 and 得分, two decimals."""
    TICK = "tick"
    """✓ where a heading applies, else empty."""


NUMBER_FORMATS: dict[CellKind, str] = {
    CellKind.MONEY: "#,##0.00",
    CellKind.PERCENT: "0.00%",
    CellKind.POINTS: "0.00",
}
"""The number format of each kind of figure; text, labels and ticks are written as they are."""


class FormCell(Struct, frozen=True):
    """One cell: its value (None: not stated, an empty cell, never 0) and its kind."""

    value: Decimal | str | None = None
    kind: CellKind = CellKind.TEXT
    note: str = ""
    """How drift came to the value (a score's arithmetic), written as the cell's comment."""


class Merge(Struct, frozen=True):
    """Cells merged into one, counted from 1 and inclusive as a spreadsheet counts them; the value is top-left."""

    top: int
    left: int
    bottom: int
    right: int


class FormSheet(Struct, frozen=True):
    """One official table as a sheet: every row as wide as widths, the cells a merge covers empty of its kind."""

    kind: FormKind
    title: str
    """The sheet's name (at most 31 characters, unique in its workbook)."""
    code: str
    """The project's code."""
    rows: tuple[tuple[FormCell, ...], ...]
    merges: tuple[Merge, ...]
    widths: tuple[int, ...]
    """Each column's width in characters; the sheet prints on A4 landscape scaled to its width."""
    header_rows: tuple[int, ...] = ()
    """The rows of the indicator grid's heading, repeated on every printed page."""


class _Grid(Struct):
    """A sheet being laid out: cells put at (row, column), merged over a range."""

    width: int
    rows: list[list[FormCell]] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)

    @property
    def next_row(self) -> int:
        return len(self.rows) + 1

    def put(self, row: int, column: int, cell: FormCell, *, right: int = 0, bottom: int = 0) -> None:
        """cell at (row, column), merged to (bottom, right) when given; the covered cells take its kind."""
        right, bottom = right or column, bottom or row
        while len(self.rows) < bottom:
            self.rows.append([FormCell() for _ in range(self.width)])
        for r in range(row, bottom + 1):
            for c in range(column, right + 1):
                self.rows[r - 1][c - 1] = cell if (r, c) == (row, column) else FormCell(None, cell.kind)
        if (bottom, right) != (row, column):
            self.merges.append(Merge(row, column, bottom, right))

    def line(self, *spans: tuple[int, FormCell]) -> int:
        """A new row of cells, each spanning the given number of columns; its number."""
        row, column = self.next_row, 1
        for span, cell in spans:
            self.put(row, column, cell, right=column + span - 1)
            column += span
        return row

    def sheet(self, kind: FormKind, title: str, code: str, widths: Sequence[int], header: Sequence[int]) -> FormSheet:
        return FormSheet(
            kind=kind,
            title=title,
            code=code,
            rows=tuple(tuple(row) for row in self.rows),
            merges=tuple(self.merges),
            widths=tuple(widths),
            header_rows=tuple(header),
        )


def _label(key: str, lang: str, **values: object) -> FormCell:
    return FormCell(t(key, lang, **values), CellKind.LABEL)


def _text(text: str) -> FormCell:
    """A person's words; blank is not stated, an empty cell."""
    return FormCell(text if text.strip() else None, CellKind.TEXT)


def _money(amount: Decimal | None) -> FormCell:
    return FormCell(amount, CellKind.MONEY)


def _rate(percent: Decimal | None) -> FormCell:
    """A rate drift keeps in percent (86.21) as the fraction a percentage cell holds (0.8621), to two decimals of
    the percent as drift rounds every rate."""
    return FormCell(None if percent is None else cents(percent) / HUNDRED, CellKind.PERCENT)


def _tick(ticked: bool) -> FormCell:
    return FormCell(TICK if ticked else None, CellKind.TICK)


def in_budget_year(analysis: ProjectAnalysis) -> bool:
    """Whether the as-of date falls in the project's budget year, where the forms count 1–N月."""
    return analysis.as_of.year == analysis.project.budget_year


def _period(analysis: ProjectAnalysis, lang: str) -> str:
    """The span the monitoring table covers: 2023年1–9月, or 截至 a date outside the budget year."""
    as_of, year = analysis.as_of, analysis.project.budget_year
    if not in_budget_year(analysis):
        return t("md.until", lang, date=as_of.isoformat())
    return t("period.month" if as_of.month == 1 else "period.months", lang, year=year, month=as_of.month)


def _to_month(analysis: ProjectAnalysis, lang: str, months_key: str, until_key: str) -> FormCell:
    """A heading that names the span to the as-of date: 1–9月执行数 when it ends a month of the budget year, else
    截至2023-09-28执行数: a form read back dates 1–9月 on 30 September, so a day before it must say its own date."""
    as_of = analysis.as_of
    if in_budget_year(analysis) and as_of == as_of.end_of("month"):
        return _label(months_key, lang, month=as_of.month)
    # No money of the year moves after the end of the next (store.codec.money_years): the figures of a later day
    # are those of that end, and dated so the form reads back within the years its money may be dated in.
    last = Date(analysis.project.budget_year + 1, 12, 31)
    return _label(until_key, lang, date=min(as_of, last).isoformat())


# The monitoring table: 16 columns, the indicator grid's (A–P); the blocks above it span them, the money block's
# rate and forecast two narrow tick columns each (G:H, I:J) so that they print as wide as the figures beside them.
_MONITORING_WIDTHS = (10, 10, 18, 12, 12, 12, 6, 6, 6, 8, 6, 20, 7, 7, 7, 16)
_M_WIDTH = len(_MONITORING_WIDTHS)


def monitoring_sheet(analysis: ProjectAnalysis, lang: str, title: str) -> FormSheet:
    """项目支出绩效目标执行监控表 of one project as of the analysis's date."""
    project = analysis.project
    grid = _Grid(_M_WIDTH)
    _heading(grid, project, t(MONITORING_TITLE, lang), _period(analysis, lang), (2, 7, 2, 5), lang)
    grid.line(
        (3, _label(MONEY, lang)),
        (1, _label(INITIAL_BUDGET, lang)),
        (1, _label(ANNUAL_BUDGET, lang)),
        (1, _to_month(analysis, lang, PAID_MONTHS, PAID_UNTIL)),
        (2, _label(RATE, lang)),
        (2, _label(FORECAST_PAID, lang)),
        (2, _label(CAUSE, lang)),
        (3, _label(LIKELIHOOD, lang)),
        (1, _label(REMARK, lang)),
    )
    budget = analysis.budget
    sources = project.funding.sources
    every_forecast = bool(sources) and all(source.forecast is not None for source in sources)
    forecast = sum((s.forecast for s in sources if s.forecast is not None), Decimal(0)) if every_forecast else None
    _money_line(grid, _label(TOTAL_FUNDS, lang), budget.total, project.funding.initial_budget, forecast)
    for line in budget.sources:
        _money_line(grid, _text(line.name), line, None, line.forecast)
    grid.line(
        (3, _label(GOAL, lang)),
        (5, _text(project.annual_goal)),
        (2, _label(PROGRESS, lang)),
        (6, _text(project.progress_summary)),
    )
    header = _indicator_heading(grid, analysis, lang)
    _indicator_rows(grid, [(indicator, _monitoring_cells(indicator)) for indicator in project.indicators])
    return grid.sheet(FormKind.MONITORING, title, project.code, _MONITORING_WIDTHS, header)


def _heading(
    grid: _Grid,
    project: Project,
    title: str,
    period: str,
    spans: tuple[int, int, int, int],
    lang: str,
    after: str = "",
) -> None:
    """The form's name, its period (then after), and the project's name, code, department and implementing unit,
    each label and value spanning the given columns."""
    grid.line((grid.width, FormCell(title, CellKind.TITLE)))
    grid.line((grid.width, FormCell(t("official.period", lang, period=period) + after, CellKind.TITLE)))
    for (first, first_value), (second, second_value) in (
        ((NAME, project.name), (CODE, project.code)),
        ((DEPARTMENT, project.department), (UNIT, project.implementing_unit)),
    ):
        label, value, other_label, other_value = spans
        grid.line(
            (label, _label(first, lang)),
            (value, _text(first_value)),
            (other_label, _label(second, lang)),
            (other_value, _text(second_value)),
        )


def _money_line(
    grid: _Grid, label: FormCell, line: BudgetLine, initial: Decimal | None, forecast: Decimal | None
) -> None:
    """A line of the money block: the budgets, paid to the as-of date, paid ÷ annual budget, the year's forecast."""
    grid.line(
        (3, label),
        (1, _money(initial)),
        (1, _money(line.annual_budget)),
        (1, _money(line.paid)),
        (2, _rate(line.paid_pct_of_budget)),
        (2, _money(forecast)),
        (2, _text("")),
        (3, _text("")),
        (1, _text("")),
    )


def _indicator_heading(grid: _Grid, analysis: ProjectAnalysis, lang: str) -> list[int]:
    """The grid's two heading rows: the single headings merged down, the ticked groups across."""
    top = grid.next_row
    for column, cell in enumerate(
        (
            _label(LEVEL1, lang),
            _label(LEVEL2, lang),
            _label(LEVEL3, lang),
            _label(TARGET, lang),
            _to_month(analysis, lang, TO_DATE_MONTHS, TO_DATE_UNTIL),
            _label(FORECAST, lang),
        ),
        start=1,
    ):
        grid.put(top, column, cell, bottom=top + 1)
    grid.put(top, 7, _label(CAUSE, lang), right=12)
    grid.put(top, 13, _label(LIKELIHOOD, lang), right=15)
    grid.put(top, 16, _label(REMARK, lang), bottom=top + 1)
    below = [*(_label(key, lang) for key in CAUSE_KINDS.values()), _label(CAUSE_TEXT, lang)]
    below += [_label(key, lang) for key in LIKELIHOODS.values()]
    for column, cell in enumerate(below, start=7):
        grid.put(top + 1, column, cell)
    return [top, top + 1]


def _monitoring_cells(indicator: Indicator) -> list[FormCell]:
    """The cells right of the level names: target, to date, forecast, ticked causes, the cause, likelihood, remark."""
    return [
        _text(indicator.target.text),
        _text(indicator.to_date),
        _text(indicator.forecast),
        *(_tick(kind in indicator.cause_kinds) for kind in CAUSE_KINDS),
        _text(indicator.deviation_cause),
        *(_tick(indicator.likelihood is likelihood) for likelihood in LIKELIHOODS),
        _text(indicator.remark),
    ]


def _indicator_rows(grid: _Grid, rows: Sequence[tuple[Indicator, Sequence[FormCell]]]) -> None:
    """One row per indicator, its level names then its cells; a level-1 or level-2 name shared by consecutive rows
    merged down, as the forms do."""
    first = grid.next_row
    for indicator, cells in rows:
        grid.line(
            (1, _text(indicator.level1)),
            (1, _text(indicator.level2)),
            (1, _text(indicator.level3)),
            *((1, cell) for cell in cells),
        )
    indicators = [indicator for indicator, _ in rows]
    _merge_runs(grid, first, [i.level1 for i in indicators], [i.level1 for i in indicators], 1)
    _merge_runs(grid, first, [i.level2 for i in indicators], [(i.level1, i.level2) for i in indicators], 2)


def _merge_runs(grid: _Grid, first: int, names: Sequence[str], keys: Sequence[object], column: int) -> None:
    """Merge the column down over each run of consecutive rows with one key (a level-2 run ends with its level 1)."""
    start = 0
    for index in range(1, len(keys) + 1):
        if index == len(keys) or keys[index] != keys[start]:
            if index - start > 1:
                grid.put(first + start, column, _text(names[start]), bottom=first + index - 1)
            start = index


def sheet_name(label: str, code: str, taken: set[str]) -> str:
    """A sheet name Excel accepts, unique among taken (compared case-blind), which it joins: label and code, at most
    31 characters, none of []:*?/\\ (replaced by _)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", f"{label} {code}".strip())[:31]
    name, number = base, 1
    while name.casefold() in taken:
        number += 1
        suffix = f"~{number}"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name.casefold())
    return name


def form_sheets(analyses: Sequence[ProjectAnalysis], lang: str) -> tuple[FormSheet, ...]:
    """Every project's monitoring table, each followed by its self-evaluation table when it is in one; with one
    project the sheets are named by their table alone."""
    taken: set[str] = set()
    sheets = []
    for analysis in analyses:
        project = analysis.project
        code = "" if len(analyses) == 1 else project.code
        sheets.append(monitoring_sheet(analysis, lang, sheet_name(t(MONITORING_SHEET, lang), code, taken)))
        evaluation = analysis.self_evaluation  # None unless the project is in its self-evaluation
        if evaluation is not None:
            title = sheet_name(t(SELF_EVALUATION_SHEET, lang), code, taken)
            sheets.append(self_evaluation_sheet(analysis, evaluation, lang, title))
    return tuple(sheets)


# The self-evaluation table: 8 columns, the indicator grid's (A–H); the money block's labels span A–B.
_SELF_EVALUATION_WIDTHS = (12, 14, 20, 14, 14, 10, 12, 30)
_S_WIDTH = len(_SELF_EVALUATION_WIDTHS)


def self_evaluation_sheet(analysis: ProjectAnalysis, evaluation: SelfEvaluation, lang: str, title: str) -> FormSheet:
    """项目支出绩效自评表 of one project: budget execution, each indicator's 分值 and 得分, the total and its grade."""
    project = analysis.project
    grid = _Grid(_S_WIDTH)
    year = t("official.year", lang, year=project.budget_year)
    provisional = t("score.provisional", lang) if evaluation.budget.provisional else ""
    _heading(grid, project, t(SELF_EVALUATION_TITLE, lang), year, (2, 3, 1, 2), lang, provisional)
    grid.line(
        (2, _label(MONEY, lang)),
        (1, _label(INITIAL_BUDGET, lang)),
        (1, _label(ANNUAL_BUDGET, lang)),
        # Before the year's end the figure is what was paid so far, dated as such: never read back as the year's.
        (1, _label(PAID_UNTIL, lang, date=analysis.as_of.isoformat()) if provisional else _label(PAID_YEAR, lang)),
        *((1, _label(key, lang)) for key in (WEIGHT, RATE, SCORE)),
    )
    budget, row = evaluation.budget, evaluation.budget_row
    grid.line(
        (2, _label(TOTAL_FUNDS, lang)),
        (1, _money(budget.initial_budget)),
        (1, _money(budget.annual_budget)),
        (1, _money(budget.paid)),
        (1, _points_figure(row.weight)),
        (1, _rate(budget.rate)),
        (1, _score(row, lang)),
    )
    sources = project.funding.sources
    fiscal = [source.id for source in sources if source.kind in FISCAL_KINDS]
    _group_line(grid, _label(FISCAL, lang), analysis, fiscal)
    _group_line(grid, _label(CARRIED_IN, lang), analysis, [])
    _group_line(grid, _label(OTHER_FUNDS, lang), analysis, [s.id for s in sources if s.kind not in FISCAL_KINDS])
    grid.line(
        (2, _label(OVERALL_GOAL, lang)),
        (3, _text(project.annual_goal)),
        (1, _label(ACHIEVED, lang)),
        (2, _text(project.progress_summary)),
    )
    header = grid.line(
        *((1, _label(key, lang)) for key in (LEVEL1, LEVEL2, LEVEL3, TARGET, FINAL, WEIGHT, SCORE, CAUSE_MEASURES))
    )
    scored = [(row.indicator, row) for row in evaluation.rows if row.indicator is not None]
    _indicator_rows(grid, [(indicator, _scored_cells(indicator, row, lang)) for indicator, row in scored])
    # A band across a grade floor allows two grades: both are written, as the score table does ("良 / 中").
    grade = " / ".join(t(GRADES.format(grade=grade), lang) for grade in evaluation.grades)
    grid.line(
        (5, _label(TOTAL, lang)),
        (1, _points_figure(evaluation.maximum)),
        (1, _points(evaluation.total)),
        (1, FormCell(grade or None, CellKind.LABEL)),
    )
    return grid.sheet(FormKind.SELF_EVALUATION, title, project.code, _SELF_EVALUATION_WIDTHS, [header])


def _scored_cells(indicator: Indicator, row: RowScore, lang: str) -> list[FormCell]:
    """The cells right of the level names: target, final value, 分值, 得分 (with its arithmetic), the cause."""
    return [
        _text(indicator.target.text),
        _text(indicator.final),
        _points_figure(row.weight),
        _score(row, lang),
        _text(indicator.deviation_cause),
    ]


def _group_line(grid: _Grid, label: FormCell, analysis: ProjectAnalysis, sources: Sequence[str]) -> None:
    """A line of 年度资金总额 made of some sources: their budgets and the year's paid added up where every one is known,
    else empty; no 年初预算数, 分值 or 得分 (the form gives those for the total only)."""
    project = analysis.project
    budgets = {source.id: source.annual_budget for source in project.funding.sources}
    annual = _sum([budgets[source] for source in sources])
    paid = _sum([year_paid(project, analysis.as_of, source) for source in sources])
    rate = None if annual is None or paid is None else percent(paid, annual)
    grid.line(
        (2, label),
        (1, _money(None)),
        (1, _money(annual)),
        (1, _money(paid)),
        (1, FormCell(None, CellKind.POINTS)),
        (1, _rate(rate)),
        (1, FormCell(None, CellKind.POINTS)),
    )


def _sum(amounts: Sequence[Decimal | None]) -> Decimal | None:
    """The amounts added up; None when there are none or any is not known (a part unknown leaves the whole so)."""
    if not amounts or any(amount is None for amount in amounts):
        return None
    return sum((amount for amount in amounts if amount is not None), Decimal(0))


def _points(points: Points | None) -> FormCell:
    """得分: a number when exact, the band as text ("6.00–8.00") when a qualitative grade gives one, empty when not
    known."""
    if points is None:
        return FormCell(None, CellKind.POINTS)
    return _points_figure(points.low) if points.exact else FormCell(points.text(), CellKind.POINTS)


def _points_figure(points: Decimal | None) -> FormCell:
    """分值 or 得分 to two decimals, as the score table shows them (a share of 50 among 6 is 8.33)."""
    return FormCell(None if points is None else cents(points), CellKind.POINTS)


def _score(row: RowScore, lang: str) -> FormCell:
    """A row's 得分 with, as the cell's note, its arithmetic or why it cannot be given."""
    note = row.arithmetic if row.score is not None else t(f"score.reason.{row.reason}", lang) if row.reason else ""
    return FormCell(_points(row.score).value, CellKind.POINTS, note)
