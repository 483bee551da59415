"""`drift set-rules`: a project's own time basis, light thresholds and spending checkpoints."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from store.codec import rule_settings_problem
from store.edits import edit_record
from store.errors import DriftError, ValidationError
from store.model import Checkpoint, TimeBasis
from store.values import parse_percent
from tui import options
from tui.command import Command
from tui.commands.saving import save
from tui.context import Context

OPTIONS = {
    "time_basis": "--time-basis",
    "budget_yellow_points": "--budget-yellow",
    "budget_red_points": "--budget-red",
    "checkpoints": "--checkpoint",
    "schedule_yellow_days": "--schedule-yellow",
    "schedule_red_days": "--schedule-red",
}
"""The option that sets each rule setting, to word the store's rule for it."""

_CLEARED = {
    "time-basis": ("time_basis",),
    "budget": ("budget_yellow_points", "budget_red_points"),
    "checkpoints": ("checkpoints",),
    "schedule": ("schedule_yellow_days", "schedule_red_days"),
    "all": tuple(OPTIONS),
}
"""What --clear gives back to the store's rules file and the defaults; a pair of thresholds goes together."""


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
    if args.no_checkpoints:
        values["checkpoints"] = ()
    elif args.checkpoint:
        values["checkpoints"] = tuple(options.parsed("--checkpoint", _checkpoint, text) for text in args.checkpoint)
    if not values:
        raise DriftError("nothing to change: give --time-basis, --budget-yellow and --budget-red, … or --clear")
    broken = rule_settings_problem(dataclasses.replace(project.rules, **values))
    if broken is not None:
        setting, message = broken[0].split("[")[0], broken[1]
        for name, option in OPTIONS.items():  # the store's words for the rule, in the options that set it
            message = message.replace(name, option)
        raise ValidationError(message, OPTIONS[setting])
    return save(args, ctx, store, [edit_record(project, "rules", None, **values)], before=project)


def _days(text: str) -> int:
    body = text.strip()
    if not (body.isascii() and body.isdigit()):
        raise ValidationError(f"{text!r} is not a whole number of days")
    return int(body)


def _checkpoint(text: str) -> Checkpoint:
    """MONTH:PERCENT, "6:40": by the end of June, 40% of the annual budget paid."""
    month, colon, share = text.strip().partition(":")
    if not colon or not (month.strip().isascii() and month.strip().isdigit()):
        raise ValidationError(f"{text!r} is not MONTH:PERCENT such as 6:40")
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
        "--clear",
        choices=list(_CLEARED),
        action="append",
        help="give this setting back to the store's rules file and the defaults; repeat for each",
    )
    options.changing_arguments(parser)


COMMANDS = [
    Command(
        "set-rules",
        "set the project's time basis, light thresholds and spending checkpoints",
        cmd_set_rules,
        _arguments,
    )
]
