"""One rule for an exact duplicate payment: `drift pay` refuses it, a ledger import skips it, --allow-duplicate adds it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.persist import Store

CODE = "2306-140423-89-01-317509"
PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--voucher", "V-1")


@pytest.fixture
def drift(run_cli, store_path: Path):
    def run(*argv: str, user: str = "alice"):
        return run_cli(*argv, "--store", str(store_path), environ={"USER": user})

    return run


def payments(store_path: Path) -> list[tuple[str, str]]:
    project = json.loads(store_path.read_bytes())["projects"]["1"]
    return [(p["id"], p["amount"]) for p in project["funding"].get("payments", [])]


def test_paying_the_same_payment_again_is_refused_naming_the_one_recorded_and_who_recorded_it(
    drift, store_path: Path
) -> None:
    assert drift(*PAY, "--amount", "120", user="alice").code == 0
    before = store_path.read_bytes()

    again = drift(*PAY, "--amount", "120.00", user="bob")  # the same amount, spelled otherwise

    assert again.code == 2
    assert again.out == ""
    assert again.err.count("\n") == 1 and "Traceback" not in again.err
    assert again.err.startswith("drift: same as payment P1 of project " + CODE)
    assert "(2023-10-08, local, 120, voucher V-1), recorded " in again.err
    assert " by alice; use --allow-duplicate if this is a second payment" in again.err
    assert store_path.read_bytes() == before


def test_allow_duplicate_records_a_second_payment_of_the_same_amount(drift, store_path: Path) -> None:
    assert drift(*PAY, "--amount", "120").code == 0

    second = drift(*PAY, "--amount", "120", "--allow-duplicate")

    assert second.code == 0, second.err
    assert payments(store_path) == [("P1", "120"), ("P2", "120")]


def test_a_payment_differing_in_voucher_date_source_or_amount_is_no_duplicate(drift, store_path: Path) -> None:
    assert drift(*PAY, "--amount", "120").code == 0

    assert drift(*PAY, "--amount", "120.01").code == 0
    assert drift("pay", "--date", "2023-10-08", "--source", "local", "--voucher", "V-2", "--amount", "120").code == 0
    assert drift("pay", "--date", "2023-10-09", "--source", "local", "--voucher", "V-1", "--amount", "120").code == 0
    assert drift("pay", "--date", "2023-10-08", "--source", "central", "--voucher", "V-1", "--amount", "120").code == 0

    assert len(payments(store_path)) == 5


def test_a_ledger_row_is_already_recorded_by_the_same_rule_and_allow_duplicate_adds_it(
    drift, store_path: Path, tmp_path: Path
) -> None:
    assert drift(*PAY, "--amount", "10.5").code == 0
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("date,source,amount,voucher\n2023-10-08,local,10.50,V-1\n2023-10-09,local,3,V-2\n", "utf-8")

    skipped = drift("import-payments", str(ledger))

    assert skipped.code == 0, skipped.err
    assert "ledger.csv:2: already recorded; skipped" in skipped.err
    assert skipped.out.splitlines() == ["payments P2: date 2023-10-09, source local, amount 3, voucher V-2"]
    assert payments(store_path) == [("P1", "10.5"), ("P2", "3")]

    forced = drift("import-payments", str(ledger), "--allow-duplicate")

    assert forced.code == 0, forced.err
    assert "already recorded" not in forced.err
    assert payments(store_path) == [("P1", "10.5"), ("P2", "3"), ("P3", "10.50"), ("P4", "3")]
    assert Store(store_path).load().revision == 4


@pytest.mark.parametrize("which", ["--edit", "--delete"])
def test_allow_duplicate_is_refused_where_no_payment_is_added(drift, store_path: Path, which: str) -> None:
    assert drift(*PAY, "--amount", "120").code == 0
    before = store_path.read_bytes()

    result = drift("pay", which, "P1", "--allow-duplicate")

    assert result.code == 2
    assert result.err == ("drift: --allow-duplicate is for a new payment; it cannot be used with --edit or --delete\n")
    assert store_path.read_bytes() == before


def test_a_ledger_row_repeated_is_two_payments_and_only_as_many_as_are_recorded_are_skipped(
    drift, store_path: Path, tmp_path: Path
) -> None:
    assert drift(*PAY, "--amount", "5").code == 0
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("date,source,amount,voucher\n2023-10-08,local,5,V-1\n2023-10-08,local,5,V-1\n", "utf-8")

    result = drift("import-payments", str(ledger))

    assert result.code == 0, result.err
    assert "ledger.csv:2: already recorded; skipped" in result.err
    assert "ledger.csv:3" not in result.err
    assert payments(store_path) == [("P1", "5"), ("P2", "5")]
