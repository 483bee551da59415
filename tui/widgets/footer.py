"""A Footer that shows each key's description in the dashboard's current language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from drift.i18n import MESSAGES, t


class LocalFooter(Footer):
    """Bindings carry i18n keys as descriptions ("key.back"); this footer translates them."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.description in MESSAGES:
                widget.description = t(widget.description, self.app.lang)
            yield widget
