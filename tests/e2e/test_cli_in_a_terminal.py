"""End to end: `drift status` and `drift list` in a real 60- and 40-column tmux terminal keep every figure whole."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_tmux import DRIFT, Terminal, pytestmark  # noqa: F401 - the same skips apply

FIGURES = ("589.20", "190.65", "726.49", "74.25", "+89", "+87", "≈2024-03-29", "2023-07-01–11-30")
"""The sample's figures as of its status date (see tests/cli/test_output_in_pipes_and_narrow_terminals.py)."""


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store.json"
    subprocess.run([str(DRIFT), "init", "--store", str(path)], check=True, capture_output=True)
    return path


def printed(argv: list[str], width: int) -> str:
    """What drift prints in a terminal that many columns wide and tall enough to hold all of it."""
    # pytest's COLUMNS and LINES would win over the pane's size.
    terminal = Terminal(["env", "-u", "COLUMNS", "-u", "LINES", str(DRIFT), *argv], width=width, height=500)
    try:
        return terminal.wait_for("drift-exited-0")
    finally:
        terminal.close()


@pytest.mark.parametrize("width", [60, 40])
def test_status_in_a_narrow_terminal_keeps_every_figure_whole(store: Path, width: int) -> None:
    screen = printed(["--store", str(store), "--lang", "en", "status"], width)

    words = set(screen.split())
    assert set(FIGURES) <= words, set(FIGURES) - words
    assert "…" not in screen
    assert "finishing late" in screen  # never "finishin" over "late"


@pytest.mark.parametrize("width", [60, 40])
def test_list_in_a_narrow_terminal_keeps_the_budget_and_the_code_whole(store: Path, width: int) -> None:
    screen = printed(["--store", str(store), "--lang", "en", "list"], width)

    words = set(screen.split())
    assert {"589.20", "2023-09-28", "2306-140423-89-01-317509"} <= words
    assert "…" not in screen
