"""`drift export`: a Markdown snapshot of a project, the portfolio, or the draft monitoring report, to stdout or a file."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from rich.text import Text

from drift.analysis import ProjectAnalysis
from drift.i18n import t
from drift.markdown import portfolio_markdown, project_markdown, report_markdown
from store.persist import Store
from tui import output
from tui.command import Command
from tui.context import Context
from tui.export_files import ExportError, check_target, write_export
from tui.status import add_filter_arguments, analyses_for, as_of_option

REPORT_TEMPLATE = "report"
"""--template report: the full monitoring analysis report in the seed's structure."""


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    """Print (or write with -o) the Markdown of the chosen projects as of a date."""
    as_of = as_of_option(args.as_of)  # before the store is read, so a typo costs nothing
    target = Path(args.output).expanduser() if args.output else None
    store = Store(ctx.store_path)
    if target is not None:
        try:
            check_target(target, ctx.lang, store)  # before the analysis, so a wrong path fails at once
        except ExportError as error:
            raise ExportError(f"-o {error}") from None
    analyses = analyses_for(args.project, as_of, ctx)
    if not analyses:
        raise ExportError(t("cli.empty_store", ctx.lang, path=ctx.store_path))
    markdown = render(analyses, ctx.lang, summary=args.summary, template=args.template, store_path=ctx.store_path)
    if target is None:
        output.write_data(markdown)
        return 0
    try:
        write_export(target, markdown, ctx.lang, store)
    except ExportError as error:
        raise ExportError(f"-o {error}") from None
    ctx.err.print(Text(t("export.written", ctx.lang, path=target)))
    return 0


def render(
    analyses: Sequence[ProjectAnalysis],
    lang: str,
    *,
    summary: bool = False,
    template: str | None = None,
    store_path: object = "",
) -> str:
    """The Markdown for the analyses: one project in full, several as a portfolio, the summary table, or the report."""
    if template == REPORT_TEMPLATE:
        if len(analyses) != 1:
            raise ExportError(t("export.report_needs_one", lang, count=len(analyses), path=store_path))
        return report_markdown(analyses[0], lang)
    if summary:
        return portfolio_markdown(analyses, lang, summary_only=True)
    if len(analyses) == 1:
        return project_markdown(analyses[0], lang)
    return portfolio_markdown(analyses, lang)


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    add_filter_arguments(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE atomically (default: standard output)")
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument("--summary", action="store_true", help="only the table of every project")
    shape.add_argument(
        "--template",
        choices=(REPORT_TEMPLATE,),
        help="report: draft the full monitoring analysis report, with marked blanks where the data has nothing",
    )


COMMANDS = [
    Command("export", "write a Markdown snapshot of a project or the portfolio", cmd_export, _export_arguments),
]
