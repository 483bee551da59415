"""One table model per section (schedule, budget, money records, indicators, the score, portfolio, flags): its columns and cells, which renderers only present."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import Protocol, TypeVar

from msgspec import Struct, field
from msgspec.structs import replace
from pendulum import Date

from drift.analysis import ProjectAnalysis, unknown_parts_text
from drift.budget import BudgetLine, figures_text, source_names
from drift.curve import CurvePoint
from drift.dates import shown_date, shown_month
from drift.flags import describe
from drift.i18n import code_text, t
from drift.indicators import NO_LIKELIHOOD, IndicatorEvaluation
from drift.money import Figure
from drift.numbers import money_text
from drift.portfolio import PortfolioRow
from drift.rules import Light
from drift.schedule import PhaseSchedule
from drift.selfeval import RowScore, SelfEvaluation
from store.model import WHOLE_PROJECT, Indicator, Likelihood


class Align(StrEnum):
    """Where a column's cells sit."""

    LEFT = "left"
    RIGHT = "right"
    """Figures: money, percentages, days, counts."""


class Column(Struct, frozen=True):
    """A column: its key, the message key of its header, its alignment and whether its cells may wrap."""

    key: str
    label: str
    align: Align = Align.LEFT
    wrap: bool = True
    short: str = ""
    """The message key of a narrower header where a terminal needs one (Start Δd for Start slip (days)); else label."""
    group: str = ""
    """Where a renderer splits the table (the terminal's money and rates tables), the part the column belongs to."""

    values: tuple[tuple[str, str], ...] = ()
    """What the header's message fills in: the period of "1–9月指标完成情况"."""

    def header(self, lang: str, *, short: bool = False) -> str:
        return t(self.short if short and self.short else self.label, lang, **dict(self.values))


class Status(Struct, frozen=True):
    """A word standing for a light (a phase's status): coloured in a terminal, marked on a page."""

    text: str
    light: Light


class Span(Struct, frozen=True):
    """A planned span of dates; each renderer writes it as its width allows."""

    start: Date | None
    end: Date | None


class Dated(Struct, frozen=True):
    """A date that has happened (actual) or is a forecast; None when there is none."""

    day: Date | None
    actual: bool


class Overall(Struct, frozen=True):
    """A project's overall light and the parts that are unknown, in words ("" when every part is known)."""

    light: Light
    unknown: str


NOT_GIVEN = "—"
"""A cell with no entry; a cell left "" is blank by layout (a level name written above it, an unticked column)."""

CellValue = str | Light | Status | Span | Dated | Overall
"""Plain text (a person's words or drift's figures and words, in the language asked), or a value the renderer
presents: a light as its word with a mark or a colour, a status, a span, a dated value, the overall light."""


PresentedT = TypeVar("PresentedT", covariant=True)


class Presenter(Protocol[PresentedT]):
    """How a renderer presents each kind of cell value (Rich text, a Markdown string)."""

    def text(self, value: str) -> PresentedT: ...
    def light(self, value: Light) -> PresentedT: ...
    def status(self, value: Status) -> PresentedT: ...
    def span(self, value: Span) -> PresentedT: ...
    def dated(self, value: Dated) -> PresentedT: ...
    def overall(self, value: Overall) -> PresentedT: ...


def present(value: CellValue, presenter: Presenter[PresentedT]) -> PresentedT:
    """A cell as presenter presents its kind of value."""
    if isinstance(value, Light):  # a Light is a str too: it must be told apart first
        return presenter.light(value)
    if isinstance(value, str):
        return presenter.text(value)
    if isinstance(value, Status):
        return presenter.status(value)
    if isinstance(value, Span):
        return presenter.span(value)
    if isinstance(value, Dated):
        return presenter.dated(value)
    return presenter.overall(value)


class Row(Struct, frozen=True):
    """One row's cells, under the table's columns in order."""

    cells: tuple[CellValue, ...]
    total: bool = False
    """The total row: its first cell empty, for the renderer to name in bold."""


class Table(Struct, frozen=True):
    """A section's table: every renderer draws every column, except those it names and gives a reason for."""

    title: str
    """The message key of its title."""
    columns: tuple[Column, ...]
    rows: tuple[Row, ...] = field(default=())

    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    def without(self, keys: Iterable[str]) -> Table:
        """The table without the columns of keys: what a renderer leaves out (it says why where it calls this)."""
        left_out = set(keys)
        unknown = left_out - set(self.keys())
        if unknown:
            raise KeyError(f"no such column: {sorted(unknown)}")
        return self._picked([n for n, column in enumerate(self.columns) if column.key not in left_out])

    def ordered(self, first: Sequence[str]) -> Table:
        """The columns of first in that order, then every other column in the model's order: a renderer's own order
        never loses a column added to the model."""
        keys = self.keys()
        return self._picked([keys.index(key) for key in first] + [n for n, key in enumerate(keys) if key not in first])

    def group(self, name: str) -> Table:
        """The columns of one group, with the ungrouped ones (the row names) first."""
        return self.without(column.key for column in self.columns if column.group not in ("", name))

    def _picked(self, positions: Sequence[int]) -> Table:
        """The columns at positions, in that order, with the same cells of every row."""
        return replace(
            self,
            columns=tuple(self.columns[n] for n in positions),
            rows=tuple(replace(row, cells=tuple(row.cells[n] for n in positions)) for row in self.rows),
        )


def days_text(days: int | None) -> str:
    """A slip in days with its sign: +87, 0, -3; — when unknown."""
    return "—" if days is None else f"{days:+d}" if days else "0"


def date_text(day: Date | None) -> str:
    return shown_date(day) if day else "—"


def span_text(start: Date | None, end: Date | None) -> str:
    return f"{date_text(start)} – {date_text(end)}"


# Schedule ---------------------------------------------------------------------------------------------------------

SCHEDULE_COLUMNS = (
    Column("phase", "col.phase"),
    Column("planned", "col.planned", wrap=False),
    Column("actual", "md.col.actual"),
    Column("forecast", "md.col.forecast"),
    Column("start", "status.col.start", wrap=False),
    Column("finish", "status.col.finish", wrap=False),
    Column("start_slip", "md.col.start_slip", Align.RIGHT, short="status.col.start_slip"),
    Column("finish_slip", "md.col.finish_slip", Align.RIGHT, short="status.col.finish_slip"),
    Column("status", "col.status"),
)


def schedule_table(analysis: ProjectAnalysis, lang: str) -> Table:
    """One row per phase: the planned span, what happened, the forecast, the start and finish slips, the status."""
    rows = tuple(
        Row(
            (
                item.phase.name,
                Span(item.phase.planned_start, item.phase.planned_end),
                actual_text(item, lang),
                forecast_text(item, lang),
                Dated(item.start, item.start_is_actual),
                Dated(item.finish, item.finish_is_actual),
                days_text(item.start_slip_days),
                days_text(item.finish_slip_days),
                Status(t(f"phase.{item.status}", lang), item.light),
            )
        )
        for item in analysis.schedule.phases
    )
    return Table("md.schedule", SCHEDULE_COLUMNS, rows)


def actual_text(item: PhaseSchedule, lang: str) -> str:
    """What actually happened to a phase: its actual span, or the day it started or finished; — when nothing."""
    start = item.start if item.start_is_actual else None
    finish = item.finish if item.finish_is_actual else None
    if start and finish:
        return span_text(start, finish)
    if finish:
        return t("md.finished_on", lang, date=shown_date(finish))
    if start:
        return t("md.started_on", lang, date=shown_date(start))
    return "—"


def forecast_text(item: PhaseSchedule, lang: str) -> str:
    """What is forecast for a phase not finished: its span, or the day it finishes; — once finished."""
    if item.finish_is_actual:
        return "—"
    if item.start_is_actual:
        return t("md.finishes_on", lang, date=shown_date(item.finish))
    return span_text(item.start, item.finish)


# Budget -----------------------------------------------------------------------------------------------------------

MONEY, RATES = "money", "rates"

BUDGET_COLUMNS = (
    Column("source", "col.source"),
    Column("budget", "md.col.budget", Align.RIGHT, short="status.col.budget", group=MONEY),
    Column("allocated", "md.col.allocated", Align.RIGHT, short="status.col.allocated", group=MONEY),
    Column("paid", "md.col.paid", Align.RIGHT, short="status.col.paid", group=MONEY),
    Column("forecast", "md.col.forecast_spend", Align.RIGHT, group=MONEY),
    Column("remaining", "status.col.remaining", Align.RIGHT, group=MONEY),
    Column("needed", "status.col.needed", Align.RIGHT, group=MONEY),
    Column(
        "paid_of_allocated", "md.col.paid_of_allocated", Align.RIGHT, short="status.col.paid_of_allocated", group=RATES
    ),
    Column("paid_of_budget", "md.col.paid_of_budget", Align.RIGHT, short="status.col.paid_of_budget", group=RATES),
    Column("time_progress", "md.col.time_progress", Align.RIGHT, group=RATES),
    Column("trail", "md.col.trail", Align.RIGHT, short="status.col.trail", group=RATES),
    Column("light", "col.light", wrap=False, group=RATES),
    Column("figures", "col.figures", wrap=False, group=RATES),
)


def budget_table(analysis: ProjectAnalysis, lang: str) -> Table:
    """Per funding source and in total: the money in 万元, both execution rates, time progress, the gap, the light
    and the plain figures behind it."""
    budget = analysis.budget

    def row(line: BudgetLine, name: str, *, total: bool = False) -> Row:
        figures = tuple(
            money_text(amount)
            if amount is not None
            else t("budget.not_split" if figure in line.not_split else "budget.not_known", lang)
            for figure, amount in ((Figure.ALLOCATED, line.allocated), (Figure.PAID, line.paid))
        )
        amounts = (
            line.forecast,
            line.remaining_to_pay,
            line.needed_per_month,
            line.paid_pct_of_allocated,
            line.paid_pct_of_budget,
            budget.time.percent,
            line.trail_points,
        )
        # Money of the whole project has no budget of its own: it counts in the total, and its "—" says no more.
        whole = line.source == WHOLE_PROJECT
        unsaid = line.annual_budget is None and not whole
        cells = (
            name,
            t("budget.not_said", lang) if unsaid else money_text(line.annual_budget),
            *figures,
            *(money_text(amount) for amount in amounts),
            line.light,
            t("budget.in_total_only", lang) if whole else figures_text(line, budget.time, lang),
        )
        return Row(cells, total=total)

    # The total row's name is each renderer's own word (the terminal's is also the word of the flag sentences).
    whole = budget.whole_project
    names = source_names(analysis.project, lang)
    rows = (
        *(row(line, names.get(line.source or "", line.name)) for line in budget.sources),
        *((row(whole, t("money.whole_project", lang)),) if whole is not None else ()),
        row(budget.total, "", total=True),
    )
    return Table("md.budget_heading", BUDGET_COLUMNS, rows)


# Money records ----------------------------------------------------------------------------------------------------

ALLOCATION_COLUMNS = (
    Column("date", "md.col.date", wrap=False),
    Column("day", "md.col.day_of_year", Align.RIGHT, wrap=False, short="budget.col.day"),
    Column("source", "col.source"),
    Column("amount", "md.col.amount", Align.RIGHT, wrap=False),
    Column("document", "md.col.document"),
    Column("note", "md.col.note"),
)

PAYMENT_COLUMNS = (
    Column("date", "md.col.date", wrap=False),
    Column("source", "col.source"),
    Column("amount", "md.col.amount", Align.RIGHT, wrap=False),
    Column("voucher", "md.col.voucher"),
    Column("note", "md.col.note"),
)

REPORTED_COLUMNS = (
    Column("date", "md.col.reported_date", wrap=False),
    Column("source", "col.source"),
    Column("allocated", "md.col.allocated", Align.RIGHT, wrap=False, short="status.col.allocated"),
    Column("paid", "md.col.paid", Align.RIGHT, wrap=False, short="status.col.paid"),
    Column("reference", "md.col.reference"),
    Column("note", "md.col.note"),
)


def allocation_table(analysis: ProjectAnalysis, lang: str) -> Table:
    """The allocations known as of the date: when (and which day of the budget year: an advance allocation of the
    year before is marked so), from which source, how much, and the notice's number."""
    names = source_names(analysis.project, lang)
    rows = tuple(
        Row(
            (
                shown_date(timing.allocation.date),
                str(timing.day_of_year) if timing.day_of_year > 0 else t("budget.advance", lang),
                names.get(timing.allocation.source, timing.allocation.source),
                money_text(timing.allocation.amount),
                timing.allocation.document,
                timing.allocation.note,
            )
        )
        for timing in analysis.budget.allocations
    )
    return Table("md.allocations", ALLOCATION_COLUMNS, rows)


def payment_table(analysis: ProjectAnalysis, lang: str) -> Table:
    """The payments known as of the date; one paid after the budget year (carried-over money) is marked so."""
    names = source_names(analysis.project, lang)
    year = analysis.project.budget_year
    rows = tuple(
        Row(
            (
                shown_date(payment.date),
                names.get(payment.source, payment.source),
                money_text(payment.amount),
                payment.voucher,
                " ".join(
                    part
                    for part in (t("budget.carried_over_paid", lang) if payment.date.year > year else "", payment.note)
                    if part
                ),
            )
        )
        for payment in analysis.budget.payments
    )
    return Table("md.payments", PAYMENT_COLUMNS, rows)


def reported_table(analysis: ProjectAnalysis, lang: str) -> Table:
    """The cumulative figures reports state, known as of the date: what each says was allocated and paid by then."""
    names = source_names(analysis.project, lang)
    not_said = t("budget.not_said", lang)
    rows = tuple(
        Row(
            (
                shown_date(figure.date),
                names.get(figure.source, figure.source),
                not_said if figure.allocated is None else money_text(figure.allocated),
                not_said if figure.paid is None else money_text(figure.paid),
                figure.reference or NOT_GIVEN,
                figure.note or NOT_GIVEN,
            )
        )
        for figure in analysis.budget.reported
    )
    return Table("md.reported", REPORTED_COLUMNS, rows)


# Portfolio --------------------------------------------------------------------------------------------------------

PORTFOLIO_COLUMNS = (
    Column("code", "col.code", wrap=False),
    Column("name", "col.name"),
    Column("as_of", "md.as_of", wrap=False, short="col.status_date"),
    Column("light", "md.overall", wrap=False, short="col.light"),
    Column("schedule", "md.schedule", wrap=False),
    Column("budget", "md.budget", wrap=False),
    Column("slip", "md.col.slip", Align.RIGHT, wrap=False, short="status.col.slip"),
    Column("paid_of_budget", "md.col.paid_of_budget", Align.RIGHT, wrap=False),
    Column("trail", "md.col.trail", Align.RIGHT, wrap=False, short="status.col.trail"),
    Column("risks", "col.risks", Align.RIGHT, wrap=False, short="status.col.risks"),
    Column("flags", "col.flags", Align.RIGHT, wrap=False),
)


def portfolio_cells(row: PortfolioRow, lang: str) -> Row:
    """One project's cells under PORTFOLIO_COLUMNS, from its headline row alone."""
    return Row(
        (
            code_text(row.code, row.code_made, lang),
            row.name,
            shown_date(row.as_of),
            Overall(row.light, unknown_parts_text(row.unknown, lang)),
            row.schedule_light,
            row.budget_light,
            days_text(row.schedule_slip_days),
            money_text(row.paid_pct_of_budget),
            money_text(row.execution_trail_points),
            str(row.indicator_risks),
            str(row.flag_count),
        )
    )


def portfolio_table(rows: Iterable[PortfolioRow], lang: str) -> Table:
    """One row per project, in the order given (drift.portfolio.worst_first_order gives the usual one)."""
    return Table("md.overall", PORTFOLIO_COLUMNS, tuple(portfolio_cells(row, lang) for row in rows))


# Execution curve --------------------------------------------------------------------------------------------------

CURVE_COLUMNS = (
    Column("month", "curve.col.month", wrap=False),
    Column("date", "curve.col.date", wrap=False),
    Column("paid", "curve.col.paid", Align.RIGHT, wrap=False, short="curve.col.paid_short"),
    Column("time_progress", "curve.col.time", Align.RIGHT, wrap=False, short="curve.col.time_short"),
    Column("allocated", "curve.col.allocated", Align.RIGHT, wrap=False, short="curve.col.allocated_short"),
)


def curve_table(points: Sequence[CurvePoint], lang: str) -> Table:
    """The points of a project's execution curve (drift.curve.project_curve): paid ÷ budget, time progress and
    allocated ÷ budget at each month end and the as-of date, — where a share is not known."""
    rows = tuple(
        Row(
            (
                shown_month(point.date),
                t("curve.as_of_date", lang, date=shown_date(point.date)) if point.is_as_of else shown_date(point.date),
                money_text(point.paid_pct),
                money_text(point.time_pct),
                money_text(point.allocated_pct),
            )
        )
        for point in points
    )
    return Table("md.curve", CURVE_COLUMNS, rows)


# Earned value -----------------------------------------------------------------------------------------------------

EARNED_VALUE_FIGURES = ("BAC", "percent_complete", "PV", "EV", "AC", "SV", "CV", "SPI", "CPI", "EAC")


def earned_value_table(analysis: ProjectAnalysis, lang: str) -> Table:
    """PV, EV, AC and what follows from them in one row; — where the data does not allow a figure."""
    value = analysis.earned_value
    figures = (
        value.budget_at_completion,
        value.percent_complete,
        value.planned_value,
        value.earned_value,
        value.actual_cost,
        value.schedule_variance,
        value.cost_variance,
        value.spi,
        value.cpi,
        value.estimate_at_completion,
    )
    columns = tuple(
        Column(key, f"ev.{key}", Align.RIGHT, wrap=False)
        if key.isupper()
        else Column(key, "md.percent_complete", Align.RIGHT, wrap=False, short="status.ev.percent_complete")
        for key in EARNED_VALUE_FIGURES
    )
    return Table("md.earned_value", columns, (Row(tuple(money_text(amount) for amount in figures)),))


# Indicators and the self-evaluation -----------------------------------------------------------------------------

TICK = "✓"
"""The mark of a ticked column of the official forms."""

LIKELIHOODS = (Likelihood.CERTAIN, Likelihood.POSSIBLE, Likelihood.IMPOSSIBLE)
"""The form's three likelihood columns, in its order."""

LIKELIHOOD_LIGHTS = {
    Likelihood.CERTAIN: Light.GREEN,
    Likelihood.POSSIBLE: Light.YELLOW,
    Likelihood.IMPOSSIBLE: Light.RED,
    None: Light.UNKNOWN,
}
"""A likelihood looks like the light it amounts to; the word always says it too (确定能 / 有可能 / 完全不可能)."""

TICK_COLUMNS = tuple(str(likelihood) for likelihood in LIKELIHOODS)
"""The likelihood as the form ticks it; a renderer shows these or the likelihood's word, not both."""

SCORE_COLUMNS = ("final", "weight", "score")
"""The self-evaluation's columns, in the grid only when the project is in its self-evaluation."""


def superseded(analysis: ProjectAnalysis) -> tuple[str, ...]:
    """The grid's columns a screen may leave out at this stage: at the self-evaluation the year is over, and the
    final value replaces the value to date, the forecast and its odds (the row's details still show them)."""
    return ("to_date", "forecast", "likelihood") if analysis.self_evaluation else ()


def indicator_table(analysis: ProjectAnalysis, lang: str, period: str = "") -> Table:
    """The three-level grid as the monitoring form lays it out, level names written where they change, and at the
    self-evaluation the final value, 分值 and 得分 of each row. period names the span of the value to date."""
    evaluation = analysis.self_evaluation
    scores = {row.indicator.id: row for row in evaluation.rows if row.indicator} if evaluation else {}
    columns = (
        Column("level1", "md.form.level1", short="ind.level1"),
        Column("level2", "md.form.level2", short="ind.level2"),
        Column("level3", "md.form.level3", short="ind.level3"),
        Column("target", "md.form.target", short="ind.target"),
        Column("to_date", "md.form.to_date", short="ind.to_date", values=(("period", period),)),
        Column("forecast", "md.form.forecast", short="ind.forecast"),
        *(
            (
                Column("final", "ind.final"),
                Column("weight", "ind.weight", Align.RIGHT, wrap=False),
                Column("score", "ind.score", Align.RIGHT, wrap=False),
            )
            if evaluation
            else ()
        ),
        Column("outcome", "ind.outcome" if evaluation else "status.col.outcome", wrap=False),
        Column("likelihood", "ind.likelihood", wrap=False),
        Column("cause", "md.form.cause", short="ind.cause"),
        *(Column(key, f"md.form.{key}", wrap=False) for key in TICK_COLUMNS),
        Column("remark", "md.form.remark", short="ind.remark"),
    )
    rows = []
    previous = ("", "")
    for item in analysis.indicators.evaluations:
        indicator = item.indicator
        group = (indicator.level1, indicator.level2)
        likelihood = t(f"likelihood.{indicator.likelihood or NO_LIKELIHOOD}", lang)
        score = scores.get(indicator.id)
        rows.append(
            Row(
                (
                    indicator.level1 if group[0] != previous[0] else "",
                    indicator.level2 if group != previous else "",
                    indicator.level3,
                    indicator.target.text,
                    indicator.to_date or NOT_GIVEN,
                    indicator.forecast or NOT_GIVEN,
                    *(_score_cells(indicator.final or NOT_GIVEN, score, lang) if evaluation else ()),
                    outcome_text(item, score, lang),
                    Status(f"{likelihood} !" if item.at_risk else likelihood, LIKELIHOOD_LIGHTS[indicator.likelihood]),
                    cause_text(indicator, lang),
                    *(TICK if indicator.likelihood is likelihood else "" for likelihood in LIKELIHOODS),
                    indicator.remark,
                )
            )
        )
        previous = group
    return Table("md.indicators", columns, tuple(rows))


def outcome_text(item: IndicatorEvaluation, row: RowScore | None, lang: str) -> str:
    """What the row comes to: at the self-evaluation (row given) a word target's grade (recorded, or as its points
    fall), else the final value against the target (no data while it has none); before it the forecast's."""
    if row is None:
        return t(f"outcome.{item.forecast}", lang)
    if row.grade is not None:
        return t(f"grade.{row.grade}", lang)
    return t(f"outcome.{item.final}", lang)


def cause_text(indicator: Indicator, lang: str) -> str:
    """The deviation cause with the form's ticked headings before it: "经费保障、其他：资金未到位"."""
    headings = ("、" if lang == "zh" else ", ").join(t(f"cause.{kind}", lang) for kind in indicator.cause_kinds)
    cause = indicator.deviation_cause.strip()
    if headings and cause:
        return t("md.labelled", lang, label=headings, value=cause)
    return headings or cause


def _score_cells(final: str, row: RowScore | None, lang: str) -> tuple[str, str, str]:
    if row is None:  # pragma: no cover - every indicator has a row of the self-evaluation
        return (final, "—", "—")
    return (final, money_text(row.weight), row.score.text() if row.score else t("score.none", lang))


SCORE_TABLE_COLUMNS = (
    Column("item", "score.item"),
    Column("weight", "ind.weight", Align.RIGHT, wrap=False),
    Column("score", "ind.score", Align.RIGHT, wrap=False),
    Column("how", "score.how"),
)


def score_table(evaluation: SelfEvaluation, lang: str) -> Table:
    """The self-evaluation's score, row by row with its arithmetic (or why it cannot be given), then the total."""

    def row(name: str, item: RowScore) -> Row:
        how = item.arithmetic if item.score else t(f"score.reason.{item.reason}", lang)
        return Row((name, money_text(item.weight), item.score.text() if item.score else t("score.none", lang), how))

    total = evaluation.total
    grades = " / ".join(t(f"score_grade.{grade}", lang) for grade in evaluation.grades)
    rows = (
        row(t("score.budget_row", lang), evaluation.budget_row),
        *(row(item.indicator.level3, item) for item in evaluation.rows if item.indicator),
        Row(("", money_text(evaluation.maximum), total.text() if total else t("score.none", lang), grades), total=True),
    )
    return Table("score.title", SCORE_TABLE_COLUMNS, rows)


def score_headline(evaluation: SelfEvaluation, lang: str) -> str:
    """The score and grade in one line: "88.62 / 100 · 良"; what is missing when it cannot be given."""
    if evaluation.total is None:
        missing = sum(item.score is None for item in (evaluation.budget_row, *evaluation.rows))
        return t("score.headline_unknown", lang, count=missing)
    grades = " / ".join(t(f"score_grade.{grade}", lang) for grade in evaluation.grades)
    out_of = money_text(evaluation.maximum) if evaluation.maximum is not None else "—"
    provisional = t("score.provisional", lang) if evaluation.budget.provisional else ""
    key = "score.headline" if grades else "score.headline_ungraded"  # 分值 not adding up to 100 give no grade
    return t(key, lang, total=evaluation.total.text(), maximum=out_of, grade=grades) + provisional


# Flags ------------------------------------------------------------------------------------------------------------

FLAG_COLUMNS = (Column("level", "col.light", wrap=False), Column("message", "md.flags"))


def flag_table(analysis: ProjectAnalysis, lang: str, prefix: str = "") -> Table:
    """Every flag whose code starts with prefix, in the analysis's order: its light and its sentence."""
    rows = tuple(Row((item.level, describe(item, lang))) for item in analysis.flags if item.code.startswith(prefix))
    return Table("md.flags", FLAG_COLUMNS, rows)
