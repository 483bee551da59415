"""A Footer that shows each key's description in the dashboard's current language."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from drift.i18n import MESSAGES, t


class LocalFooter(Footer):
    """Bindings carry i18n keys as descriptions ("key.back"); this footer translates them.

    It also skips rebuilding when the keys it would show have not changed: Textual asks for a
    rebuild on every focus or tab change, and rebuilding a footer is the dearest part of start-up.
    """

    _shown: tuple[object, ...] | None = None
    _width = 0
    """The terminal's width the keys were last chosen for."""

    def _signature(self) -> tuple[object, ...]:
        keys = tuple(
            (binding.key, binding.description, enabled)
            for _, binding, enabled, _ in self.screen.active_bindings.values()
            if binding.show
        )
        return (getattr(self.app, "lang", ""), keys)

    def bindings_changed(self, screen: Screen) -> None:
        signature = self._signature()
        if signature == self._shown and self._bindings_ready:
            return
        self._shown = signature
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        lang = getattr(self.app, "lang", "en")
        for widget in widgets:
            if isinstance(widget, FooterKey) and widget.description in MESSAGES:
                widget.description = t(widget.description, lang)
            elif isinstance(widget, FooterKey) and "-command-palette" in widget.classes:  # Textual's, in English
                widget.description = t("footer.palette", lang)
        self._width = self.app.size.width
        yield from kept(widgets, self._width)

    async def on_resize(self, event: events.Resize) -> None:
        # Which keys fit depends on the width: a narrower terminal lets the lower-priority ones give way. Only a
        # new width recomposes: the resize every widget gets on mount must not rebuild it during start-up.
        if self.app.size.width != self._width:
            self._shown = None
            await self.recompose()


FIRST = ("question_mark", "q", "escape")
"""Keys that never give way: help (which lists every key), quit and back."""


def kept(widgets: list[Widget], width: int) -> list[Widget]:
    """The footer's keys that fit in width, in their order: FIRST and the palette always, then the others as they
    come until the width is used; what gives way is one `?` away."""
    keys = [widget for widget in widgets if isinstance(widget, FooterKey) and "-command-palette" not in widget.classes]
    room = width - sum(_width(widget) for widget in widgets if widget not in keys)
    chosen: set[int] = set()
    # FIRST in its order, then the rest in theirs (sorted keeps ties in place).
    for widget in sorted(keys, key=lambda key: FIRST.index(key.key) if key.key in FIRST else len(FIRST)):
        if _width(widget) <= room or widget.key in FIRST:
            chosen.add(id(widget))
            room -= _width(widget)
    return [widget for widget in widgets if widget not in keys or id(widget) in chosen]


def _width(widget: Widget) -> int:
    """A key's cells: " key description " as the footer pads them."""
    if not isinstance(widget, FooterKey):
        return 2
    return cell_len(widget.key_display) + cell_len(widget.description) + 3
