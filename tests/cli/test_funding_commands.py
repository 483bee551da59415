"""`drift figure`, `drift source`, `drift budget`, and money of the whole project, on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from store.migrations import SCHEMA_VERSION
from store.persist import Store


def test_a_reported_figure_is_recorded_and_counts_from_its_date(drift, saved, store_path: Path) -> None:
    result = drift("figure", "--date", "2023/9/30", "--paid", "66.86", "--reference", "自评报告 第二部分")

    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "reported R5 date: — → 2023-09-30",
        "reported R5 paid: — → 66.86",
        "reported R5 reference: — → 自评报告 第二部分",
    ]
    assert saved()["funding"]["reported"][-1] == {
        "id": "R5",
        "date": "2023-09-30",
        "paid": "66.86",
        "reference": "自评报告 第二部分",
    }
    # As of 09-28 it does not count yet: the seed's own figure (0 paid by 09-28, R1) is the figure; on 09-30 66.86.
    before = json.loads(drift("status", "--json", "--as-of", "2023-09-28").out)["projects"][0]["budget"]["total"]
    after = json.loads(drift("status", "--json", "--as-of", "2023-09-30").out)["projects"][0]["budget"]["total"]
    assert (before["paid"], after["paid"], after["paid_from_reported"]) == ("0.00", "66.86", "R5")


def test_a_figure_needs_something_reported_and_a_bad_amount_is_refused_changing_nothing(drift, store_path) -> None:
    before = store_path.read_bytes()

    nothing = drift("figure", "--date", "2023-09-30", "--reference", "p.3")
    bad = drift("figure", "--date", "2023-09-30", "--paid", "-1")

    assert (nothing.code, nothing.err) == (2, "drift: a reported figure needs --allocated, --paid or both\n")
    assert bad.code == 2 and bad.err.startswith("drift: --paid: '-1' must not be negative")
    assert store_path.read_bytes() == before


def test_a_second_source_of_one_kind_gets_its_own_id_and_its_own_money(drift, saved) -> None:
    added = drift("source", "--kind", "central", "--name", "中央预算内投资", "--budget", "10")
    paid = drift("pay", "--date", "2023-10-01", "--amount", "4", "--source", "中央预算内投资")

    assert added.code == 0, added.err
    assert added.out.splitlines()[0] == "sources central-2 kind: — → central"
    assert paid.code == 0, paid.err
    assert saved()["funding"]["payments"][0]["source"] == "central-2"
    lines = json.loads(drift("status", "--json", "--as-of", "2023-10-01").out)["projects"][0]["budget"]["sources"]
    assert [(line["source"], line["paid"]) for line in lines] == [
        ("central", "0.00"),
        ("provincial", "0.00"),
        ("local", "0.00"),
        ("central-2", "4.00"),
    ]


def test_a_source_with_money_recorded_against_it_cannot_be_deleted(drift, store_path) -> None:
    before = store_path.read_bytes()

    result = drift("source", "--delete", "local")  # the seed's A1 is local money

    assert result.code == 2
    assert result.err == (
        "drift: source 'local' has 2 records against it (A1, R4): delete them or record them against another source"
        " first\n"
    )
    assert store_path.read_bytes() == before


def test_a_payment_without_a_source_is_money_of_the_whole_project_never_split(drift, saved) -> None:
    result = drift("pay", "--date", "2023-09-01", "--amount", "30")

    assert result.code == 0, result.err
    assert "source" not in saved()["funding"]["payments"][0]
    budget = json.loads(drift("status", "--json", "--as-of", "2023-09-28").out)["projects"][0]["budget"]
    assert [line["paid"] for line in budget["sources"]] == [None, None, None]
    assert [line["not_split"] for line in budget["sources"]] == [["paid"]] * 3
    assert (budget["whole_project"]["paid"], budget["total"]["paid"]) == ("30.00", "30.00")
    assert "not split" in drift("status", "--as-of", "2023-09-28").out


def test_the_budget_command_states_clears_and_says_what_it_did(drift, saved) -> None:
    result = drift("budget", "--annual-budget", "none", "--carried-over", "17,872.00")

    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "funding annual_budget: 589.20 → —",
        "funding carried_over: — → 17872.00",
    ]
    assert "annual_budget" not in saved()["funding"]
    # The seed's sources state 82 + 7.20 + 500: without a total, their sum is the annual budget, and says so.
    status = drift("status", "--as-of", "2023-09-28").out
    assert "The report gives the annual budget only by source: their sum, 589.20 万元, is the total" in status


def test_a_project_added_without_a_code_or_an_annual_budget_gets_a_made_code(drift, saved) -> None:
    result = drift("new", "--name", "老旧小区", "--year", "2020", "--department", "某县住建局")

    assert result.code == 0, result.err
    listed = json.loads(drift("list", "--json").out)
    made = next(row for row in listed if row["name"] == "老旧小区")
    assert made["code"].startswith("D2020-") and made["code_made"] is True
    assert made["annual_budget"] is None
    assert f"{made['code']} (made by drift)" in drift("list").out


def test_an_old_schema_1_store_with_history_opens_verifies_saves_and_verifies_again(drift, store_path) -> None:
    drift("pay", "--date", "2023-10-01", "--amount", "4", "--source", "local")  # a history entry with a state
    doc = json.loads(store_path.read_bytes())
    meta = doc["_meta"]["1"]
    doc["_meta"]["1"] = {**meta, "schema": 1}
    store_path.write_text(json.dumps(doc, ensure_ascii=False))

    assert drift("validate").code == 0
    assert drift("log", "--verify").code == 0
    assert drift("pay", "--date", "2023-10-02", "--amount", "1", "--source", "central").code == 0
    assert json.loads(store_path.read_bytes())["_meta"]["1"]["schema"] == SCHEMA_VERSION
    assert drift("log", "--verify").code == 0
    assert drift("undo").code == 0
    assert len(Store(store_path).load().projects[0].funding.payments) == 1


def test_a_source_cannot_be_given_the_name_of_another_kind_as_its_id(drift, store_path) -> None:
    before = store_path.read_bytes()

    result = drift("source", "--kind", "other", "--id", "中央")

    assert result.code == 2
    assert result.err.endswith("'中央' names the kind central; a source of kind other needs another id\n")
    assert store_path.read_bytes() == before


def test_a_number_beyond_any_count_is_refused_in_one_line_not_a_traceback(drift, store_path) -> None:
    before = store_path.read_bytes()

    result = drift("set-rules", "--schedule-yellow", "5", "--schedule-red", "99999999999999999999999")

    assert result.code == 2
    assert result.err.startswith("drift: ") and result.err.count("\n") == 1
    assert "is more than 1,000,000,000" in result.err
    assert store_path.read_bytes() == before


def test_validate_checks_the_stores_rules_file_as_every_other_command_reads_it(drift, store_path: Path) -> None:
    (store_path.parent / "store.rules.toml").write_text("budget_yellow_points = 10\n", encoding="utf-8")

    result = drift("validate")

    assert result.code == 2
    assert "store.rules.toml" in result.err and "budget_yellow_points" in result.err


def test_a_kind_and_a_cleared_amount_are_read_as_a_chinese_office_types_them(drift, saved) -> None:
    added = drift("source", "--kind", "专项债券", "--budget", "500")
    cleared = drift("budget", "--annual-budget", "无")
    bad = drift("source", "--kind", "银行")

    assert added.code == 0, added.err
    assert added.out.splitlines()[0] == "sources special_bonds kind: — → special_bonds"
    assert cleared.code == 0, cleared.err
    assert "annual_budget" not in saved()["funding"]
    assert bad.code == 2 and bad.err.startswith("drift: --kind: '银行' is not a kind of source (central, provincial")


def test_an_annual_budget_of_a_half_cent_is_listed_rounded_half_up_as_status_shows_it(drift) -> None:
    # 589.205 and 589.215: Python's "{:.2f}" rounds half to even (589.20, 589.22); a finance bureau rounds half up.
    for typed, shown in (("589.205", "589.21"), ("589.215", "589.22")):
        assert drift("budget", "--annual-budget", typed).code == 0

        listed = drift("list").out.splitlines()[1].split("\t")
        as_json = json.loads(drift("list", "--json").out)[0]["annual_budget"]
        status = json.loads(drift("status", "--json", "--as-of", "2023-09-28").out)["projects"][0]["budget"]

        assert (listed[-1], as_json, status["total"]["annual_budget"]) == (shown, shown, shown)
