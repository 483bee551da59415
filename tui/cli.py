"""The `drift` command: opens the dashboard, or runs a subcommand without a screen."""

from __future__ import annotations

import argparse
import codecs
import importlib
import logging
import os
import re
import signal
import sys
import threading
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson
from rich.text import Text

from drift.i18n import LANGUAGES, code_text, plain, t, worded
from drift.numbers import money_text
from store import persist
from store.collector import collector_paused
from store.edits import AddProject, Edit, RemoveProject, project_values
from store.errors import DriftError, NoStoreError, StoreError
from store.fileio import read_json
from store.files import decode_import, load_sample, read_import_file
from store.locations import is_database
from store.model import Listed, Portfolio, Project
from store.tables import META, decode_store, verify_store_history
from tui import completion, helptext, output
from tui.command import Command
from tui.context import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, Context
from tui.fitted import FitColumn, FittedTable
from tui.history_text import history_summary
from tui.options import author
from tui.preferences import OPTION, read_preferences, settings_in_force, unusable_path
from tui.tsv import tsv_lines


class WarningLine(logging.Handler):
    """Prints what the store reports without failing (a backup it could not make) as one `drift: warning:` line."""

    lang = "en"
    """The language of the command running, set by main()."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(
            f"drift: {t('cli.warning', self.lang)}{plain(record.getMessage())}\n"
        )  # sys.stderr as it is now: tests swap it


# The command line's warnings are one line like its errors; a program using the store as a library keeps its own
# logging set-up (or Python's default, which prints the bare message).
_store_log = logging.getLogger(persist.__name__)
if not any(isinstance(handler, WarningLine) for handler in _store_log.handlers):
    _store_log.addHandler(WarningLine(logging.WARNING))


def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    """Create the store, from the bundled sample unless --empty."""
    projects = () if args.empty else load_sample()
    ctx.open_store().create(projects, parents=True)
    ctx.out.print(t("cli.initialised", ctx.lang, path=ctx.store_name, count=len(projects)))
    return EXIT_OK


def cmd_import(args: argparse.Namespace, ctx: Context) -> int:
    """Add the projects of an import file to the store, creating the store if needed.

    Into a store that exists, the import is saved like any edit, with its history: `drift log` shows it and
    `drift undo` reverts it. A project replaced with --replace carries the values it replaces, so a colleague's
    change made meanwhile is a conflict rather than lost. A store made by the import holds it as its first revision.
    """
    projects = read_import_file(args.file)
    store = ctx.open_store() if not ctx.store_is_default else ctx.store()
    if not store.exists():
        revision = store.create(projects).revision
    else:
        edits = _import_edits(store.load(), projects, replace=args.replace, path=ctx.store_name)
        by, at, note = author(args, ctx)
        revision = store.apply(edits, by=by, at=at, note=note).revision
    ctx.out.print(t("cli.imported", ctx.lang, count=len(projects), path=ctx.store_name, revision=revision))
    for project in projects:
        ctx.out.print(Text.assemble("  ", project.code, "  ", project.name))
    return EXIT_OK


def _import_edits(current: Portfolio, projects: Sequence[Project], *, replace: bool, path: Path | str) -> list[Edit]:
    """The edits an import makes: each new project added; with replace, each changed one removed and added anew."""
    replaced = [(old, p) for p in projects if (old := current.project(p.code)) is not None]
    if replaced and not replace:
        raise StoreError.said("error.import_replace", code=replaced[0][1].code, path=path)
    removals: list[Edit] = [RemoveProject(old.code, project_values(old)) for old, new in replaced if old != new]
    unchanged = {new.code for old, new in replaced if old == new}
    additions: list[Edit] = [AddProject(p.code, project_values(p)) for p in projects if p.code not in unchanged]
    return removals + additions


def cmd_validate(args: argparse.Namespace, ctx: Context) -> int:
    """Check the store (its history's hash chain too), or every file given (import or store files), without changing
    anything: a line for each file, valid or why not, and exit 2 if any is bad."""
    if not args.files:
        store = ctx.store()
        store.rules()  # the store's rules file too: a bad one stops every other command
        report = store.verify_history()  # reads and validates every project too: no load() beside it
        count = report.projects[1] if report.projects is not None else 0
        ctx.out.print(t("cli.valid", ctx.lang, path=ctx.store_name, count=count))
        if summary := history_summary(report, ctx.store_name, ctx.lang):
            ctx.out.print(summary, soft_wrap=True)  # one line, so that the hash can be copied whole
        return EXIT_OK
    if len(args.files) == 1:
        _validate_file(Path(args.files[0]), ctx)  # its error is the command's, one line as every command's
        return EXIT_OK
    bad = 0
    for name in args.files:
        try:
            _validate_file(Path(name), ctx)
        except (DriftError, OSError) as error:  # said, and the next file checked: one bad file hides no other
            bad += 1
            output.warn(f"drift: {plain(_file_error(error, name))}")
    if bad:
        output.warn(f"drift: {t('cli.invalid_files', ctx.lang, count=bad, total=len(args.files))}")
        return EXIT_BAD_INPUT
    return EXIT_OK


def _validate_file(path: Path, ctx: Context) -> None:
    """Check one import or store file (a store's history chain too) and say it is valid; raises why it is not."""
    data = read_json(path)
    is_store = isinstance(data, dict) and META in data
    projects = decode_store(data, path).projects if is_store else decode_import(data, path)
    chain = verify_store_history(data, path) if is_store else None
    ctx.out.print(t("cli.valid", ctx.lang, path=path, count=len(projects)))
    if chain is not None and (summary := history_summary(chain, path, ctx.lang)):
        ctx.out.print(summary, soft_wrap=True)


def _file_error(error: DriftError | OSError, name: str) -> str:
    """Why a file is bad, naming it: the store's errors do; an operating system's error says only what failed."""
    if isinstance(error, OSError):
        return f"{name}: {error.strerror or error}"
    return str(error) if name in str(error) else f"{name}: {error}"


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    """One line per project in the store."""
    listed = ctx.store().listed()
    if args.json:
        rows = [_list_row(p) for p in listed]
        output.write_data(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n")
        return EXIT_OK
    keys = ("col.code", "col.name", "col.department", "col.year", "col.status_date", "col.annual_budget")
    not_said = t("budget.not_said", ctx.lang)
    cells = [
        (
            code_text(p.code, p.code_made, ctx.lang),  # made by drift: said wherever it is shown
            p.name or "—",
            p.department or "—",
            str(p.budget_year),
            p.status_date.isoformat() if p.status_date else "—",
            not_said if p.annual_budget is None else money_text(p.annual_budget),
        )
        for p in listed  # made as a database sends the rows
    ]
    if not cells:
        ctx.out.print(t("cli.empty_store", ctx.lang, path=ctx.store_name))
        return EXIT_OK
    if not ctx.out.is_terminal:  # a pipe or a file (as Rich sees it): one line per project, tab-separated, unwrapped
        lines = ["\t".join(t(key, ctx.lang) for key in keys), *tsv_lines(cells)]
        output.write_data("\n".join(lines) + "\n")
        return EXIT_OK
    columns = [
        FitColumn(
            t(key, ctx.lang),
            justify="right" if key == "col.annual_budget" else "left",
            whole=key in ("col.code", "col.year", "col.status_date", "col.annual_budget"),
            free=key in ("col.name", "col.department"),
            names=key in ("col.name", "col.department"),
        )
        for key in keys
    ]
    shown_rows = [[Text(cell) for cell in row] for row in cells]
    table = FittedTable(None, columns, shown_rows)
    ctx.out.print(table)
    return EXIT_OK


def _list_row(project: Listed) -> dict[str, object]:
    return {
        "code": project.code,
        "name": project.name,
        "department": project.department,
        "budget_year": project.budget_year,
        "status_date": project.status_date.isoformat() if project.status_date else None,
        "annual_budget": None if project.annual_budget is None else money_text(project.annual_budget),
        "code_made": project.code_made,
    }


def run_dashboard(args: argparse.Namespace, ctx: Context) -> int:
    """Open the Textual dashboard on the store."""
    store = ctx.store()
    if not store.exists():
        store.load()  # raises the one-line "no such store" error
    with collector_paused():  # imported late so scripted subcommands start fast
        from tui.app import DriftApp

    preferences = ctx.preferences  # main() has warned of its problems; the dashboard shows them too
    app = DriftApp(
        store,
        lang=ctx.lang,
        user=ctx.user,
        exit_after=args.exit_after,
        preferences=preferences.path,
        theme=preferences.values.get("theme", ""),
        notices=[problem.worded(ctx.lang) for problem in preferences.problems],
        default_store=ctx.store_is_default,
        watch=not args.no_watch,
    )
    failure = app.run()
    if failure:
        raise StoreError(failure)
    return app.return_code or EXIT_OK


def _init_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--empty", action="store_true", help="create a store with no projects")


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="import file (JSON, see README: Data format)")
    parser.add_argument("--replace", action="store_true", help="overwrite projects whose code is already there")
    parser.add_argument("--by", metavar="USER", help="who imports, for the history (default: $USER)")
    parser.add_argument("--note", metavar="TEXT", help="why, for the history")


def _validate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        metavar="FILE",
        nargs="*",
        help="import or store files to check, each reported on its own line (default: the store; name it to check "
        "it with them)",
    )


def _list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


def cmd_completion(args: argparse.Namespace, ctx: Context) -> int:
    """Print the completion script of a shell; the README says where each shell reads it from."""
    output.write_data(completion.script(build_parser(), args.shell))
    return EXIT_OK


STORE_COMMANDS = [
    Command("init", "create the store (from the bundled sample unless --empty)", cmd_init, _init_arguments),
    Command("import", "add the projects of an import file to the store", cmd_import, _import_arguments),
    Command(
        "validate",
        "check the store, or every file given, without changing anything; exit 2 if any is bad",
        cmd_validate,
        _validate_arguments,
    ),
    Command("list", "list the projects in the store", cmd_list, _list_arguments),
]


SHELL_COMMAND = Command(
    "completion", "print the shell completion script (bash, zsh or fish)", cmd_completion, completion.arguments
)


def all_commands() -> list[Command]:
    """Every subcommand, in the order --help lists them."""
    from tui import backup, export, migrate, status  # only a command line that names a command needs them
    from tui.commands import claims, config, forms, funding, history, ledger, money, records, rules

    recording = [
        *money.COMMANDS,
        *funding.COMMANDS,
        *records.PROGRESS_COMMANDS,
        *claims.COMMANDS,
        *rules.COMMANDS,
        *records.LISTED_COMMANDS,
        *history.COMMANDS,
        *ledger.COMMANDS,
        *forms.COMMANDS,
    ]
    return [
        *STORE_COMMANDS,
        *status.COMMANDS,
        *recording,
        *export.COMMANDS,
        *backup.COMMANDS,
        *migrate.COMMANDS,
        *config.COMMANDS,
        SHELL_COMMAND,
    ]


COMMAND_MODULES = {
    **dict.fromkeys(("init", "import", "validate", "list", "completion"), __name__),
    **dict.fromkeys(("status", "check"), "tui.status"),
    **dict.fromkeys(("pay", "allocate"), "tui.commands.money"),
    **dict.fromkeys(("figure", "source", "budget"), "tui.commands.funding"),
    **dict.fromkeys(
        ("phase", "event", "indicator", "project", "finding", "recommendation", "compliance", "new"),
        "tui.commands.records",
    ),
    "claim": "tui.commands.claims",
    **dict.fromkeys(("rules", "set-rules"), "tui.commands.rules"),
    **dict.fromkeys(("log", "undo"), "tui.commands.history"),
    "import-payments": "tui.commands.ledger",
    "import-form": "tui.commands.forms",
    "export": "tui.export",
    "backup": "tui.backup",
    "migrate": "tui.migrate",
    "config": "tui.commands.config",
}
"""The module of each subcommand: a command line that names one builds its parser alone, and a `drift pay` does
not import the modules of every other command (a fifth of a second). A test holds it to all_commands()."""


def command_named(name: str) -> Command:
    """The subcommand of this name, its module alone imported."""
    with collector_paused():
        module = importlib.import_module(COMMAND_MODULES[name])
    listed = [*STORE_COMMANDS, SHELL_COMMAND] if module.__name__ == __name__ else module.COMMANDS
    return next(command for command in listed if command.name == name)


def build_parser(lang: str = "en", commands: Sequence[Command] | None = None) -> argparse.ArgumentParser:
    """The argument parser, its help in lang; --store and --lang work before or after the subcommand.

    commands: the subcommands it knows, every one (all_commands) unless given."""
    common = helptext.LocalisedParser(add_help=False, lang=lang)
    _common_options(common)
    parser = helptext.LocalisedParser(
        prog="drift",
        description="How far publicly funded projects drift from plan. Without a command, opens the dashboard.",
        parents=[common],
        lang=lang,
    )
    parser.add_argument("-V", "--version", action=_VersionAction, help="show program's version number and exit")
    _dashboard_options(parser)
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", title="commands", parser_class=helptext.LocalisedParser
    )
    for command in all_commands() if commands is None else commands:
        description = command.help[0].upper() + command.help[1:] + "."
        child = sub.add_parser(command.name, help=command.help, description=description, parents=[common], lang=lang)
        command.arguments(child)
        child.set_defaults(handler=command.handler)
    return parser


def parse_arguments(argv: Sequence[str] | None = None, lang: str = "en") -> argparse.Namespace:
    """The command line, parsed; --help in lang.

    A line that only opens the dashboard is read without the subcommands, whose parsers need every command's
    module; any other line (a command, --help, a mistake) goes to the full parser, which also words the errors.
    """
    dashboard = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    _dashboard_options(_common_options(dashboard))
    try:
        args, rest = dashboard.parse_known_args(argv)
    except argparse.ArgumentError:
        return build_parser(lang).parse_args(argv)
    if not rest:
        return args
    named = [command_named(rest[0])] if rest[0] in COMMAND_MODULES else None  # a line that names a command
    return build_parser(lang, named).parse_args(argv)


def asked_language(argv: Sequence[str]) -> str | None:
    """The language --lang names on the command line (the last one, as argparse reads it), before it is parsed:
    --help is written while parsing."""
    asked = None
    for previous, argument in zip(["", *argv], argv, strict=False):
        if argument == "--":
            break
        value = argument.removeprefix("--lang=") if argument.startswith("--lang=") else None
        if previous == "--lang":
            value = argument
        if value in LANGUAGES:
            asked = value
    return asked


def _common_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--store",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="store file or postgresql://… URL (default: $DRIFT_STORE, else `store` in "
        "$XDG_CONFIG_HOME/drift/config.toml, else $XDG_DATA_HOME/drift/store.json)",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help="language (default: $DRIFT_LANG, else `lang` in the config file, else the locale)",
    )
    return parser


def _dashboard_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--no-watch",
        action="store_true",
        help="do not look at the store file for colleagues' saves (the dashboard's R reloads it)",
    )
    # For benchmarks/: quit once the first screenful of analysed projects is painted, or the whole store.
    parser.add_argument(
        "--exit-after-paint", dest="exit_after", action="store_const", const="paint", help=argparse.SUPPRESS
    )
    parser.add_argument(
        "--exit-after-load", dest="exit_after", action="store_const", const="load", help=argparse.SUPPRESS
    )
    return parser


class _VersionAction(argparse.Action):
    """--version; the version is looked up only when asked, as importlib.metadata is slow to load."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, nargs=0, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        sys.stdout.write(f"drift {_version()}\n")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("drift-monitor")
    except PackageNotFoundError:
        return "unknown"


TEXT_VARIABLES = (
    "USER",
    "LOGNAME",
    "HOME",
    "DRIFT_STORE",
    "DRIFT_BACKUPS",
    "DRIFT_LANG",
    "LANG",
    "LC_ALL",
    "LC_MESSAGES",
)
"""The environment drift reads (besides every XDG_ variable): each must be text, as its options must."""

_UNDECODABLE = re.compile("[\udc80-\udcff]")
"""How Python carries a byte that is not UTF-8 in argv and the environment: a lone surrogate no file can hold."""


def not_utf8(argv: Sequence[str], environ: Mapping[str, str]) -> str | None:
    """The refusal of the first option or variable holding a byte that is not UTF-8, else None.

    It names what to fix: "--by: not UTF-8 text (byte 0xff)", "$USER: …". Refused at the start, paths included: a
    store's path reaches every message and the dashboard's header, and a name or $USER would otherwise fail only at
    the save, as a traceback. Python reads arguments in the locale's encoding: in the rare locale that is not UTF-8
    (C with Python's UTF-8 mode turned off: ascii), the line names that encoding, the one the bytes failed.
    """
    encoding = _locale_encoding()
    previous = ""
    for position, argument in enumerate(argv, start=1):
        if bad := _UNDECODABLE.search(argument):
            return f"{_argument_name(argument, previous, position)}: not {encoding} text (byte 0x{_byte(bad)})"
        previous = argument
    for variable in sorted(environ):
        if (variable in TEXT_VARIABLES or variable.startswith("XDG_")) and (
            bad := _UNDECODABLE.search(environ[variable])
        ):
            return f"${variable}: not {encoding} text (byte 0x{_byte(bad)})"
    return None


def _argument_name(argument: str, previous: str, position: int) -> str:
    """--by for "--by=…" or for the value after "--by"; "argument N" otherwise."""
    name, equals, _ = argument.partition("=")
    if argument.startswith("--") and equals and not _UNDECODABLE.search(name):
        return name
    if previous.startswith("-") and "=" not in previous and not argument.startswith("-"):
        return previous
    return f"argument {position}"


def _locale_encoding() -> str:
    name = codecs.lookup(sys.getfilesystemencoding()).name
    return "UTF-8" if name == "utf-8" else name


def _byte(surrogate: re.Match[str]) -> str:
    return f"{ord(surrogate.group()) - 0xDC00:02x}"


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Entry point of the `drift` command; returns the exit code, which always says whether anything was saved."""
    environ = os.environ if environ is None else environ
    output.prepare_streams()
    if problem := not_utf8(sys.argv[1:] if argv is None else argv, environ):
        output.warn(f"drift: {problem}")
        return EXIT_BAD_INPUT
    preferences = read_preferences(environ)
    arguments = sys.argv[1:] if argv is None else argv
    help_language = settings_in_force(None, asked_language(arguments), environ, preferences).lang.value
    args = parse_arguments(argv, help_language)  # --help is written while parsing, in the language in force
    settings = settings_in_force(getattr(args, "store", None), getattr(args, "lang", None), environ, preferences)
    if unusable := unusable_path(settings.store.value):  # named by --store or $DRIFT_STORE: the file's are left aside
        named = settings.store.name if settings.store.source == OPTION else f"${settings.store.name}"
        output.warn(
            f"drift: {named}: {plain(t(f'cli.store_{unusable}', settings.lang.value, value=settings.store.value))}"
        )
        return EXIT_BAD_INPUT
    ctx = Context(
        store_path=settings.store.value
        if is_database(settings.store.value)
        else Path(settings.store.value).expanduser(),
        store_is_default=settings.store_is_default,
        lang=settings.lang.value,
        out=output.console(),
        err=output.console(stderr=True),
        environ=environ,
        preferences=preferences,
    )
    for line in _store_log.handlers:
        if isinstance(line, WarningLine):
            line.lang = ctx.lang
    for mistake in preferences.problems:  # a bad config file is said, and drift goes on with the defaults
        output.warn(f"drift: {t('cli.warning', ctx.lang)}{plain(mistake.worded(ctx.lang))}")
    handler = getattr(args, "handler", run_dashboard)
    interrupts = _InterruptsAfterTheSave(ctx)
    try:
        code = handler(args, ctx)
        output.finish_stdout()
        return code
    except (DriftError, OSError, KeyboardInterrupt) as error:
        output.abandon_stdout()
        if ctx.saved_revision is not None:  # saved: a non-zero status would invite a second, doubled save
            output.warn(_after_the_save(error, ctx))
            return EXIT_OK
        if isinstance(error, DriftError):
            output.warn(f"drift: {plain(_worded(error, ctx))}")
            return EXIT_BAD_INPUT
        if isinstance(error, KeyboardInterrupt):
            return EXIT_INTERRUPTED
        if isinstance(error, BrokenPipeError):
            return output.EXIT_BROKEN_PIPE
        if error.filename is not None:  # a file drift opened, not its output, which has no name
            output.warn(f"drift: {plain(str(error.filename))}: {plain(error.strerror or str(error))}")
            return EXIT_BAD_INPUT
        output.warn(f"drift: {plain(t('cli.output_failed', ctx.lang, problem=error.strerror or error))}")
        return output.EXIT_OUTPUT_FAILED
    except Exception as error:
        if ctx.saved_revision is None:
            raise
        output.abandon_stdout()
        traceback.print_exc()  # a defect, shown as one; the status still answers "was it saved?"
        output.warn(_after_the_save(error, ctx))
        return EXIT_OK
    finally:
        # Run as the program (no argv given), the handler stays to the process's end: a Ctrl+C after main returns
        # would otherwise still end a saved command with 130. Called from Python, the caller's handler comes back.
        interrupts.finish(restore=argv is not None)


class _InterruptsAfterTheSave:
    """Ctrl+C as usual until the command has saved; then it stops the output once, and is only noted after that.

    One Ctrl+C after the save still stops printing (and main() says the save was made); a second one, or one that
    lands while main() is finishing, must not turn the exit status of a saved command into 130, or a retry pays twice.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.stopped = False
        self.installed = threading.current_thread() is threading.main_thread()  # signals reach the main thread only
        self.previous = signal.signal(signal.SIGINT, self._interrupt) if self.installed else None

    def _interrupt(self, signum: int, frame: object) -> None:
        if self.ctx.saved_revision is None:
            raise KeyboardInterrupt
        if not self.stopped:
            self.stopped = True
            raise KeyboardInterrupt

    def finish(self, *, restore: bool) -> None:
        self.stopped = True  # from here on, an interrupt after a save is only noted
        if self.installed and restore:
            signal.signal(signal.SIGINT, self.previous)
        elif self.installed and self.ctx.saved_revision is not None:
            # Python puts its own handlers back to the default as it exits: a Ctrl+C then would kill a saved command
            # by the signal, status 130. Ignored, it cannot.
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def _worded(error: DriftError, ctx: Context) -> str:
    """The store's error, and what to do about it where the command line knows."""
    if isinstance(error, NoStoreError):
        return t("cli.no_store", ctx.lang, problem=worded(error, ctx.lang))
    return worded(error, ctx.lang)


def _after_the_save(error: BaseException, ctx: Context) -> str:
    """The warning for what went wrong once the command had saved."""
    revision = ctx.saved_revision
    if isinstance(error, KeyboardInterrupt):
        message = t("cli.saved_interrupted", ctx.lang, revision=revision)
    else:
        problem = error.strerror if isinstance(error, OSError) and error.strerror else str(error) or repr(error)
        message = t("cli.saved_output_failed", ctx.lang, revision=revision, problem=problem)
    return f"drift: {t('cli.warning', ctx.lang)}{plain(message)}"


if __name__ == "__main__":
    sys.exit(main())
