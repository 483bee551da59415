"""Pilot test: the portfolio's light column holds every light's word whole, "— unknown" included."""

from __future__ import annotations

from pathlib import Path

from store.persist import Store
from tests import lights
from tui.widgets.portfolio_table import PortfolioTable


def four_lights_store(tmp_path: Path, run_cli) -> Store:
    source = tmp_path / "four.json"
    source.write_text(lights.four_lights(), encoding="utf-8")
    assert run_cli("import", str(source), "--store", str(tmp_path / "store.json")).code == 0
    return Store(tmp_path / "store.json")


async def test_the_light_column_shows_unknown_and_its_mark_whole(tmp_path: Path, run_cli, make_app) -> None:
    app = make_app(four_lights_store(tmp_path, run_cli))
    async with app.run_test(size=(140, 20)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(PortfolioTable)
        rows = ["".join(segment.text for segment in table.render_line(y)) for y in range(1, 5)]

    # The yellow and green projects have no phases nor indicators: their rows count those two parts as unknown.
    lights = [row.split("  ")[0].strip() for row in rows]
    assert lights == ["red", "yellow · 2 unknown", "— unknown", "green · 2 unknown"]
