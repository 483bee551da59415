"""The Budget view: paid against time per source, the money tables, the execution curve, allocations and payments."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from drift import tables
from drift.analysis import ProjectAnalysis
from drift.budget import Basis, BudgetLine, TimeProgress, overspend_text, time_text
from drift.curve import project_curve
from drift.i18n import t
from drift.later import MONEY
from drift.numbers import money_text
from drift.rules import Light
from tui.colours import BARS, LIGHTS, styled
from tui.widgets.curve import CurveChart
from tui.widgets.report import budget_table, earned_value_table, later_lines, light_text, rich_table

BAR_WIDTH = 20
"""Cells in a paid-against-time bar; each cell is 5 % of the annual budget."""

PAID, UNPAID, TIME_MARK = "█", "·", "┃"


def progress_bar(paid_pct: Decimal | None, time_pct: Decimal, light: Light) -> Text:
    """Paid as a filled bar in its line's light with the time progress marked: the gap between them is the drift."""
    filled = min(BAR_WIDTH, int((paid_pct or 0) * BAR_WIDTH / 100))
    mark = min(BAR_WIDTH - 1, int(time_pct * BAR_WIDTH / 100))
    cells = [PAID if i < filled else UNPAID for i in range(BAR_WIDTH)]
    if cells[mark] == UNPAID:
        cells[mark] = TIME_MARK
    return Text.assemble("[", ("".join(cells[:filled]), BARS[light]), ("".join(cells[filled:]), "dim"), "]")


def _bar_row(name: Text, line: BudgetLine, time: TimeProgress, lang: str) -> tuple[Text, ...]:
    rate = line.execution_pct
    light = light_text(line.light, lang)
    overspend = overspend_text(line, lang)
    if overspend:
        light.append(f" {overspend}", style=LIGHTS[Light.RED])
    if line.basis is Basis.ALLOCATED:
        light.append(f" {t('budget.basis.allocated', lang)}", style="dim")
    # A rate that is not known draws no bar at all: an empty bar would read as nothing paid.
    bar = progress_bar(rate, time.percent, line.light) if rate is not None else Text(t("budget.not_known", lang))
    return (name, bar, Text(f"{money_text(rate)}% / {time.percent}%"), light)


def budget_view(analysis: ProjectAnalysis, lang: str) -> RenderableType:
    """Everything about the money as of the analysis date."""
    budget = analysis.budget
    bars = Table.grid(padding=(0, 1))
    bars.add_column(overflow="fold", min_width=6)
    bars.add_column(no_wrap=True)
    bars.add_column(justify="right")
    bars.add_column(no_wrap=True)
    for line in budget.sources:
        bars.add_row(*_bar_row(Text(line.name), line, budget.time, lang))
    bars.add_row(*_bar_row(Text(t("budget.total", lang), style="bold"), budget.total, budget.time, lang))
    legend = Text.assemble(
        PAID,
        f" {t('budget.bar_paid', lang)}  ",
        TIME_MARK,
        f" {t('status.time_progress', lang, progress=time_text(budget.time, lang))}",
        style="dim",
    )
    curve = CurveChart(
        project_curve(analysis.project, analysis.as_of, analysis.rules),
        analysis.project.budget_year,
        analysis.as_of,
        analysis.rules.time_basis,
        lang,
    )
    return Group(
        Text(t("budget.bars_title", lang), style="bold"),
        bars,
        legend,
        Text(),
        budget_table(analysis, lang),
        Text(),
        # The figures first, where a glance lands; the picture of the year under them.
        curve,
        Text(),
        _allocations(analysis, lang),
        Text(),
        _payments(analysis, lang),
        _reported(analysis, lang),
        Text(),
        earned_value_table(analysis, lang),
    )


def _allocations(analysis: ProjectAnalysis, lang: str) -> RenderableType:
    title = Text(t("budget.allocations", lang), style="bold")
    if not analysis.budget.allocations:
        stated = analysis.budget.allocations_stated
        return Group(
            title, Text(t("common.none" if stated else "flag.budget.allocations_not_stated", lang), style="dim")
        )
    # The note is left out: the notice's number says where the money came from, and a terminal has no room for both.
    return rich_table(tables.allocation_table(analysis, lang).without(("note",)), lang, title)


def _payments(analysis: ProjectAnalysis, lang: str) -> RenderableType:
    payments = analysis.budget.payments
    title = Text(t("budget.payments", lang), style="bold")
    later = later_lines(analysis, lang, MONEY)
    if not payments:
        nothing = styled(t("budget.no_payments", lang, date=analysis.as_of), LIGHTS[analysis.budget.light])
        return Group(title, nothing, *later)
    return Group(rich_table(tables.payment_table(analysis, lang), lang, title), *later)


def _reported(analysis: ProjectAnalysis, lang: str) -> RenderableType:
    if not analysis.budget.reported:
        return Group()
    title = Text(t("md.reported", lang), style="bold")
    return Group(Text(), rich_table(tables.reported_table(analysis, lang), lang, title))
