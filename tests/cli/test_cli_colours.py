"""The command line's lights on a terminal: colour in 16 and 256 colours, weight and reverse video under NO_COLOR."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import lights

ENVIRONMENTS = {
    "16 colours": {"TERM": "xterm"},
    "256 colours": {"TERM": "xterm-256color"},
    "NO_COLOR": {"TERM": "xterm-256color", "NO_COLOR": "1"},
}

ESC = "\x1b["


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-colours")
    source, store = folder / "four.json", folder / "store.json"
    source.write_text(lights.four_lights(), encoding="utf-8")
    assert drift("import", str(source), "--store", str(store), environment={}).returncode == 0
    return store


def drift(*argv: str, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """drift in a process of its own, its output forced to be a terminal's (FORCE_COLOR) as on a real one."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env.update({"FORCE_COLOR": "1", "COLUMNS": "200", "LANG": "C.UTF-8"}, **environment)
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv], env=env, capture_output=True, text=True, encoding="utf-8"
    )


def status_rows(environment: str, store: Path) -> dict[str, str]:
    """Each project's light cell as printed, escapes included: the third whitespace-separated field of its row."""
    out = drift("status", "--lang", "en", "--store", str(store), environment=ENVIRONMENTS[environment]).stdout
    rows = {}
    for line in out.splitlines():
        fields = line.split()
        if fields and fields[0] in ("C-GREEN", "C-YELLOW", "C-UNKNOWN", "2306-140423-89-01-317509"):
            rows[fields[0]] = " ".join(fields[2:4]) if fields[0] == "C-UNKNOWN" else fields[2]
    return rows


@pytest.mark.parametrize("environment", ["16 colours", "256 colours"])
def test_status_prints_each_light_in_its_own_colour_and_unknown_without_one(environment: str, store: Path) -> None:
    rows = status_rows(environment, store)

    assert rows == {
        "2306-140423-89-01-317509": f"{ESC}1;31mred{ESC}0m",  # the sample: red, bold
        "C-YELLOW": f"{ESC}33myellow{ESC}0m",
        "C-GREEN": f"{ESC}32mgreen{ESC}0m",
        "C-UNKNOWN": "— unknown",  # no colour at all, and never green's
    }


def test_status_under_no_color_reverses_red_emboldens_yellow_and_leaves_green_and_unknown_plain(store: Path) -> None:
    rows = status_rows("NO_COLOR", store)

    assert rows == {
        "2306-140423-89-01-317509": f"{ESC}1;7mred{ESC}0m",
        "C-YELLOW": f"{ESC}1myellow{ESC}0m",
        "C-GREEN": "green",
        "C-UNKNOWN": "— unknown",
    }


@pytest.mark.parametrize("environment", list(ENVIRONMENTS))
def test_check_prints_plain_lines_in_every_terminal_and_unknown_is_never_green(environment: str, store: Path) -> None:
    result = drift(
        "check", "--fail-on", "unknown", "--lang", "en", "--store", str(store), environment=ENVIRONMENTS[environment]
    )

    assert ESC not in result.stdout  # tab-separated data for scripts, coloured nowhere
    levels: dict[str, set[str]] = {}
    for line in result.stdout.splitlines():
        code, level = line.split("\t")[:2]
        levels.setdefault(code, set()).add(level)
    assert levels["C-UNKNOWN"] == {"unknown"}
    assert levels["C-GREEN"] == {"unknown"}  # its schedule and indicators, unknown; no line is ever "green"


def test_status_on_an_80_column_terminal_still_shows_unknown_and_its_mark_whole(store: Path) -> None:
    result = drift("status", "--lang", "en", "--store", str(store), environment={"TERM": "xterm", "COLUMNS": "80"})

    # The sample's name would fold to five lines of 8 cells in columns: the rows stack, the light whole on its line.
    lines = result.stdout.splitlines()
    block = lines[lines.index("C-UNKNOWN") :]
    light = next(line for line in block if line.startswith("  Light"))
    assert light.split() == ["Light", "—", "unknown", "·", "schedule,", "budget,", "indicators", "unknown"]
