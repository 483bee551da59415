"""Options typed as offices type them are saved in canonical form; money from an unlisted source says to list it first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

LISTS = (
    "(it lists 中央补助资金 (central), 省级补助资金 (provincial), 县级财政资金 (local);"
    " leave the source out for money of the whole project)"
)


def test_a_payment_typed_with_a_slashed_date_a_grouped_amount_and_a_chinese_source_is_saved_canonical(
    drift, saved
) -> None:
    result = drift("pay", "--date", "2023/10/15", "--source", "中央", "--amount", "1,200.50", "--voucher", "记-9")

    assert result.code == 0, result.err
    (payment,) = saved()["funding"]["payments"]
    assert (payment["date"], payment["source"], payment["amount"]) == ("2023-10-15", "central", "1200.50")


def test_an_amount_in_yuan_or_full_width_digits_is_saved_in_wan_yuan(drift, saved) -> None:
    assert drift("pay", "--date", "２０２３－１０－１５", "--source", "local", "--amount", "35,000元").code == 0
    assert drift("pay", "--date", "2023年10月16日", "--source", "县级财政资金", "--amount", "１２０").code == 0

    payments = saved()["funding"]["payments"]
    assert [(p["date"], p["amount"]) for p in payments] == [("2023-10-15", "3.5"), ("2023-10-16", "120")]


def test_paying_from_a_kind_the_project_does_not_list_says_to_list_it_first(drift, store_path: Path) -> None:
    before = store_path.read_bytes()

    result = drift("pay", "--date", "2023-10-15", "--source", "单位自筹", "--amount", "1")

    assert result.code == 2
    assert result.err == (
        "drift: --source: '单位自筹' is not a funding source of this project: list it under funding.sources first "
        f"{LISTS}\n"
    )
    assert store_path.read_bytes() == before


def test_an_import_file_paying_from_an_unlisted_source_says_to_list_it_first(
    drift, store_path: Path, tmp_path: Path, sample_doc: dict[str, Any]
) -> None:
    project = sample_doc["projects"][0]
    project["code"] = "X-2"
    project["funding"]["payments"] = [{"id": "P1", "date": "2023-08-01", "source": "self_raised", "amount": "1"}]
    path = tmp_path / "import.json"
    path.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")
    before = store_path.read_bytes()

    result = drift("import", str(path))

    assert result.code == 2
    assert result.err == (
        f"drift: {path}: projects[0].funding.payments[0].source: 'self_raised' is not a funding source of this "
        f"project: list it under funding.sources first {LISTS}\n"
    )
    assert store_path.read_bytes() == before


def test_an_indicator_value_is_written_in_its_targets_unit(drift, saved) -> None:
    # I2's target is "100%": a full-width value is kept in ASCII; I7's target "提升" has no unit: text stays as typed
    assert drift("indicator", "I2", "--to-date", "８５％", "--forecast", "1,00%").code == 2
    assert drift("indicator", "I2", "--to-date", "８５％").code == 0
    assert drift("indicator", "I7", "--to-date", "有所提升").code == 0

    indicators = {i["id"]: i for i in saved()["indicators"]}
    assert indicators["I2"]["to_date"] == "85%"
    assert indicators["I7"]["to_date"] == "有所提升"


def test_a_new_project_names_its_sources_by_their_chinese_kinds(drift, saved) -> None:
    result = drift(
        "new",
        "--code",
        "X-3",
        "--name",
        "三",
        "--year",
        "2023",
        "--annual-budget",
        "1,000",
        "--source",
        "中央=600",
        "--source",
        "市县=400",
    )

    assert result.code == 0, result.err
    new = saved("X-3")
    assert [(s["kind"], s["annual_budget"]) for s in new["funding"]["sources"]] == [
        ("central", "600"),
        ("local", "400"),
    ]


def test_a_claim_typed_as_the_report_writes_it_is_saved_in_the_form_its_kind_reads(drift, saved) -> None:
    completion = ("claim", "--kind", "completion_date", "--value", "2023/12/31", "--date", "2023年9月28日")
    rate = ("claim", "--kind", "execution_rate", "--subject", "中央", "--value", "１００％", "--date", "2023-09-28")

    assert drift(*completion).code == 0
    assert drift(*rate).code == 0

    claims = [(c["kind"], c.get("subject", ""), c["value"], c["date"]) for c in saved()["claims"]]
    assert claims[-2:] == [
        ("completion_date", "", "2023-12-31", "2023-09-28"),
        ("execution_rate", "central", "１００％", "2023-09-28"),  # a rate is read as written: full-width % and all
    ]
