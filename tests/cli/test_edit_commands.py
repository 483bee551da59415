"""`drift pay`, `phase`, `indicator`, `new`, `log`, `undo`, `import-payments` …: what they change, print and refuse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from msgspec import structs

from store import history
from store.files import load_sample
from store.persist import Store
from tui.commands import claims, ledger, money, records
from tui.commands import history as history_commands

CODE = "2306-140423-89-01-317509"
ME = history.system_account()
"""The system account the tests run as, which every change they make records."""


def store_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_bytes())


def project_doc(path: Path, code: str = CODE) -> dict[str, Any]:
    return next(doc for doc in store_json(path)["projects"].values() if doc["code"] == code)


def assert_one_line_error(err: str, *needles: str) -> None:
    assert err.startswith("drift: "), err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    for needle in needles:
        assert needle in err, f"{needle!r} not in {err!r}"


@pytest.fixture
def drift(run_cli, store_path: Path):
    """Runs drift on the sample store as alice, who is $USER."""

    def run(*argv: str):
        return run_cli(*argv, "--store", str(store_path), environ={"USER": "alice"})

    return run


@pytest.fixture
def paid(drift, store_path: Path) -> Path:
    """The sample store with one payment P1 of 100 from local funds (revision 2)."""
    assert drift("pay", "--date", "2023-10-08", "--source", "local", "--amount", "100", "--voucher", "V-1").code == 0
    return store_path


# Recording


def test_pay_adds_a_payment_and_prints_one_line_per_field(drift, store_path: Path) -> None:
    result = drift("pay", "--date", "2023-10-15", "--source", "central", "--amount", "120.50", "--voucher", "记-12")

    assert result.code == 0
    assert result.out.splitlines() == [
        "payments P1 date: — → 2023-10-15",
        "payments P1 source: — → central",
        "payments P1 amount: — → 120.50",
        "payments P1 voucher: — → 记-12",
    ]
    assert "saved as revision 2 by alice" in result.err
    assert project_doc(store_path)["funding"]["payments"] == [
        {"id": "P1", "date": "2023-10-15", "source": "central", "amount": "120.50", "voucher": "记-12"}
    ]


def test_in_chinese_each_changed_field_is_named_in_chinese_in_the_save_the_log_and_the_undo(drift) -> None:
    paid = drift("pay", "--date", "2023-10-15", "--source", "central", "--amount", "120.50", "--lang", "zh")
    assert paid.out.splitlines() == [
        "支出 P1 日期：— → 2023-10-15",
        "支出 P1 资金来源：— → central",
        "支出 P1 金额：— → 120.50",
    ]
    dated = drift("project", "--status-date", "2023-10-31", "--lang", "zh")
    assert dated.out.splitlines() == ["项目 状态日期：2023-09-28 → 2023-10-31"]
    assert "支出 P1 金额：— → 120.50" in drift("log", "--lang", "zh").out
    assert drift("undo", "--lang", "zh").out.splitlines() == ["项目 状态日期：2023-10-31 → 2023-09-28"]
    assert drift("log").out.count("payments P1 amount: — → 120.50") == 1  # in English, the store's own names


def test_every_field_a_change_can_name_has_its_chinese_name() -> None:
    from drift.i18n import t
    from store.edits import KINDS

    for kind in KINDS.values():
        assert t(f"change.kind.{kind.name}", "en") == kind.name
        for field in (*kind.fields, *(kind.key,) * bool(kind.key)):
            chinese = t(f"change.field.{field}", "zh")
            assert chinese != field and t(f"change.field.{field}", "en") == field, field


def test_pay_edit_changes_the_fields_given_and_delete_removes_the_payment(drift, paid: Path) -> None:
    edited = drift("pay", "--edit", "P1", "--amount", "120", "--description", "第一笔工程款", "--note", "凭证更正")
    assert edited.out.splitlines() == ["payments P1 amount: 100 → 120", "payments P1 note: — → 第一笔工程款"]

    deleted = drift("pay", "--delete", "P1")

    assert deleted.code == 0
    assert "payments P1 amount: 120 → —" in deleted.out
    assert "payments" not in project_doc(paid)["funding"]


def test_an_edit_to_the_values_already_there_saves_nothing(drift, paid: Path) -> None:
    before = paid.read_bytes()

    result = drift("pay", "--edit", "P1", "--amount", "100")

    assert (result.code, result.out) == (0, "")
    assert "nothing changed" in result.err
    assert paid.read_bytes() == before


def test_allocate_records_the_notice_number(drift, store_path: Path) -> None:
    result = drift(
        "allocate", "--date", "2023-10-09", "--source", "central", "--amount", "5", "--document", "襄财综9号"
    )

    assert result.code == 0
    assert "allocations A4 document: — → 襄财综9号" in result.out
    assert project_doc(store_path)["funding"]["allocations"][-1]["id"] == "A4"


def test_phase_sets_and_clears_actual_dates(drift, store_path: Path) -> None:
    result = drift("phase", "construction", "--clear-actual-start", "--actual-end", "2023-12-20")

    assert result.out.splitlines() == [
        "phases construction actual_start: 2023-09-28 → —",
        "phases construction actual_end: — → 2023-12-20",
    ]
    phase = project_doc(store_path)["phases"][3]
    assert "actual_start" not in phase
    assert phase["actual_end"] == "2023-12-20"


def test_event_records_a_milestone_with_its_document_and_the_phase_it_closes(drift, store_path: Path) -> None:
    result = drift(
        "event",
        "--date",
        "2023-12-20",
        "--name",
        "竣工验收",
        "--document",
        "襄建验〔2023〕3号",
        "--phase",
        "acceptance",
    )

    assert result.code == 0
    assert project_doc(store_path)["events"][-1] == {
        "id": "E5",
        "date": "2023-12-20",
        "name": "竣工验收",
        "document": "襄建验〔2023〕3号",
        "phase": "acceptance",
    }


def test_indicator_records_progress_and_none_clears_the_likelihood(drift, store_path: Path) -> None:
    result = drift("indicator", "I5", "--to-date", "40%", "--likelihood", "none", "--cause", "前期手续滞后")

    assert result.out.splitlines() == [
        "indicators I5 to_date: 0 → 40%",
        "indicators I5 deviation_cause: — → 前期手续滞后",
        "indicators I5 likelihood: possible → —",
    ]
    indicator = project_doc(store_path)["indicators"][4]
    assert "likelihood" not in indicator


def test_project_sets_the_status_date(drift, store_path: Path) -> None:
    result = drift("project", "--status-date", "2023-12-31")

    assert result.out == "project status_date: 2023-09-28 → 2023-12-31\n"
    assert project_doc(store_path)["status_date"] == "2023-12-31"


def test_findings_recommendations_and_compliance_checks_are_added_edited_and_deleted(drift, store_path: Path) -> None:
    assert drift("finding", "add", "--problem", "资金未支出", "--cause", "手续滞后").out.startswith(
        "findings 3 problem"
    )
    assert drift("finding", "edit", "3", "--recommendation", "加快支付").code == 0
    assert drift("recommendation", "add", "--text", "按月报送进度").code == 0
    assert drift("recommendation", "delete", "1").code == 0
    assert drift("compliance", "edit", "7", "--risk", "付款滞后").code == 0

    doc = project_doc(store_path)
    assert doc["findings"][2] == {"problem": "资金未支出", "cause": "手续滞后", "recommendation": "加快支付"}
    assert doc["recommendations"][-1] == "按月报送进度"
    assert len(doc["recommendations"]) == 2
    assert doc["compliance"][6]["risk"] == "付款滞后"


def test_new_adds_a_project_with_its_funding_sources(drift, store_path: Path) -> None:
    result = drift(
        "new", "--code", "N-1", "--name", "新项目", "--year", "2024", "--annual-budget", "100", "--source", "local=100"
    )

    assert result.code == 0
    assert "project name: — → 新项目" in result.out
    doc = project_doc(store_path, "N-1")
    assert doc["budget_year"] == 2024
    assert doc["funding"]["sources"][0] == {"kind": "local", "name": "县级财政资金", "annual_budget": "100"}


def test_by_defaults_to_the_user_in_the_environment(run_cli, store_path: Path) -> None:
    result = run_cli("project", "--status-date", "2023-10-31", "--store", str(store_path), environ={"USER": "carol"})

    assert result.code == 0
    assert Store(store_path).history()[-1].by == "carol"


# Refusals: one line, exit 2, the store's bytes unchanged

BAD: list[tuple[str, list[str], list[str]]] = [
    ("impossible_date", ["pay", "--date", "2023-02-30", "--source", "local", "--amount", "1"], ["--date", "calendar"]),
    ("date_not_iso", ["pay", "--date", "15/10/2023", "--source", "local", "--amount", "1"], ["--date", "YYYY-MM-DD"]),
    (
        "date_outside_the_budget_year",
        ["pay", "--date", "2025-01-15", "--source", "local", "--amount", "1"],
        ["--date: 2025-01-15 is outside 2022–2024: money of the budget year 2023 moves from the year before it"],
    ),
    (
        "negative_money",
        ["pay", "--date", "2023-10-15", "--source", "local", "--amount", "-5"],
        ["--amount: '-5' must not be negative"],
    ),
    (
        "non_numeric_money",
        ["pay", "--date", "2023-10-15", "--source", "local", "--amount", "12,5"],
        ["--amount: '12,5' has a grouping comma out of place"],
    ),
    (
        "negative_allocation",
        ["allocate", "--date", "2023-10-15", "--source", "local", "--amount", "-1"],
        ["--amount: '-1' must not be negative"],
    ),
    (
        "unknown_source",
        ["pay", "--date", "2023-10-15", "--source", "bank", "--amount", "1"],
        ["--source: 'bank' is not a funding source of this project; name one of 中央补助资金 (central)"],
    ),
    (
        "source_the_project_does_not_have",
        ["pay", "--date", "2023-10-15", "--source", "other", "--amount", "1"],
        [
            "--source: 'other' is not a funding source of this project: list it under funding.sources first "
            "(it lists 中央补助资金 (central), 省级补助资金 (provincial), 县级财政资金 (local); leave the source out for"
            " money of the whole project)"
        ],
    ),
    (
        "unknown_project_code",
        ["pay", "--project", "NOPE", "--date", "2023-10-15", "--source", "local", "--amount", "1"],
        ["no project NOPE"],
    ),
    ("unknown_payment_id", ["pay", "--edit", "P9", "--amount", "1"], ["no payment record 'P9'"]),
    ("missing_amount", ["pay", "--date", "2023-10-15", "--source", "local"], ["a new payment needs --amount"]),
    ("field_with_delete", ["pay", "--delete", "P1", "--amount", "1"], ["--amount cannot be used with --delete"]),
    ("unknown_phase", ["phase", "build", "--actual-end", "2023-10-01"], ["no phase record 'build'", "design"]),
    ("phase_bad_date", ["phase", "design", "--actual-end", "1/6/2023"], ["--actual-end: '1/6/2023' is not a date"]),
    (
        "actual_end_before_start",
        ["phase", "construction", "--actual-end", "2023-09-01"],
        [f"projects[{CODE}].phases[3].actual_end: 2023-09-01 is before actual_start 2023-09-28"],
    ),
    ("phase_without_a_change", ["phase", "design"], ["nothing to change"]),
    ("event_without_a_name", ["event", "--date", "2023-10-01"], ["a new event needs --name"]),
    (
        "event_of_an_unknown_phase",
        ["event", "--date", "2023-10-01", "--name", "x", "--phase", "x"],
        ["--phase: 'x' is not a phase of project"],
    ),
    ("event_marks_without_phase", ["event", "--date", "2023-10-01", "--name", "x", "--marks", "start"], ["--phase"]),
    ("unknown_indicator", ["indicator", "I99", "--to-date", "1"], ["no indicator record 'I99'", "I1, I2"]),
    ("control_character", ["indicator", "I1", "--remark", "a\x1b[31m"], ["--remark", "control character U+001B"]),
    ("bad_status_date", ["project", "--status-date", "2023-09-31"], ["--status-date: '2023-09-31' is not a day"]),
    ("unknown_finding", ["finding", "edit", "9", "--cause", "x"], ["no finding record '9'", "1, 2"]),
    ("finding_without_number", ["finding", "delete"], ["delete needs the number"]),
    (
        "new_with_a_bad_year",
        ["new", "--code", "N", "--name", "n", "--year", "24", "--annual-budget", "1"],
        ["--year: '24' is not a year"],
    ),
    (
        "new_with_a_negative_budget",
        ["new", "--code", "N", "--name", "n", "--year", "2024", "--annual-budget", "-1"],
        ["--annual-budget: '-1' must not be negative"],
    ),
    (
        "new_with_a_code_already_there",
        ["new", "--code", CODE, "--name", "n", "--year", "2024", "--annual-budget", "1"],
        [f"code: project '{CODE}' is already in the store"],
    ),
    (
        "new_with_an_unknown_source",
        ["new", "--code", "N", "--name", "n", "--year", "2024", "--annual-budget", "1", "--source", "bank=1"],
        ["--source: 'bank' is not one of"],
    ),
    ("log_since_a_bad_date", ["log", "--since", "yesterday"], ["--since: 'yesterday' is not a date"]),
    ("import_of_a_missing_file", ["import-payments", "nowhere.csv"], ["nowhere.csv: no such file"]),
    ("undo_with_nothing_to_undo", ["undo"], ["nothing to undo: no change made from the account"]),
]


@pytest.mark.parametrize(("argv", "needles"), [case[1:] for case in BAD], ids=[case[0] for case in BAD])
def test_bad_input_is_refused_in_one_line_with_exit_2_and_the_store_unchanged(
    drift, store_path: Path, argv: list[str], needles: list[str]
) -> None:
    before = store_path.read_bytes()

    result = drift(*argv)

    assert result.code == 2
    assert result.out == ""
    assert_one_line_error(result.err, *needles)
    assert store_path.read_bytes() == before


def test_a_change_by_nobody_is_refused(run_cli, store_path: Path) -> None:
    before = store_path.read_bytes()

    result = run_cli("project", "--status-date", "2023-10-31", "--by", " ", "--store", str(store_path))

    assert result.code == 2
    assert_one_line_error(result.err, "set $USER or pass --by NAME")
    assert store_path.read_bytes() == before


def test_project_is_required_when_the_store_holds_several(run_cli, tmp_path: Path) -> None:
    (seed,) = load_sample()
    path = tmp_path / "two.json"
    Store(path).create([seed, structs.replace(seed, code="B")])

    result = run_cli("project", "--status-date", "2023-10-31", "--store", str(path), "--by", "a")

    assert result.code == 2
    assert_one_line_error(result.err, "holds 2 projects; choose one with --project CODE")


EDIT_COMMANDS = [
    *money.COMMANDS,
    *records.PROGRESS_COMMANDS,
    *claims.COMMANDS,
    *records.LISTED_COMMANDS,
    *history_commands.COMMANDS,
    *ledger.COMMANDS,
]


@pytest.mark.parametrize("command", [command.name for command in EDIT_COMMANDS])
def test_every_edit_command_explains_itself_with_help(command: str, capsys) -> None:
    from tui.cli import main

    with pytest.raises(SystemExit) as exited:
        main([command, "--help"], environ={})

    assert exited.value.code == 0
    assert "usage: drift" in capsys.readouterr().out


# Log and undo


def test_log_lists_who_changed_which_field_when_and_json_for_scripts(drift, paid: Path) -> None:
    drift("project", "--status-date", "2023-10-31", "--note", "monthly update")

    text = drift("log", "--project", CODE)
    entries = json.loads(drift("log", "--json").out)

    rows = [line.split("\t") for line in text.out.splitlines()]
    assert len(rows) == 5
    assert rows[0][0] == "r2" and rows[0][2] == "alice" and rows[0][5] == "payments P1 date: — → 2023-10-08"
    assert rows[-1][5:] == ["project status_date: 2023-09-28 → 2023-10-31", "", "monthly update"]
    assert entries[-1]["previous"] == entries[-2]["hash"]  # the chain: tests/reliability/test_audit_trail.py
    assert len(entries[-1]["state"]) == 64  # the project as the save left it: tests/reliability/test_audit_trail.py
    assert entries[-1] | {"at": None, "previous": None, "hash": None, "state": None} == {
        "revision": 3,
        "at": None,
        "by": "alice",
        "account": ME,
        "project": CODE,
        "action": "edit",
        "kind": "project",
        "record": None,
        "field": "status_date",
        "old": "2023-09-28",
        "new": "2023-10-31",
        "note": "monthly update",
        "undoes": None,
        "previous": None,
        "hash": None,
        "state": None,
    }
    assert drift("log", "--since", "2999-01-01").out == ""


def test_undo_reverts_your_last_change_and_says_which(drift, paid: Path) -> None:
    drift("pay", "--edit", "P1", "--amount", "120")

    result = drift("undo")

    assert result.code == 0
    assert result.out == "payments P1 amount: 120 → 100\n"
    assert f"undid revision 3; saved as revision 4 by the account {ME} on behalf of alice" in result.err
    assert project_doc(paid)["funding"]["payments"][0]["amount"] == "100"
    assert "(undoes revision 3)" in drift("log").out


def test_undo_is_refused_when_someone_changed_the_field_since(drift, run_cli, paid: Path, as_account) -> None:
    drift("pay", "--edit", "P1", "--amount", "120")
    as_account("bob")
    run_cli("pay", "--edit", "P1", "--amount", "130", "--store", str(paid), "--by", "bob")
    as_account(ME)
    before = paid.read_bytes()

    result = drift("undo")

    assert result.code == 2
    assert_one_line_error(
        result.err, "payments P1 amount was changed by bob at ", "(revision 4) after your change", "nothing was undone"
    )
    assert paid.read_bytes() == before


# import-payments


LEDGER = "date,source,amount,voucher,note\n2023-10-01,central,10.5,记-1,首笔\n2023-10-05,local,20,记-2,\n"


def test_import_payments_dry_run_shows_the_payments_and_writes_nothing(drift, store_path: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "payments.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    before = store_path.read_bytes()

    result = drift("import-payments", str(ledger), "--dry-run")

    assert result.code == 0
    assert result.out.splitlines() == [
        "payments P1: date 2023-10-01, source central, amount 10.5, voucher 记-1, note 首笔",
        "payments P2: date 2023-10-05, source local, amount 20, voucher 记-2",
    ]
    assert "dry run: 2 payments would be added; nothing saved" in result.err
    assert store_path.read_bytes() == before


def test_import_payments_reads_a_bom_saves_every_row_in_one_revision_and_skips_them_the_next_time(
    drift, store_path: Path, tmp_path: Path
) -> None:
    ledger = tmp_path / "payments.csv"
    ledger.write_bytes(b"\xef\xbb\xbf" + LEDGER.encode())

    first = drift("import-payments", str(ledger))
    again = drift("import-payments", str(ledger))

    assert first.code == 0
    assert "saved as revision 2 by alice" in first.err
    assert [p["id"] for p in project_doc(store_path)["funding"]["payments"]] == ["P1", "P2"]
    assert {entry.revision for entry in Store(store_path).history()} == {2}
    assert again.code == 0
    assert "payments.csv:2: already recorded; skipped" in again.err
    assert "no new payments" in again.err
    assert Store(store_path).load().revision == 2


def test_import_payments_reports_each_bad_row_by_line_and_column_and_writes_nothing(
    drift, store_path: Path, tmp_path: Path
) -> None:
    ledger = tmp_path / "payments.csv"
    ledger.write_text(
        "date,source,amount,voucher,note\n"
        '2023-10-01,central,10,记-1,"跨行\n的摘要"\n'  # a quoted cell spanning two lines
        "2023-10-02,local,-5,记-2,\n"
        "2023-10-03,bank,1,记-3,\n"
        "2025-01-01,local,abc,,\n"
        "2023-10-04,local\n",
        encoding="utf-8",
    )
    before = store_path.read_bytes()

    result = drift("import-payments", str(ledger))

    assert result.code == 2
    name = str(ledger)
    assert result.err.splitlines() == [
        f"{name}:4: amount: '-5' must not be negative",
        f"{name}:5: source: 'bank' is not a funding source of this project; name one of 中央补助资金 (central), "
        "省级补助资金 (provincial), 县级财政资金 (local)",
        f"{name}:6: date: 2025-01-01 is outside 2022–2024: money of the budget year 2023 moves from the year before"
        " it (advance allocations) to the year after it (carried-over money)",
        f"{name}:6: amount: 'abc' is not an amount such as \"589.20\" (digits, at most 6 decimals)",
        f"{name}:7: has 2 cells; the header has 5",
        f"drift: {name}: 4 bad rows; nothing was saved",
    ]
    assert store_path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty; the first row must name the columns"),
        (b"2023-10-01,central,10\n", "unknown column '2023-10-01'"),
        (b"date,amount\n", "the header has no column 'source'"),
        (b"date,source,amount,amount\n", "the column 'amount' appears twice"),
        (b"date,source,amount\n\xff\n", "not UTF-8 text (byte 0xff"),
    ],
)
def test_a_ledger_without_a_proper_header_is_refused(drift, store_path, tmp_path: Path, content: bytes, words) -> None:
    ledger = tmp_path / "payments.csv"
    ledger.write_bytes(content)
    before = store_path.read_bytes()

    result = drift("import-payments", str(ledger))

    assert result.code == 2
    assert_one_line_error(result.err, words)
    assert store_path.read_bytes() == before


def test_a_ledger_longer_than_a_project_can_hold_is_refused_before_it_is_read_to_the_end(
    drift, store_path, tmp_path: Path
) -> None:
    ledger = tmp_path / "huge.csv"
    rows = "".join(f"2023-08-01,central,0.01,M{n},\n" for n in range(200_001))  # a paste gone wrong: 200,001 rows
    ledger.write_text("date,source,amount,voucher,note\n" + rows, encoding="utf-8")
    before = store_path.read_bytes()

    result = drift("import-payments", str(ledger), "--dry-run")

    assert result.code == 2
    assert result.err == f"drift: {ledger}: more than 10,000 rows; a project holds at most 10,000 payments\n"
    assert store_path.read_bytes() == before
