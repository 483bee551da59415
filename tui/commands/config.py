"""`drift config`: the language, store and theme in force, and where each comes from."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.table import Table
from rich.text import Text

from drift.i18n import plain, t
from store.locations import is_database, shown_url
from tui import output
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
        if setting is settings.store and is_database(value):
            value = shown_url(value)  # whether it exists is the server's to say: `drift list` asks it
        elif setting is settings.store and not settings.store_is_default and not Path(value).expanduser().exists():
            value += " " + t("prefs.store_missing", lang)  # the default store is made from the sample on first use
        table.add_row(Text(name), Text(value), Text(setting.origin(lang), style="dim"))
    table.add_row(Text(t("prefs.file", lang)), Text(str(path) if path else t("prefs.no_folder", lang)), Text())
    ctx.out.print(table)
    # Textual's own themes, the ones the dashboard offers (it registers none): known without starting the app.
    from textual.theme import BUILTIN_THEMES  # here: a third of a second no other command pays

    if settings.theme.value and settings.theme.value not in BUILTIN_THEMES:
        output.warn(f"drift: warning: {plain(t('prefs.bad_theme', lang, path=path, value=settings.theme.value))}")
    return EXIT_OK


COMMANDS = [
    Command("config", "show the language, store and theme in force and where each comes from", cmd_config),
]
