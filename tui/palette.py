"""The command palette: jump to any project, and every key of the screen as a command in the dashboard's language."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider

from drift.i18n import MESSAGES, t

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.app import DriftApp


MAX_HITS = 50
"""Enough to choose from; searching 10,000 names must still answer at once."""

NOT_COMMANDS = frozenset({"key.down", "key.up", "key.first", "key.last", "key.help"})
"""Keys the palette does not offer: moving a cursor is no command, and help is offered first, on its own."""

TEXTUALS = {
    "Theme": "palette.theme",
    "Maximize": "palette.maximize",
    "Minimize": "palette.minimize",
    "Screenshot": "palette.screenshot",
}
"""Textual's own commands drift keeps, by the English title Textual gives them, with drift's words for them; its Quit
is drift's q, and its Keys panel (bindings by their ids, in English) is what the help screen replaces."""


def key_commands(screen: Screen, lang: str) -> Iterator[SystemCommand]:
    """Every key the screen answers to now, as a command: its views, its edits where they apply, export, as of, the
    language, undo, back and quit. Taken from the active bindings, so the palette offers what the keys do, no more,
    and cannot go stale; a greyed-out key (the store still being read) is left out."""
    app = screen.app
    offered: set[str] = set()
    for node, binding, enabled, _ in screen.active_bindings.values():
        description = binding.description
        if not enabled or description not in MESSAGES or description in NOT_COMMANDS or description in offered:
            continue
        offered.add(description)
        help_key = "palette." + description.removeprefix("key.").removeprefix("tab.")
        said = t(help_key, lang) if help_key in MESSAGES else ""
        key = t("palette.key", lang, shown=app.get_key_display(binding))
        yield SystemCommand(
            t(description, lang), f"{said} · {key}" if said else key, partial(app.run_action, binding.action, node)
        )


def textual_commands(commands: Iterator[SystemCommand], lang: str) -> Iterator[SystemCommand]:
    """Textual's own commands drift keeps (TEXTUALS), in the dashboard's language."""
    for command in commands:
        key = TEXTUALS.get(command.title)
        if key is not None:
            yield SystemCommand(t(key, lang), t(key + "_help", lang), command.callback, command.discover)


class JumpProvider(Provider):
    """Projects by code or name."""

    @property
    def app(self) -> DriftApp:  # type: ignore[override]
        return cast("DriftApp", super().app)

    def _targets(self) -> list[tuple[str, str]]:
        return [(f"{project.code} {project.name}", project.code) for project in self.app.projects()]

    async def discover(self) -> Hits:
        for text, code in self._targets()[:MAX_HITS]:
            yield DiscoveryHit(text, partial(self.app.open_project, code))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = 0
        for text, code in self._targets():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.app.open_project, code), text=text)
                found += 1
                if found >= MAX_HITS:
                    return
