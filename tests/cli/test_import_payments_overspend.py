"""`drift import-payments` warns of each overspend a ledger makes, after the saved lines, as `drift pay` does."""

from __future__ import annotations

import json
from pathlib import Path

CENTRAL_OVER = (
    "date,source,amount,voucher\n2023-08-01,central,50,V-1\n2023-08-15,central,40,V-2\n2023-08-20,local,5,V-3\n"
)
"""The sample budgets and allocates 82 万元 of central money: 50 + 40 = 90 exceeds both; 5 of local 500 does not."""

WARNINGS = [
    "drift: warning: 中央补助资金: paid 90.00 of 82.00 万元 budgeted; recorded all the same",
    "drift: warning: 中央补助资金: paid 90.00 万元, more than the 82.00 万元 allocated; recorded all the same",
]


def test_a_ledger_that_pushes_a_source_over_its_budget_is_imported_with_one_warning_per_overspend(
    store_path: Path, tmp_path: Path, run_cli
) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(CENTRAL_OVER, "utf-8")

    result = run_cli("import-payments", str(ledger), "--store", str(store_path))

    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 3  # every row is recorded: overspending is real and must be recordable
    assert result.err.splitlines()[-2:] == WARNINGS
    [project] = json.loads(run_cli("status", "--json", "--store", str(store_path)).out)["projects"]
    assert (project["budget"]["sources"][0]["paid"], project["budget"]["light"]) == ("90.00", "red")


def test_importing_the_same_ledger_again_warns_of_nothing_new(store_path: Path, tmp_path: Path, run_cli) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(CENTRAL_OVER, "utf-8")
    assert run_cli("import-payments", str(ledger), "--store", str(store_path)).code == 0

    again = run_cli("import-payments", str(ledger), "--store", str(store_path))

    assert again.code == 0 and "warning" not in again.err  # the rows are skipped: no overspend is new


def test_a_dry_run_says_which_overspends_the_ledger_would_make_and_writes_nothing(
    store_path: Path, tmp_path: Path, run_cli
) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(CENTRAL_OVER, "utf-8")
    before = store_path.read_bytes()

    result = run_cli("import-payments", str(ledger), "--dry-run", "--store", str(store_path))

    assert result.code == 0, result.err
    assert result.err.splitlines()[-2:] == [
        "drift: warning: 中央补助资金: paid 90.00 of 82.00 万元 budgeted, if imported",
        "drift: warning: 中央补助资金: paid 90.00 万元, more than the 82.00 万元 allocated, if imported",
    ]
    assert store_path.read_bytes() == before
