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
from store.persist import Store, export_refusal, write_export_file
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


def check_target(path: Path, lang: str, store: Store | None) -> None:
    """Refuse, in one line, a path whose folder is missing, which is a folder, or which is no export's to write.

    What an export may replace is store.persist.export_refusal's rule: never the store, its lock, its
    backups, a symlink or anything but a regular file.
    """
    folder = path.parent
    if path.is_dir() and not path.is_symlink():
        raise ExportError(t("export.is_a_folder", lang, path=path))
    if not folder.exists():
        raise ExportError(t("export.no_folder", lang, path=path, folder=folder))
    if not folder.is_dir():
        raise ExportError(t("export.not_a_folder", lang, path=path, folder=folder))
    if refusal := export_refusal(path, store):
        raise ExportError(t(f"export.refused.{refusal}", lang, path=path))


def write_export(path: Path, markdown: str | Iterable[str], lang: str, store: Store | None) -> None:
    """Write the Markdown (or its pieces, as they are made) atomically: readers see the old file or the new one."""
    check_target(path, lang, store)
    pieces = [markdown] if isinstance(markdown, str) else markdown
    write_export_file(path, (piece.encode("utf-8") for piece in pieces), store)


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
