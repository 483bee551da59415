"""`drift config`: the language, store and theme in force, and where each comes from."""

from __future__ import annotations

import argparse

from rich.table import Table
from rich.text import Text

from drift.i18n import t
from tui.command import Command
from tui.context import EXIT_OK, Context
from tui.preferences import preferences_path, read_preferences, settings_in_force


def cmd_config(args: argparse.Namespace, ctx: Context) -> int:
    """Each setting's value and its origin: option > environment variable > config file > default."""
    lang = ctx.lang
    preferences = read_preferences(ctx.environ)  # main() has warned of its problems already
    settings = settings_in_force(getattr(args, "store", None), getattr(args, "lang", None), ctx.environ, preferences)
    path = preferences_path(ctx.environ)
    table = Table(box=None, show_header=False)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    table.add_column(overflow="fold")
    for name, setting in (("lang", settings.lang), ("store", settings.store), ("theme", settings.theme)):
        value = setting.value or t("prefs.theme_default", lang)
        table.add_row(Text(name), Text(value), Text(setting.origin(lang), style="dim"))
    table.add_row(Text(t("prefs.file", lang)), Text(str(path) if path else t("prefs.no_folder", lang)), Text())
    ctx.out.print(table)
    return EXIT_OK


COMMANDS = [
    Command("config", "show the language, store and theme in force and where each comes from", cmd_config),
]
