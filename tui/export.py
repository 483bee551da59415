"""`drift export`: a Markdown snapshot of a project, the portfolio, or the draft monitoring report, or the official
forms as Excel (--format xlsx), to stdout or a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.text import Text

from drift.analysis import ProjectAnalysis
from drift.i18n import t
from drift.markdown import portfolio_pieces, project_markdown, report_markdown
from store.backend import open_store
from tui import output
from tui.command import Command
from tui.context import Context
from tui.export_files import ExportError, check_target, write_export
from tui.status import add_filter_arguments, analysis_of, as_of_option, portfolio_rows, selected

REPORT_TEMPLATE = "report"
"""--template report: the full monitoring analysis report in the seed's structure."""

MARKDOWN, XLSX = "markdown", "xlsx"
"""--format: Markdown (the default), or the monitoring and self-evaluation tables as an Excel workbook."""


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    """Print (or write with -o) the Markdown or the workbook of the chosen projects as of a date."""
    as_of = as_of_option(args.as_of)  # before the store is read, so a typo costs nothing
    # "-o -" is standard output, as for any filter; never a file named "-".
    target = Path(args.output).expanduser() if args.output and args.output != "-" else None
    xlsx = export_format(args, target) == XLSX
    if xlsx:
        _check_xlsx_arguments(args, target, ctx.lang)
    store = open_store(ctx.store_path, environ=ctx.environ)
    if target is not None:
        try:
            check_target(target, ctx.lang, store)  # before the analysis, so a wrong path fails at once
        except ExportError as error:
            raise ExportError(f"-o {error}") from None
        if xlsx and target.suffix.lower() != ".xlsx":  # a workbook named x.md would open as garbage
            raise ExportError(t("export.xlsx_name", ctx.lang, path=target))
    read, store_rules, projects = selected(args.project, ctx)
    if not projects:
        raise ExportError(t("cli.empty_store", ctx.lang, path=ctx.store_name))

    def analysis(n: int) -> ProjectAnalysis:
        return analysis_of(projects[n], as_of, store_rules)

    content: str | bytes
    if xlsx:
        from tui.xlsx import forms_workbook  # openpyxl loads only for an Excel export

        content = forms_workbook([analysis(n) for n in range(len(projects))], ctx.lang)
    elif args.template == REPORT_TEMPLATE:
        if len(projects) != 1:
            raise ExportError(t("export.report_needs_one", ctx.lang, count=len(projects), path=ctx.store_name))
        content = report_markdown(analysis(0), ctx.lang)
    elif len(projects) == 1 and not args.summary:
        content = project_markdown(analysis(0), ctx.lang)
    else:  # the summary from the projects' headlines, each project's section analysed when it is written
        rows = portfolio_rows(read, store_rules, projects, as_of, ctx)
        content = "".join(portfolio_pieces(rows, ctx.lang, None if args.summary else analysis))
    if target is None:
        if isinstance(content, bytes):
            output.write_binary(content)
        else:
            output.write_data(content)
        return 0
    try:
        write_export(target, content, ctx.lang, store)
    except ExportError as error:
        raise ExportError(f"-o {error}") from None
    ctx.err.print(Text(t("export.written", ctx.lang, path=target)))
    return 0


def export_format(args: argparse.Namespace, target: Path | None) -> str:
    """--format as given; without it, xlsx for an -o FILE.xlsx, else Markdown."""
    if args.format:
        return str(args.format)
    return XLSX if target is not None and target.suffix.lower() == ".xlsx" else MARKDOWN


def _check_xlsx_arguments(args: argparse.Namespace, target: Path | None, lang: str) -> None:
    """Refuse what a workbook cannot be: a summary, the report draft, or bytes on a terminal."""
    for given, option in ((args.summary, "--summary"), (args.template, "--template")):
        if given:
            raise ExportError(t("export.xlsx_shape", lang, option=option))

    if target is None and output.stdout_is_terminal():
        raise ExportError(t("export.xlsx_to_terminal", lang))


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    add_filter_arguments(parser)
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE atomically (default: standard output)")
    parser.add_argument(
        "--format",
        choices=(MARKDOWN, XLSX),
        help="markdown (default), or xlsx: the monitoring and self-evaluation tables as Excel (the default for"
        " -o FILE.xlsx; never to a terminal)",
    )
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument("--summary", action="store_true", help="only the table of every project")
    shape.add_argument(
        "--template",
        choices=(REPORT_TEMPLATE,),
        help="report: draft the full monitoring analysis report, with marked blanks where the data has nothing",
    )


COMMANDS = [
    Command("export", "write a Markdown snapshot, or the official forms as Excel", cmd_export, _export_arguments),
]
