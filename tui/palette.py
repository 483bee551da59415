"""The command palette: jump to any project, or to a view of the project on screen."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from drift.i18n import t
from tui.screens.project import VIEWS

if TYPE_CHECKING:
    from tui.app import DriftApp


MAX_HITS = 50
"""Enough to choose from; searching 10,000 names must still answer at once."""


class JumpProvider(Provider):
    """Projects by code or name, and the current project's views."""

    @property
    def app(self) -> DriftApp:  # type: ignore[override]
        return cast("DriftApp", super().app)

    def _targets(self) -> list[tuple[str, str, str | None]]:
        app = self.app
        targets: list[tuple[str, str, str | None]] = []
        current = getattr(self.screen, "code", None)  # the screen the palette was opened from
        if current:
            for view in VIEWS:
                targets.append((f"{t('palette.view', app.lang)}: {t(f'tab.{view}', app.lang)}", current, view))
        for project in app.projects():
            targets.append((f"{project.code} {project.name}", project.code, None))
        return targets

    async def discover(self) -> Hits:
        for text, code, view in self._targets()[:MAX_HITS]:
            yield DiscoveryHit(text, partial(self.app.open_project, code, view))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = 0
        for text, code, view in self._targets():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(self.app.open_project, code, view), text=text)
                found += 1
                if found >= MAX_HITS:
                    return
