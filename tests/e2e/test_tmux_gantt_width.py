"""End to end: the installed `drift` in tmux at 80×24 and 60×20 shows the Gantt's last forecast whole, and ? and q."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.e2e.test_tmux import DRIFT, Terminal, pytestmark

__all__ = ["pytestmark"]  # tmux and drift are required, as for every test of this folder


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "store.json"
    subprocess.run([str(DRIFT), "init", "--store", str(path)], check=True, capture_output=True)
    return path


@pytest.mark.parametrize(
    ("width", "height", "plan", "forecast"),
    # 竣工验收 is planned for December 2023 and forecast from ≈2024-02-28 to ≈2024-03-29: at 80 columns the chart
    # has 3 cells a month (3 of plan, 4 of forecast), at 60 two (2 and 3); tests/app/test_gantt_fits_the_width.py
    # counts the cells.
    [(80, 24, 3, 4), (60, 20, 2, 3)],
    ids=["80x24", "60x20"],
)
def test_the_last_phases_plan_and_forecast_are_on_screen_clear_of_the_scrollbar(
    sample: Path, width: int, height: int, plan: int, forecast: int
) -> None:
    # Without COLUMNS and LINES: pytest's environment says 80×24, and Textual would believe it over the pane's size.
    command = ["env", "-u", "COLUMNS", "-u", "LINES", str(DRIFT), "--store", str(sample), "--lang", "en"]
    terminal = Terminal(command, width, height)
    try:
        terminal.wait_for("2023年度襄垣县城镇老旧小区改造项目")
        terminal.press("2")  # the Schedule view
        terminal.wait_for("not started +89d")
        plan_row, forecast_row = rows_when_fitted(terminal, plan, forecast)
        assert "竣工验收" in plan_row
        last = forecast_row.rindex("▒")
        assert cell_len(forecast_row[: last + 1]) <= width - 2  # the scrollbar takes the last two columns
        footer = terminal.screen().splitlines()[-1]
        assert "? Help" in footer and "q Quit" in footer, footer  # the keys that never give way
        terminal.press("q")
        terminal.wait_for("drift-exited-0")
    finally:
        terminal.close()


def rows_when_fitted(terminal: Terminal, plan: int, forecast: int, timeout: float = 5.0) -> tuple[str, str]:
    """The last phase's two rows once its plan and forecast have their cells: the screen may be read between two of
    Textual's frames."""
    deadline = time.monotonic() + timeout
    while True:
        lines = terminal.screen().splitlines()
        status = next(n for n, line in enumerate(lines) if "not started +89d" in line)
        counts = (lines[status - 1].count("░"), lines[status].count("▒"))
        if counts == (plan, forecast) or time.monotonic() > deadline:
            assert counts == (plan, forecast), "\n".join(lines)
            return lines[status - 1], lines[status]
        time.sleep(0.1)
