"""The dashboard's portfolio row never reads as a known light: it counts the unknown parts beside it."""

from __future__ import annotations

from pathlib import Path

from store.persist import Store
from tests.app.conftest import settle
from tui.app import DriftApp
from tui.widgets.portfolio_table import PortfolioTable


async def test_portfolio_row_names_the_unknown_parts_beside_green(store_with_unknown_parts: Path) -> None:
    # docs/analysis.md "Unknown": every view shows the unknown parts beside the overall light ("green · schedule,
    # indicators unknown"); `drift status` does, the dashboard's project header does, the portfolio row does not.
    app = DriftApp(Store(store_with_unknown_parts), lang="en")
    async with app.run_test(size=(200, 20)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PortfolioTable)
        rows = ["".join(segment.text for segment in table.render_line(y)) for y in range(1, 4)]
    row = next(line for line in rows if "NoPhases" in line)
    assert "green · 2 unknown" in row, row  # schedule and indicators: no phases, no indicators
