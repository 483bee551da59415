"""The Markdown snapshot of several projects: the summary table, worst first, then each project."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from drift.analysis import ProjectAnalysis
from drift.i18n import t
from drift.later import projects_text
from drift.markdown.blocks import LEFT, RIGHT, days_text, heading, light_label, overall_label, table
from drift.markdown.escape import cell, inline
from drift.markdown.snapshot import project_blocks
from drift.numbers import money_text
from drift.portfolio import PortfolioRow, SortKey, portfolio_row, roll_up, sort_rows


def worst_first(analyses: Sequence[ProjectAnalysis]) -> list[ProjectAnalysis]:
    """Reddest first and the longest slip first within a light, as `drift status` lists them; ties keep their order."""
    order = _worst_first_order(roll_up(analyses))
    return [analyses[n] for n in order]


def _worst_first_order(rows: Sequence[PortfolioRow]) -> list[int]:
    """The positions of rows, reddest first and the longest slip first within a light; ties keep their order."""
    position = {id(row): n for n, row in enumerate(rows)}
    return [position[id(row)] for row in sort_rows(sort_rows(rows, SortKey.SLIP), SortKey.LIGHT)]


def portfolio_table(analyses: Sequence[ProjectAnalysis], lang: str) -> str:
    """One row per project with its lights and headline figures, in the order given."""
    return _portfolio_table([_portfolio_cells(analysis, lang) for analysis in analyses], lang)


def _portfolio_table(rows: Iterable[Sequence[str]], lang: str) -> str:
    headers = [
        t("md.col.code", lang),
        t("md.col.name", lang),
        t("md.as_of", lang),
        t("md.overall", lang),
        t("md.schedule", lang),
        t("md.budget", lang),
        t("md.col.slip", lang),
        t("md.col.paid_of_budget", lang),
        t("md.col.trail", lang),
        t("md.col.risks", lang),
        t("md.col.flags", lang),
    ]
    return table(headers, rows, [LEFT, LEFT, LEFT, LEFT, LEFT, LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT])


def _portfolio_cells(analysis: ProjectAnalysis, lang: str) -> tuple[str, ...]:
    return (
        cell(analysis.project.code),
        cell(analysis.project.name),
        analysis.as_of.isoformat(),
        overall_label(analysis, lang),
        light_label(analysis.schedule.light, lang),
        light_label(analysis.budget.light, lang),
        days_text(analysis.schedule.completion_slip_days),
        money_text(analysis.budget.total.paid_pct_of_budget),
        money_text(analysis.budget.total.trail_points),
        str(analysis.indicators.at_risk),
        str(analysis.deviation_count),
    )


def portfolio_markdown(analyses: Sequence[ProjectAnalysis], lang: str, *, summary_only: bool = False) -> str:
    """The summary table of every project, worst first, then (unless summary_only) one section per project."""
    return "".join(portfolio_pieces(len(analyses), analyses.__getitem__, lang, summary_only=summary_only))


def portfolio_pieces(
    count: int, analysis_of: Callable[[int], ProjectAnalysis], lang: str, *, summary_only: bool = False
) -> Iterator[str]:
    """portfolio_markdown in pieces, for count projects analysed by analysis_of(n) only when each is needed.

    Each project is analysed once for the summary table (of which only its cells are kept) and once more for its
    section, written as soon as it is made: 10,000 projects hold 10,000 rows of cells and one analysis at a time,
    never 10,000 analyses or the whole document.
    """
    cells: list[tuple[str, ...]] = []
    rows: list[PortfolioRow] = []
    for n in range(count):
        analysis = analysis_of(n)
        cells.append(_portfolio_cells(analysis, lang))
        rows.append(portfolio_row(analysis))
    order = _worst_first_order(rows)
    later = projects_text([inline(rows[n].code) for n in order if rows[n].later], lang)
    del rows
    yield heading(1, t("md.portfolio", lang, count=count))
    yield "\n\n" + _portfolio_table((cells[n] for n in order), lang) + (f"\n\n{later}" if later else "")
    del cells
    if not summary_only:
        for n in order:
            for block in project_blocks(analysis_of(n), lang, level=2):
                if block:  # as document() joins blocks: empty ones are left out
                    yield "\n\n" + block
    yield "\n"
