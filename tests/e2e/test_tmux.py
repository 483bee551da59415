"""End to end: the installed `drift` in a real tmux terminal, driven with send-keys, read with capture-pane."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
DRIFT = Path(sys.executable).with_name("drift")
SOCKET = f"drift-e2e-{os.getpid()}"
"""The end-to-end tests' own tmux server (conftest.py holds it open): sessions people keep on the default one, or
close there, cannot race with the tests'."""

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it)"),
    pytest.mark.skipif(not DRIFT.exists(), reason="the drift command is not installed next to this Python"),
]


class Terminal:
    """A detached tmux session running one command, on the tests' own server."""

    def __init__(self, command: list[str], width: int = 100, height: int = 30) -> None:
        self.name = f"drift-e2e-{uuid.uuid4().hex[:8]}"
        self.tmux = [str(TMUX), "-L", SOCKET]
        # The shell reports drift's exit code and keeps the pane open so the test can read it.
        shell_command = " ".join(_quote(part) for part in command) + "; echo drift-exited-$?; sleep 60"
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), shell_command],
            check=True,
        )

    def screen(self, *, escapes: bool = False) -> str:
        """The pane's text; with escapes, the SGR sequences tmux holds for each cell too."""
        flags = ["-e", "-p"] if escapes else ["-p"]
        result = subprocess.run([*self.tmux, "capture-pane", *flags, "-t", self.name], capture_output=True, text=True)
        return result.stdout

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear; the screen shows:\n{self.screen()}")

    def press(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        """Send text literally: tmux would read "2023-07-25" as key names otherwise."""
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", text], check=True)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-session", "-t", self.name], capture_output=True)


def _quote(part: str) -> str:
    return "'" + part.replace("'", "'\\''") + "'"


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "store.json"
    subprocess.run([str(DRIFT), "init", "--store", str(path)], check=True, capture_output=True)
    return path


def test_drift_opens_the_sample_and_navigates_with_keys(store: Path):
    terminal = Terminal([str(DRIFT), "--store", str(store), "--lang", "en"])
    try:
        terminal.wait_for("2023年度襄垣县城镇老旧小区改造项目")
        terminal.wait_for("Work items (22)")  # a one-project store opens on the project's Overview
        terminal.press("2")
        screen = terminal.wait_for("finishing late +89d")  # construction, on the Schedule view
        assert "done +87d" in screen  # tendering finished 87 days late
        terminal.press("3")
        screen = terminal.wait_for("589.20")
        assert "0.00% / 74.25%" in screen
        terminal.press("a")
        terminal.wait_for("As-of date")
        terminal.type("2023-07-25")
        terminal.press("Enter")
        terminal.wait_for("as of 2023-07-25")
        terminal.wait_for("507.20")
        terminal.press("1")
        terminal.wait_for("Work items (22)")
        terminal.press("Escape")
        screen = terminal.wait_for("Paid/time")  # the portfolio's heading: back from the project
        assert "0.00% / 56.44%" in screen  # its row, as of the date chosen on the project screen
        terminal.press("q")
        terminal.wait_for("drift-exited-0")
    finally:
        terminal.close()


def test_a_self_evaluated_project_shows_its_score_and_each_rows_arithmetic_at_80_columns(store: Path):
    """The year-end self-evaluation recorded from the command line, then read as a supervisor reads it: the headline,
    the line under the grid, and Enter on a row for how its score was reached. (The form is a Pilot test's.)"""
    for argv in (["project", "--status-date", "2023-12-31"], ["indicator", "I1", "--final", "1"]):
        subprocess.run([str(DRIFT), *argv, "--by", "ann", "--store", str(store)], check=True, capture_output=True)
    terminal = Terminal([str(DRIFT), "--store", str(store), "--lang", "en"], 80, 24)
    try:
        terminal.wait_for("as of 2023-12-31")
        terminal.press("4")
        # 改造小区数量: 1 of 2 communities, 50 ÷ 6 = 8.33 points: 1 ÷ 2 × 8.33 = 4.17; the other rows are not scored.
        screen = terminal.wait_for("Score not known yet (10 rows without a score); budget execution 0.00 ÷ 589.20")
        assert "score not known yet (10" in screen  # the headline, wrapped at 80 columns
        assert "Final" in screen and "To date" not in screen  # the year is over: the final value's columns
        terminal.press("Enter")
        terminal.wait_for("1 ÷ 2 × 8.33 = 4.17")
    finally:
        terminal.close()


def central_figures(screen: str) -> list[str]:
    """Budget, allocated and paid of 中央补助资金 in the Budget view's table (its first row naming 中央补助, which a
    narrow table breaks before 资金)."""
    for line in screen.splitlines():
        if "中央补助" in line and "[" not in line:  # not the bar chart's row
            return re.findall(r"\d+\.\d\d", line)[:3]
    return []


@pytest.mark.parametrize(("width", "height", "lang"), [(80, 24, "en"), (60, 20, "zh")])
def test_a_payment_another_process_records_shows_on_the_open_dashboard_within_two_seconds(
    store: Path, width: int, height: int, lang: str
):
    """A colleague's `drift pay` on the shared store, while the dashboard is open on its Budget view."""
    # Without pytest's COLUMNS and LINES (80×24), which Textual would believe over the pane's size.
    unsized = ["env", "-u", "COLUMNS", "-u", "LINES"]
    terminal = Terminal([*unsized, str(DRIFT), "--store", str(store), "--lang", lang], width, height)
    try:
        terminal.wait_for("2023年度襄垣县城镇老旧小区改造项目")
        terminal.press("3")
        deadline = time.monotonic() + 15
        while central_figures(terminal.screen()) != ["82.00", "82.00", "0.00"]:  # budget, allocated, nothing paid
            assert time.monotonic() < deadline, terminal.screen()
            time.sleep(0.1)
        pay = [str(DRIFT), "pay", "--store", str(store), "--date", "2023-09-15", "--source", "central"]
        subprocess.run([*pay, "--amount", "41.00", "--by", "bob"], check=True, capture_output=True)
        deadline = time.monotonic() + 2.0  # from the moment bob's save is made
        while central_figures(terminal.screen()) != ["82.00", "82.00", "41.00"]:
            assert time.monotonic() < deadline, terminal.screen()
            time.sleep(0.05)
        terminal.wait_for("revision 2 by bob: 1 payment" if lang == "en" else "版本 2（bob）：支出 1 条", timeout=2.0)
    finally:
        terminal.close()


def test_a_first_run_says_it_shows_the_sample_and_slash_finds_text_in_the_overview_at_60_columns(tmp_path: Path):
    data, config = tmp_path / "data", tmp_path / "config"
    sized = ["-u", "COLUMNS", "-u", "LINES"]  # pytest's 80×24, which Textual would believe over the pane's size
    command = ["env", *sized, f"XDG_DATA_HOME={data}", f"XDG_CONFIG_HOME={config}", str(DRIFT), "--lang", "en"]
    terminal = Terminal(command, 60, 20)
    try:
        terminal.wait_for("Showing the bundle")  # the toast, cut at 60 columns
        deadline = time.monotonic() + 15
        while "Showing the bundle" in terminal.screen() and time.monotonic() < deadline:  # its toast covers the
            time.sleep(0.2)  # corner where the search's "1 of 2" is said
        terminal.press("/")
        terminal.type("Monitor")  # "Monitoring period" and "Monitor", case ignored
        terminal.wait_for("1 of 2")
        terminal.press("Enter")
        time.sleep(0.3)
        terminal.press("n")
        terminal.wait_for("2 of 2")
        terminal.press("Escape")
        screen = terminal.wait_for("esc Back")
        assert "2 of 2" not in screen
    finally:
        terminal.close()
    assert (data / "drift" / "store.json").exists()
