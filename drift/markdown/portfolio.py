"""The Markdown snapshot of several projects: the summary table, worst first, then each project."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from drift import tables
from drift.analysis import ProjectAnalysis
from drift.dates import dates_written_for
from drift.i18n import t
from drift.later import projects_text
from drift.markdown.blocks import heading, markdown_table
from drift.markdown.escape import inline
from drift.markdown.snapshot import MARKDOWN_LEFT_OUT, project_blocks
from drift.portfolio import PortfolioRow, roll_up, worst_first_order


def worst_first(analyses: Sequence[ProjectAnalysis]) -> list[ProjectAnalysis]:
    """Reddest first and the longest slip first within a light, as `drift status` lists them; ties keep their order."""
    return [analyses[n] for n in worst_first_order(roll_up(analyses))]


def portfolio_table(analyses: Sequence[ProjectAnalysis], lang: str) -> str:
    """One row per project with its lights and headline figures, in the order given."""
    return _portfolio_table(roll_up(analyses), lang)


def _portfolio_table(rows: Iterable[PortfolioRow], lang: str) -> str:
    with dates_written_for(lang):
        return markdown_table(tables.portfolio_table(rows, lang).without(MARKDOWN_LEFT_OUT["portfolio"]), lang)


def portfolio_markdown(analyses: Sequence[ProjectAnalysis], lang: str, *, summary_only: bool = False) -> str:
    """The summary table of every project, worst first, then (unless summary_only) one section per project."""
    sections = None if summary_only else analyses.__getitem__
    return "".join(portfolio_pieces(roll_up(analyses), lang, sections))


def portfolio_pieces(
    rows: Sequence[PortfolioRow], lang: str, sections: Callable[[int], ProjectAnalysis] | None = None
) -> Iterator[str]:
    """portfolio_markdown in pieces: the summary table of rows (the projects' headline rows, in their order), then
    the section of each project, worst first, analysed by sections(n) only when it is written; none without sections.

    10,000 projects hold their 10,000 headline rows and one analysis at a time, never 10,000 analyses or the whole
    document.
    """
    order = worst_first_order(rows)
    later = projects_text([inline(rows[n].code) for n in order if rows[n].later], lang)
    yield heading(1, t("md.portfolio", lang, count=len(rows)))
    yield "\n\n" + _portfolio_table((rows[n] for n in order), lang) + (f"\n\n{later}" if later else "")
    if sections is not None:
        for n in order:
            # Without the execution curve: its budget analysis per month end would double the time of a large export.
            for block in project_blocks(sections(n), lang, level=2, curve=False):
                if block:  # as document() joins blocks: empty ones are left out
                    yield "\n\n" + block
    yield "\n"
