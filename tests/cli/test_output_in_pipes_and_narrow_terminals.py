"""The command line in pipes and narrow terminals: nothing wrapped into a pipe, no figure split or cut at any width,
no line ending in spaces, and `drift log` in local time with its offset."""

from __future__ import annotations

import datetime
import io
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pendulum
import pytest
from msgspec import structs
from rich.cells import cell_len
from rich.console import Console

from store.edits import add_payment
from store.persist import Store
from tests.ansi import without_escapes
from tests.conftest import SEED_CODE

FIGURES = ("589.20", "190.65", "726.49", "74.25", "+89", "+87", "≈2024-03-29", "2023-07-01–11-30")
"""Figures of the sample as of its status date, by hand: the annual budget, 190.65 a month still needed for the rest
of the year, the whole project's budget, 74.25 points behind time, construction 89 days late, tendering 87."""


def terminal(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    """Standard output as a terminal of that many columns (Rich reads TTY_COMPATIBLE and COLUMNS)."""
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", str(columns))


def test_piped_status_is_one_unwrapped_line_per_row_with_no_trailing_spaces(
    drift, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "40")  # a pipe's lines are as long as they need, whatever COLUMNS says

    lines = drift("status").out.splitlines()

    assert [line for line in lines if line != line.rstrip()] == []
    construction = next(line for line in lines if line.startswith("工程建设"))
    assert construction.split() == [
        "工程建设", "2023-07-01–11-30", "2023-09-28", "≈2024-02-27", "+89", "+89", "finishing", "late"
    ]  # fmt: skip
    flag = "red     工程建设 is forecast to finish 2024-02-27, 89 days after the planned 2023-11-30"
    assert flag in lines
    assert "…" not in "\n".join(lines)


def test_piped_log_and_list_have_no_trailing_spaces(drift) -> None:
    assert drift("pay", "--date", "2023-10-08", "--source", "local", "--amount", "100").code == 0

    for command in ("log", "list", "check"):
        out = drift(command).out
        assert out and not [line for line in out.splitlines() if line.endswith(" ")], command


def test_a_table_printed_to_a_terminal_has_no_trailing_spaces_either(drift, monkeypatch: pytest.MonkeyPatch) -> None:
    terminal(monkeypatch, 100)

    out = drift("status").out

    assert "\x1b[" in out  # a terminal's: coloured
    assert [line for line in without_escapes(out).splitlines() if line.endswith(" ")] == []


def test_stderr_into_a_file_is_one_line_however_long(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    data = tmp_path / ("deep-folder-" * 8)

    result = run_cli("list", environ={"XDG_DATA_HOME": str(data), "USER": "alice"})

    assert result.code == 0
    [line] = result.err.splitlines()  # "Created … with the bundled sample", the path whole on its one line
    assert str(data / "drift" / "store.json") in line and cell_len(line) > 100


@pytest.mark.parametrize("columns", [60, 40])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_in_a_narrow_terminal_no_figure_is_split_or_cut(
    drift, monkeypatch: pytest.MonkeyPatch, columns: int, lang: str
) -> None:
    terminal(monkeypatch, columns)

    out = without_escapes(drift("status", "--lang", lang).out)
    lines = out.splitlines()

    assert max(cell_len(line) for line in lines) <= columns
    assert "…" not in out
    words = set(out.split())
    assert set(FIGURES) <= words, set(FIGURES) - words
    assert not [line for line in lines if re.search(r"(^|\s)(589|\.20|190|\.65)(\s|$)", line)]
    if lang == "en":
        assert any(line.endswith("finishing late") for line in lines)  # never "finishin" over "late"


@pytest.mark.parametrize("columns", [60, 40])
def test_drift_list_in_a_narrow_terminal_keeps_the_budget_whole(
    drift, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    terminal(monkeypatch, columns)

    out = without_escapes(drift("list").out)

    assert max(cell_len(line) for line in out.splitlines()) <= columns
    assert "589.20" in out.split() and "2023-09-28" in out.split() and SEED_CODE in out.split()
    assert "…" not in out


def test_at_80_columns_the_schedule_is_a_table_with_every_figure_in_its_row(
    drift, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal(monkeypatch, 80)

    lines = without_escapes(drift("status").out).splitlines()

    # The headings wider than their figures fold first (Start over Δd), so the phase's name stays whole; the status
    # wraps between its words; the figures stay in the row.
    at = next(n for n, line in enumerate(lines) if "2023-07-01–11-30" in line)
    assert lines[at].split() == ["工程建设", "2023-07-01–11-30", "2023-09-28", "≈2024-02-27", "+89", "+89", "finishing"]
    assert lines[at + 1].split() == ["late"]
    assert ["Phase", "Planned", "Start", "Finish", "Δd", "Δd", "Status"] in [line.split() for line in lines[:at]]
    assert max(cell_len(line) for line in lines) <= 80


# --- drift log in local time -----------------------------------------------------------------------------------


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Sets the machine's time zone (TZ) for the test, and puts the process's back after it."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


AT = datetime.datetime(2023, 10, 8, 6, 5, tzinfo=datetime.UTC)
"""A payment saved at 06:05 UTC, by a colleague on a server that keeps UTC: 14:05 in Beijing."""


@pytest.fixture
def paid_at_six_utc(store_path: Path) -> Path:
    payment = add_payment(SEED_CODE, date=pendulum.date(2023, 10, 8), source="local", amount="100")
    Store(store_path).apply([payment], by="bob", at=AT)
    return store_path


def test_log_shows_when_in_local_time_with_its_offset(run_cli, paid_at_six_utc: Path, zone) -> None:
    zone("Asia/Shanghai")

    rows = [line.split("\t") for line in run_cli("log", "--store", str(paid_at_six_utc)).out.splitlines()]

    assert {row[1] for row in rows} == {"2023-10-08T14:05:00+08:00"}


def test_a_change_made_in_beijing_reads_in_utc_on_a_server_that_keeps_utc(run_cli, store_path: Path, zone) -> None:
    beijing = datetime.timezone(datetime.timedelta(hours=8))
    payment = add_payment(SEED_CODE, date=pendulum.date(2023, 10, 8), source="local", amount="100")
    Store(store_path).apply([payment], by="alice", at=datetime.datetime(2023, 10, 8, 14, 5, tzinfo=beijing))
    zone("UTC")

    rows = [line.split("\t") for line in run_cli("log", "--store", str(store_path)).out.splitlines()]

    assert {row[1] for row in rows} == {"2023-10-08T06:05:00+00:00"}


def test_the_dashboards_history_shows_the_same_local_time_as_the_log(paid_at_six_utc: Path, zone) -> None:
    from tui.widgets.report import history_table

    zone("Asia/Shanghai")
    console = Console(width=120, file=io.StringIO(), record=True, color_system=None)

    console.print(history_table(Store(paid_at_six_utc).history(), "en"))

    assert "2023-10-08 14:05" in console.export_text()


@pytest.mark.parametrize("columns", [None, 80, 60], ids=["pipe", "80 columns", "60 columns"])
def test_a_line_break_typed_into_a_projects_name_is_shown_as_an_escape_in_every_list_of_projects(
    run_cli, tmp_path: Path, sample_projects, monkeypatch: pytest.MonkeyPatch, columns: int | None
) -> None:
    (seed,) = sample_projects
    path = tmp_path / "store.json"
    Store(path).create([seed, structs.replace(seed, code="B-2", name="line one\nline two\u2028three")])
    if columns:
        terminal(monkeypatch, columns)

    for command in ("status", "list"):
        out = without_escapes(run_cli(command, "--store", str(path)).out)

        # Its second half is never a line of its own, passing off as a row, in a pipe or a terminal.
        assert not [line for line in out.splitlines() if line.lstrip().startswith(("line two", "three"))]
        assert "line one\\nline" in out and "two\\u2028three" in out  # the escapes shown, the name folded or not
