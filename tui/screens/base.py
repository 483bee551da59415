"""The dashboard's screens, with the app typed as drift's own, whose data and saving they use."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

if TYPE_CHECKING:
    from tui.app import DriftApp


class DriftScreen(Screen[None]):
    """A full screen of the dashboard: self.app is the DriftApp, so its methods are type-checked."""

    @property
    def app(self) -> DriftApp:  # type: ignore[override]
        return cast("DriftApp", super().app)
