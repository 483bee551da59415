"""The command line on a value that cannot be read against its target and on figures that disagree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CODE = "2306-140423-89-01-317509"


def flags_of(store: Path, run_cli, subject: str | None = None) -> list[str]:
    """The codes of the sample project's flags, of one subject only when given."""
    [project] = json.loads(run_cli("status", "--json", "--store", str(store)).out)["projects"]
    return [item["code"] for item in project["flags"] if subject in (None, item["subject"])]


@pytest.mark.parametrize("typed", ["40％", "４０%", "４０ ％"])
def test_a_full_width_value_counts_as_40_percent_and_hides_no_flag(
    typed: str, store_path: Path, tmp_path: Path, run_cli
) -> None:
    assert len(flags_of(store_path, run_cli)) == 15
    ascii_store = tmp_path / "ascii.json"
    ascii_store.write_bytes(store_path.read_bytes())
    assert run_cli("indicator", "I2", "--to-date", typed, "--store", str(store_path)).code == 0
    assert run_cli("indicator", "I2", "--to-date", "40%", "--store", str(ascii_store)).code == 0

    # 40% of 100% is progress, not met: "certain without progress" goes, the missing deviation cause stays (15 - 1).
    codes = flags_of(store_path, run_cli)
    assert codes == flags_of(ascii_store, run_cli)
    assert len(codes) == 14
    assert flags_of(store_path, run_cli, "I2") == ["indicator.missing_deviation_cause"]


def test_a_value_in_words_is_flagged_as_not_comparable_in_place_of_what_it_cannot_decide(
    store_path: Path, run_cli
) -> None:
    assert flags_of(store_path, run_cli, "I2") == [
        "indicator.certain_without_progress",
        "indicator.missing_deviation_cause",
    ]
    assert run_cli("indicator", "I2", "--to-date", "四十", "--store", str(store_path)).code == 0

    result = run_cli("check", "--fail-on", "yellow", "--store", str(store_path))
    assert (
        f'{CODE}\tyellow\tindicator.value_incomparable\t配套设施完成率: the value to date "四十" cannot be compared with the target 100%'
        in result.out.splitlines()
    )
    # Whether anything is done, or the value deviates, cannot be told from "四十": one yellow flag says so (15 - 2 + 1).
    assert flags_of(store_path, run_cli, "I2") == ["indicator.value_incomparable"]
    assert len(flags_of(store_path, run_cli)) == 14


def test_check_names_sources_that_do_not_add_up_with_their_figures(
    tmp_path: Path, run_cli, sample_doc: dict[str, Any]
) -> None:
    sample_doc["projects"][0]["funding"]["sources"][2]["annual_budget"] = "580"
    source = tmp_path / "import.json"
    source.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")
    store = str(tmp_path / "store.json")
    assert run_cli("import", str(source), "--store", store).code == 0

    lines = run_cli("check", "--fail-on", "yellow", "--store", store).out.splitlines()
    # 82 + 7.20 + 580 = 669.20 against 589.20; the 500 allocated to the county is no longer above its budget.
    assert (
        f"{CODE}\tyellow\tbudget.sources_differ_from_budget\tthe funding sources add up to 669.20 万元,"
        " not the annual budget of 589.20 万元"
    ) in lines


def test_a_payment_after_the_status_date_is_saved_with_one_line_saying_when_it_counts(
    store_path: Path, run_cli
) -> None:
    result = run_cli("pay", "--date", "2023-10-15", "--source", "local", "--amount", "10", "--store", str(store_path))

    assert result.code == 0
    assert "drift: after the as-of date 2023-09-28: it counts from that date on\n" in result.err
    [project] = json.loads(run_cli("status", "--json", "--store", str(store_path)).out)["projects"]
    assert (project["budget"]["total"]["paid"], project["after_as_of"]["payments"]) == ("0.00", 1)
    assert "1 payment after the as-of date 2023-09-28 not counted" in run_cli("status", "--store", str(store_path)).out


def test_a_payment_on_the_status_date_is_saved_without_the_after_as_of_line(store_path: Path, run_cli) -> None:
    result = run_cli("pay", "--date", "2023-09-28", "--source", "local", "--amount", "10", "--store", str(store_path))

    assert result.code == 0 and "as-of date" not in result.err


def test_a_ledger_with_rows_after_the_status_date_is_imported_with_one_line_saying_when_they_count(
    store_path: Path, tmp_path: Path, run_cli
) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("date,source,amount,voucher\n2023-09-20,local,2,V-1\n2023-10-08,local,3,V-2\n", "utf-8")

    result = run_cli("import-payments", str(ledger), "--store", str(store_path))

    assert result.code == 0, result.err
    assert result.err.count("drift: after the as-of date 2023-09-28: it counts from that date on\n") == 1
    [project] = json.loads(run_cli("status", "--json", "--store", str(store_path)).out)["projects"]
    assert (project["budget"]["total"]["paid"], project["after_as_of"]["payments"]) == ("2.00", 1)
