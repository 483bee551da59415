"""`drift rules`, the rules in force and where each comes from; `drift set-rules`, a project's own."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

import orjson
from msgspec import structs
from rich.console import Group
from rich.table import Table
from rich.text import Text

from drift.document import setting_json
from drift.i18n import t
from drift.rules import NO_SETTINGS, Origin, RuleInForce, rules_in_force
from drift.rulestext import SEPARATOR, rule_name, setting_text
from store.codec import rule_settings_problem
from store.edits import edit_record
from store.errors import DriftError, ValidationError, Words
from store.model import Checkpoint, GradeFloors, LevelPoints, TimeBasis
from store.rulesfile import StoreRules
from store.values import parse_money, parse_percent
from tui import options
from tui.command import Command
from tui.commands.saving import save
from tui.context import EXIT_OK, Context
from tui.linebreak import WrappedText
from tui.output import write_data

OPTIONS = {
    "time_basis": "--time-basis",
    "budget_yellow_points": "--budget-yellow",
    "budget_red_points": "--budget-red",
    "checkpoints": "--checkpoint",
    "schedule_yellow_days": "--schedule-yellow",
    "schedule_red_days": "--schedule-red",
    "budget_points": "--budget-points",
    "level_points": "--level-points",
    "grade_floors": "--grade-floors",
}
"""The option that sets each rule setting, to word the store's rule for it."""

_CLEARED = {
    "time-basis": ("time_basis",),
    "budget": ("budget_yellow_points", "budget_red_points"),
    "checkpoints": ("checkpoints",),
    "schedule": ("schedule_yellow_days", "schedule_red_days"),
    "budget-points": ("budget_points",),
    "level-points": ("level_points",),
    "grade-floors": ("grade_floors",),
    "all": tuple(OPTIONS),
}
"""What --clear gives back to the store's rules file, the user's config and the defaults; a pair goes together."""

_LIST_SEPARATORS = str.maketrans({"，": ",", "、": ",", "＝": "="})
"""How lists are typed on a Chinese keyboard: 产出＝50，效益＝30 reads as 产出=50,效益=30."""


def cmd_rules(args: argparse.Namespace, ctx: Context) -> int:
    """Print every settable rule in force, its value and where it comes from: for --project its own apply too."""
    store = ctx.store()
    files = store.rule_files()  # a bad rules file or user config: one line naming it, exit 2
    portfolio = store.load()
    project = options.chosen_project(portfolio, args.project, ctx) if args.project is not None else None
    user = files.user_config.settings if files.user_config is not None else NO_SETTINGS
    found = rules_in_force(project.rules if project else NO_SETTINGS, files.store_file.settings, user)
    code = project.code if project else None
    if args.json:
        write_data(orjson.dumps(_rules_document(found, files, code), option=orjson.OPT_INDENT_2).decode() + "\n")
        return EXIT_OK
    # The heading and the files' line wrap to the terminal, a path whole on its line unless the line cannot hold it.
    # In a Group: print() joins bare Text objects into a plain Text, which wraps as Rich does ("（无此文件" over "）").
    if code is None:
        heading = t("rules.heading.store", ctx.lang, path=ctx.store_name)
    else:
        heading = t("rules.heading.project", ctx.lang, code=code, path=ctx.store_name)
    ctx.out.print(Group(WrappedText(heading)))
    table = Table(box=None, header_style="bold")
    for key in ("rules.col.rule", "rules.col.value", "rules.col.origin"):
        table.add_column(t(key, ctx.lang), overflow="fold")
    for rule in found:
        origin = _origin_text(rule.origin, files, code, ctx.lang)
        shown = (rule_name(rule.name, ctx.lang), setting_text(rule.name, rule.value, ctx.lang), origin)
        table.add_row(*(Text(cell) for cell in shown))  # level names and paths are user data: never markup
    ctx.out.print(table)
    ctx.out.print(Group(WrappedText(_files_text(files, ctx.lang))))
    return EXIT_OK


def _files_text(files: StoreRules, lang: str) -> str:
    """Where the rules files are looked for, whether or not they are there: where to write one."""
    looked = [(Origin.STORE, files.store_file)]
    if files.user_config is not None:
        looked.append((Origin.CONFIG, files.user_config))
    named = []
    for origin, file in looked:
        text = t(f"rules.origin.{origin}", lang, path=file.path)
        named.append(text if file.found else t("rules.no_file", lang, file=text))
    return t("rules.files", lang, files=SEPARATOR.join(named))


def _origin_source(origin: Origin, files: StoreRules, code: str | None) -> str | None:
    """The project's code or the file a rule comes from; None for the default."""
    if origin is Origin.PROJECT:
        return code
    if origin is Origin.STORE:
        return str(files.store_file.path)
    if origin is Origin.CONFIG and files.user_config is not None:
        return str(files.user_config.path)
    return None


def _origin_text(origin: Origin, files: StoreRules, code: str | None, lang: str) -> str:
    source = _origin_source(origin, files, code) or ""
    return t(f"rules.origin.{origin}", lang, code=source, path=source)


def _rules_document(found: tuple[RuleInForce, ...], files: StoreRules, code: str | None) -> dict[str, Any]:
    """`drift rules --json`: the files looked at, and each rule's value (as `drift status --json` gives the rules
    it applied), the layer it comes from and that layer's project code or file."""
    return {
        "project": code,
        "store_file": str(files.store_file.path),
        "user_config": None if files.user_config is None else str(files.user_config.path),
        "rules": {
            rule.name: {
                "value": setting_json(rule.value),
                "origin": str(rule.origin),
                "source": _origin_source(rule.origin, files, code),
            }
            for rule in found
        },
    }


def cmd_set_rules(args: argparse.Namespace, ctx: Context) -> int:
    """Set, or give back to the store's and the default rules, the settings this project is analysed under."""
    store, project = options.loaded(args, ctx)
    values: dict[str, Any] = {name: None for cleared in args.clear or () for name in _CLEARED[cleared]}
    if args.time_basis is not None:
        values["time_basis"] = TimeBasis(args.time_basis)
    for name in ("budget_yellow_points", "budget_red_points"):
        if (text := getattr(args, name)) is not None:
            values[name] = options.parsed(OPTIONS[name], parse_percent, text.strip())
    for name in ("schedule_yellow_days", "schedule_red_days"):
        if (text := getattr(args, name)) is not None:
            values[name] = options.parsed(OPTIONS[name], _days, text)
    if args.budget_points is not None:
        values["budget_points"] = options.parsed("--budget-points", _points, args.budget_points)
    if args.level_points is not None:
        values["level_points"] = options.parsed("--level-points", _level_points, args.level_points)
    if args.grade_floors is not None:
        values["grade_floors"] = options.parsed("--grade-floors", _grade_floors, args.grade_floors)
    if args.no_checkpoints:
        values["checkpoints"] = ()
    elif args.checkpoint:
        values["checkpoints"] = tuple(options.parsed("--checkpoint", _checkpoint, text) for text in args.checkpoint)
    if not values:
        named = "--time-basis, --budget-yellow, --budget-red … --clear"
        raise DriftError(t("option.nothing_to_change", ctx.lang, options=named))
    broken = rule_settings_problem(structs.replace(project.rules, **values))
    if broken is not None:
        setting, message = broken[0].split("[")[0], broken[1]
        if isinstance(message, Words):  # a value's own fault, said by key: no setting's name in it
            raise ValidationError.of(message).located(prefix=OPTIONS[setting])
        for name, option in OPTIONS.items():  # the store's words for the rule, in the options that set it
            message = message.replace(name, option)
        raise ValidationError(message, OPTIONS[setting])
    return save(args, ctx, store, [edit_record(project, "rules", None, **values)], before=project)


def _days(text: str) -> int:
    body = text.strip()
    if not (body.isascii() and body.isdigit()):
        raise ValidationError.said("error.days_form", text=text)
    return int(body)


def _points(text: str) -> Decimal:
    """A score's points, "10" or "12.5": read as the rules file's points are (not negative, at most 6 decimals)."""
    try:
        return parse_money(text.strip())
    except ValidationError:
        raise ValidationError.said("error.points_number", text=text) from None


def _level_points(text: str) -> tuple[LevelPoints, ...]:
    """NAME=POINTS,…, "产出=50,效益=30,满意度=10": the 分值 of each level-1 group, replacing the list."""
    groups = []
    for item in text.translate(_LIST_SEPARATORS).split(","):
        name, equals, points = item.partition("=")
        if not equals:
            raise ValidationError.said("error.level_points_form", text=item.strip())
        groups.append(LevelPoints(name.strip(), _points(points)))
    return tuple(groups)


def _grade_floors(text: str) -> GradeFloors:
    """EXCELLENT,GOOD,FAIR, "90,80,60": the lowest total of 优, 良 and 中; below FAIR is 差."""
    parts = text.translate(_LIST_SEPARATORS).split(",")
    if len(parts) != 3:
        raise ValidationError.said("error.grade_floors_form", text=text)
    excellent, good, fair = (_points(part) for part in parts)
    return GradeFloors(excellent, good, fair)


def _checkpoint(text: str) -> Checkpoint:
    """MONTH:PERCENT, "6:40": by the end of June, 40% of the annual budget paid."""
    month, colon, share = text.strip().partition(":")
    if not colon or not (month.strip().isascii() and month.strip().isdigit()):
        raise ValidationError.said("error.checkpoint_form", text=text)
    return Checkpoint(int(month), parse_percent(share))


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--time-basis", choices=[str(basis) for basis in TimeBasis], help="count time progress in days or months"
    )
    parser.add_argument(
        "--budget-yellow",
        dest="budget_yellow_points",
        metavar="POINTS",
        help="yellow when spending trails time progress by this many points (with --budget-red)",
    )
    parser.add_argument(
        "--budget-red",
        dest="budget_red_points",
        metavar="POINTS",
        help="red at this many points behind, above --budget-yellow",
    )
    parser.add_argument(
        "--schedule-yellow",
        dest="schedule_yellow_days",
        metavar="DAYS",
        help="yellow when a phase or the project finishes this many days late (with --schedule-red)",
    )
    parser.add_argument(
        "--schedule-red",
        dest="schedule_red_days",
        metavar="DAYS",
        help="red at this many days late, above --schedule-yellow",
    )
    checkpoints = parser.add_mutually_exclusive_group()
    checkpoints.add_argument(
        "--checkpoint",
        metavar="MONTH:PERCENT",
        action="append",
        help="by the end of MONTH, PERCENT of the annual budget paid, e.g. 6:40; repeat for each; replaces the list",
    )
    checkpoints.add_argument("--no-checkpoints", action="store_true", help="this project has no spending checkpoints")
    parser.add_argument(
        "--budget-points", metavar="POINTS", help="the self-evaluation's points for budget execution, e.g. 10"
    )
    parser.add_argument(
        "--level-points",
        metavar="NAME=POINTS,…",
        help="the points of each level-1 group whose indicators state none, e.g. 产出=50,效益=30,满意度=10",
    )
    parser.add_argument(
        "--grade-floors",
        metavar="EXCELLENT,GOOD,FAIR",
        help="the lowest self-evaluation total of 优, 良 and 中, e.g. 90,80,60 (below FAIR is 差)",
    )
    parser.add_argument(
        "--clear",
        choices=list(_CLEARED),
        action="append",
        help="give this setting back to the store's rules file, the user's config and the defaults; repeat for each",
    )
    options.changing_arguments(parser)


def _rules_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--project", metavar="CODE", help="with this project's own rules (default: the store's rules)")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")


COMMANDS = [
    Command(
        "rules",
        "show the rules in force and where each comes from (project, store file, user config, default)",
        cmd_rules,
        _rules_arguments,
    ),
    Command(
        "set-rules",
        "set the project's time basis, light thresholds, spending checkpoints and score rules",
        cmd_set_rules,
        _arguments,
    ),
]
