"""`drift export`: a Markdown snapshot of a project, the portfolio, or the draft monitoring report, to stdout or a file."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from drift.analysis import ProjectAnalysis
from drift.i18n import t
from drift.markdown import portfolio_markdown, project_markdown, report_markdown
from store.errors import DriftError
from store.persist import write_atomically
from tui import output
from tui.command import Command
from tui.status import add_filter_arguments, analyses_for, as_of_option

if TYPE_CHECKING:
    from tui.cli import Context

REPORT_TEMPLATE = "report"
"""--template report: the full monitoring analysis report in the seed's structure."""


class ExportError(DriftError):
    """An export that cannot be written where it was asked to go; one line, exit 2."""


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    """Print (or write with -o) the Markdown of the chosen projects as of a date."""
    as_of = as_of_option(args.as_of)  # before the store is read, so a typo costs nothing
    target = Path(args.output).expanduser() if args.output else None
    if target is not None:
        try:
            check_target(target, ctx.lang)  # before the analysis, so a wrong folder fails at once
        except ExportError as error:
            raise ExportError(f"-o {error}") from None
        if target.resolve() == ctx.store_path.resolve():  # one slip of the shell's history must not replace the data
            raise ExportError(t("export.is_the_store", ctx.lang, path=target))
    analyses = analyses_for(args.project, as_of, ctx)
    if not analyses:
        raise ExportError(t("cli.empty_store", ctx.lang, path=ctx.store_path))
    markdown = render(analyses, ctx.lang, summary=args.summary, template=args.template, store_path=ctx.store_path)
    if target is None:
        output.write_data(markdown)
        return 0
    write_export(target, markdown, ctx.lang)
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


def check_target(path: Path, lang: str) -> None:
    """Refuse, in one line, a path whose folder is missing or which is itself a folder."""
    folder = path.parent
    if path.is_dir():
        raise ExportError(t("export.is_a_folder", lang, path=path))
    if not folder.exists():
        raise ExportError(t("export.no_folder", lang, path=path, folder=folder))
    if not folder.is_dir():
        raise ExportError(t("export.not_a_folder", lang, path=path, folder=folder))


def write_export(path: Path, markdown: str | Iterable[str], lang: str) -> None:
    """Write the Markdown (or its pieces, as they are made) atomically: readers see the old file or the new one."""
    check_target(path, lang)
    pieces = [markdown] if isinstance(markdown, str) else markdown
    write_atomically(path, (piece.encode("utf-8") for piece in pieces))


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
