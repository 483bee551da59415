"""A Footer that shows each key's description in the dashboard's current language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from drift.i18n import MESSAGES, t


class LocalFooter(Footer):
    """Bindings carry i18n keys as descriptions ("key.back"); this footer translates them.

    It also skips rebuilding when the keys it would show have not changed: Textual asks for a
    rebuild on every focus or tab change, and rebuilding a footer is the dearest part of start-up.
    """

    _shown: tuple[object, ...] | None = None

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
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description in MESSAGES:
                widget.description = t(widget.description, getattr(self.app, "lang", "en"))
            yield widget
