"""An SVG snapshot of the dashboard's budget view over hostile text: markup, emoji, RTL, CJK and 10,000 characters."""

from __future__ import annotations

from pathlib import Path

from store.persist import Store
from tui.app import DriftApp

from .helpers import hostile_project


def test_the_budget_view_shows_hostile_vouchers_documents_and_names_as_characters(tmp_path: Path, snap_compare) -> None:
    store = Store(tmp_path / "store.json")
    store.create([hostile_project()])

    async def run_before(pilot) -> None:
        for _ in range(2):  # loading, then analysis, each in a worker
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        pilot.app.screen.action_show_view("budget")
        await pilot.pause()

    assert snap_compare(DriftApp(store, lang="en"), terminal_size=(120, 40), run_before=run_before)
