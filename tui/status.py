"""`drift status` and `drift check`: the analysis on the command line, as Rich tables, JSON or one line per flag."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Callable, Iterator, Sequence

from pendulum import Date
from rich.text import Text

from drift.analysis import ProjectAnalysis, analyse_project
from drift.dates import as_of_for
from drift.document import status_json
from drift.flags import at_least, describe
from drift.i18n import plain, t
from drift.later import projects_text
from drift.portfolio import Headline, PortfolioRow
from drift.rules import Light, Rules, rules_for
from store.backend import Backend
from store.errors import DriftError, ValidationError
from store.model import Project, RuleSettings
from store.tables import BuiltWhenAsked
from store.typed import read_date
from tui import output
from tui.command import Command
from tui.context import Context
from tui.memo import Found, Headlines
from tui.tsv import tsv_cell
from tui.widgets.report import portfolio_view, project_view

EXIT_DEVIATIONS = 3
"""`drift check` found at least one deviation at or above the --fail-on level."""


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    """Print where each project stands as of a date: Rich tables for a person, --json for scripts."""
    as_of = as_of_option(args.as_of)  # before the store is read, so a typo costs nothing
    if args.json:
        analyses = analysed(args.project, as_of, ctx)
        output.write_data_chunks(itertools.chain(status_json(analyses, ctx.lang), [b"\n"]))
        return 0
    store, store_rules, projects = selected(args.project, ctx)
    if not projects:
        ctx.out.print(t("cli.empty_store", ctx.lang, path=ctx.store_name))
    elif len(projects) == 1:
        (project,) = projects
        ctx.out.print(project_view(analysis_of(project, as_of, store_rules), ctx.lang))
    else:
        ctx.out.print(portfolio_view(portfolio_rows(store, store_rules, projects, as_of, ctx), ctx.lang))
    return 0


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    """One line per flag at or above --fail-on; exit 3 when there is any, 0 when there is none."""
    level = Light(args.fail_on)
    as_of = as_of_option(args.as_of)
    found = headlines(*selected(args.project, ctx), as_of, ctx)
    count = 0
    for row, flags in found:
        for item in at_least(flags, level):
            count += 1
            fields = (row.code, str(item.level), item.code, describe(item, ctx.lang))
            sys.stdout.write("\t".join(tsv_cell(field) for field in fields) + "\n")
    summary = t("check.summary", ctx.lang, count=count, level=t(f"light.{level}", ctx.lang), projects=len(found))
    ctx.err.print(Text(summary))
    # Records dated after the as-of date raise no flag until then, but a check never passes over them in silence.
    if later := projects_text([row.code for row, _ in found if row.later], ctx.lang, as_of):
        ctx.err.print(Text(plain(later)), soft_wrap=True)  # a date chosen is named: it is not the status date
    return EXIT_DEVIATIONS if count else 0


def selected(code: str | None, ctx: Context) -> tuple[Backend, RuleSettings, Sequence[Project]]:
    """The store read, its rules, and the project named by code (every project without one); a code not in the
    store is refused."""
    store = ctx.store()
    store_rules = store.rules()  # before the projects: a bad rules file stops the command, one line, exit 2
    if not code:
        return store, store_rules, store.projects()  # built as asked for, where the store can
    project = store.one(code).project
    if project is None:
        raise DriftError(t("status.no_project", ctx.lang, code=code, path=ctx.store_name))
    return store, store_rules, (project,)


def headlines(
    store: Backend, store_rules: RuleSettings, projects: Sequence[Project], as_of: Date | None, ctx: Context
) -> list[Headline]:
    """The headline of each project as of as_of or its own default: each remembered by this user's drift since it
    last changed (tui.memo), else analysed now and remembered. Projects built from their lines when asked for
    (Store.projects) are built only for a headline not remembered."""
    return _remembered_else_analysed(store, store_rules, projects, as_of, Headlines.remembered, Headlines.of)


def portfolio_rows(
    store: Backend, store_rules: RuleSettings, projects: Sequence[Project], as_of: Date | None, ctx: Context
) -> list[PortfolioRow]:
    """The row of each project's headline (headlines), without its flags: what a list of projects shows."""
    return _remembered_else_analysed(store, store_rules, projects, as_of, Headlines.remembered_row, Headlines.row_of)


def _remembered_else_analysed(
    store: Backend,
    store_rules: RuleSettings,
    projects: Sequence[Project],
    as_of: Date | None,
    remembered: Callable[[Headlines, bytes, Date | None, RuleSettings], Found | None],
    analysed: Callable[[Headlines, Project, Date, Rules, bytes | None], Found],
) -> list[Found]:
    memo = Headlines(store)
    digests = projects.digests if isinstance(projects, BuiltWhenAsked) else None
    found = []
    for n in range(len(projects)):
        kept = None if digests is None else remembered(memo, digests[n], as_of, store_rules)
        if kept is None:
            project = projects[n]
            digest = None if digests is None else digests[n]
            kept = analysed(memo, project, as_of_for(project, as_of), rules_for(project, store_rules), digest)
        found.append(kept)
    memo.save()
    return found


def analysed(code: str | None, as_of: Date | None, ctx: Context) -> Iterator[ProjectAnalysis]:
    """The project named by code (every project without one), analysed as of as_of or its own default, a project
    at a time, each when asked for; the store is read, and a code not in it refused, before this returns."""
    _store, store_rules, projects = selected(code, ctx)
    return (analysis_of(project, as_of, store_rules) for project in projects)


def analysis_of(project: Project, as_of: Date | None, store_rules: RuleSettings) -> ProjectAnalysis:
    """project analysed as of as_of, else its own default date, under its rules over the store's."""
    return analyse_project(project, as_of_for(project, as_of), rules_for(project, store_rules))


def as_of_option(text: str | None) -> Date | None:
    """--as-of read as a date; its errors name the option."""
    if text is None:
        return None
    try:
        return read_date(text)
    except ValidationError as error:
        raise error.located(prefix="--as-of") from None


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """--project and --as-of, shared by the commands that analyse."""
    parser.add_argument("--project", metavar="CODE", help="only this project (default: every project)")
    parser.add_argument(
        "--as-of", metavar="DATE", help="the date to analyse, YYYY-MM-DD (default: each project's status date)"
    )


def _status_arguments(parser: argparse.ArgumentParser) -> None:
    add_filter_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    add_filter_arguments(parser)
    parser.add_argument(
        "--fail-on",
        choices=("unknown", "yellow", "red"),
        default="yellow",
        help="the lowest level that counts as a deviation (default: yellow); unknown also lists each part"
        " (schedule, budget, indicators, allocations) the records leave unknown",
    )


COMMANDS = [
    Command("status", "show schedule, budget and indicator deviations as of a date", cmd_status, _status_arguments),
    Command(
        "check",
        "print one line per deviation at or above a level; exit 3 when there is any",
        cmd_check,
        _check_arguments,
    ),
]
