"""`drift log` as tab-separated values: one cell per column, nothing a spreadsheet would evaluate or split."""

from __future__ import annotations

from pathlib import Path

import pytest

PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--amount", "100")


@pytest.fixture
def drift(run_cli, store_path: Path):
    def run(*argv: str, user: str = "alice"):
        return run_cli(*argv, "--store", str(store_path), environ={"USER": user})

    return run


def test_log_prints_one_tab_separated_row_per_field_with_the_same_columns_every_time(drift) -> None:
    assert drift(*PAY, "--voucher", "V-1", "--note", "October").code == 0
    assert drift("undo").code == 0

    rows = [line.split("\t") for line in drift("log").out.splitlines()]

    assert len(rows) == 8  # date, source, amount and voucher added in revision 2, the same four removed in 3
    assert {len(row) for row in rows} == {8}
    first = rows[0]
    assert first[0] == "r2" and first[2] == "alice" and first[4] == "2306-140423-89-01-317509"
    assert first[5] == "payments P1 date: — → 2023-10-08"
    assert first[6:] == ["", "October"]
    assert rows[-1][0] == "r3" and rows[-1][6] == "(undoes revision 2)" and rows[-1][7] == ""


def test_log_cells_that_a_spreadsheet_would_evaluate_or_split_are_defused(drift) -> None:
    note = '=HYPERLINK("http://evil","x")\u2028second line\u2029third'
    assert drift(*PAY, "--voucher", "@SUM(A1)", "--note", note, user="-bob").code == 0

    rows = [line.split("\t") for line in drift("log").out.splitlines()]

    assert len(rows) == 4
    assert rows[0][2] == "'-bob"
    assert rows[0][7] == '\'=HYPERLINK("http://evil","x")\\u2028second line\\u2029third'
    assert rows[3][5] == "payments P1 voucher: — → @SUM(A1)"  # inside the cell, not at its start: harmless
