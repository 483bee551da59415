"""`drift log` on a terminal is a table as wide as the terminal (a pipe keeps its TSV), says when there is nothing
to show and refuses a project that is not there; `drift rules`' last line is as wide as the terminal too."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.ansi import without_escapes
from tests.conftest import SEED_CODE

PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--amount", "100", "--note", "October")


def terminal(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", str(columns))


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_log_on_a_terminal_is_a_table_no_wider_than_the_terminal_with_no_tabs(
    drift, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    assert drift(*PAY).code == 0
    terminal(monkeypatch, columns)

    lines = without_escapes(drift("log").out).splitlines()

    assert "\t" not in "\n".join(lines)
    assert max(cell_len(line) for line in lines) <= columns
    # Every field of the payment's three changes (date, source, amount) is there, each change whole on its line or folded at a space.
    text = " ".join(" ".join(lines).split())
    assert text.count("r2") == 3 and text.count(SEED_CODE) == 3 and text.count("October") == 3
    assert "→ 2023-10-08" in text and "→ local" in text


def test_log_into_a_pipe_keeps_its_eight_tab_separated_columns(drift) -> None:
    assert drift(*PAY).code == 0

    rows = [line.split("\t") for line in drift("log").out.splitlines()]

    assert len(rows) == 3 and {len(row) for row in rows} == {8}
    assert [row[6] for row in rows] == ["", "", ""]  # undoes nothing: an empty field, the column kept


def test_log_of_a_project_that_is_not_there_is_refused_as_status_refuses_it(drift, store_path: Path) -> None:
    result = drift("log", "--project", "NOPE")

    assert (result.code, result.out) == (2, "")
    assert result.err == f"drift: no project NOPE in {store_path}\n"


def test_log_since_a_date_with_nothing_after_it_says_so_on_stderr(drift) -> None:
    assert drift(*PAY).code == 0

    result = drift("log", "--since", "2027-01-01")

    assert (result.code, result.out, result.err) == (0, "", "no changes since 2027-01-01\n")
    assert drift("--lang", "zh", "log", "--since", "2027-01-01").err == "2027-01-01 以来没有修改记录\n"


@pytest.mark.parametrize("columns", [40, 60, 80])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_rules_files_line_is_no_wider_than_the_terminal(
    drift, monkeypatch: pytest.MonkeyPatch, store_path: Path, columns: int, lang: str
) -> None:
    terminal(monkeypatch, columns)

    lines = without_escapes(drift("--lang", lang, "rules").out).splitlines()

    assert max(cell_len(line) for line in lines) <= columns
    assert not any(line.startswith(("）", ")")) for line in lines)
    # The files' line is all there, a path folded only where it is longer than the line.
    assert str(store_path.with_name("store.rules.toml")) in "".join(lines)
    assert lines[-1].endswith("(not there)" if lang == "en" else "（无此文件）")
