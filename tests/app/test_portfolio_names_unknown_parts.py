"""The dashboard's portfolio row never reads as a known light: it counts the unknown parts beside it."""

from __future__ import annotations

from pathlib import Path

from store.persist import Store
from tests.app.conftest import settle
from tui.app import DriftApp
from tui.widgets.portfolio_table import PortfolioTable


def _no_phases_store(tmp_path: Path, run_cli) -> Store:
    store = str(tmp_path / "store.json")
    assert run_cli("--store", store, "init").code == 0
    assert (
        run_cli(
            "--store",
            store,
            "new",
            "--code",
            "X2",
            "--name",
            "NoPhases",
            "--year",
            "2023",
            "--annual-budget",
            "100",
            "--source",
            "local=100",
            "--status-date",
            "2023-06-30",
        ).code
        == 0
    )
    # 50% paid at 49.59% time: the budget is green; no phases, no indicators: both unknown.
    assert (
        run_cli(
            "--store", store, "pay", "--project", "X2", "--date", "2023-06-01", "--source", "local", "--amount", "50"
        ).code
        == 0
    )
    return Store(tmp_path / "store.json")


async def test_portfolio_row_names_the_unknown_parts_beside_green(tmp_path: Path, run_cli) -> None:
    # docs/analysis.md "Unknown": every view shows the unknown parts beside the overall light ("green · schedule,
    # indicators unknown"); `drift status` does, the dashboard's project header does, the portfolio row does not.
    app = DriftApp(_no_phases_store(tmp_path, run_cli), lang="en")
    async with app.run_test(size=(200, 20)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PortfolioTable)
        rows = ["".join(segment.text for segment in table.render_line(y)) for y in range(1, 4)]
    row = next(line for line in rows if "NoPhases" in line)
    assert "green · 2 unknown" in row, row  # schedule and indicators: no phases, no indicators
