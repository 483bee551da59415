"""Under --lang zh the command line refuses in Chinese: its own options, and the store's errors worded by key."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from store.edits import edit_record
from store.errors import ENGLISH
from store.files import sample_path
from store.persist import Store
from store.values import MAX_TEXT
from tests.conftest import SEED_CODE
from tests.reliability.helpers import lock_held_by_another_process

PAY = ("pay", "--date", "2023-07-01", "--amount", "10", "--by", "alice")


def zh(run_cli, store: Path, *argv: str, untouched: bool = True) -> str:
    """stderr of a refused run in Chinese (exit 2), which left the store as it was."""
    before = store.read_bytes() if store.is_file() else None
    result = run_cli("--lang", "zh", "--store", str(store), *argv)
    assert result.code == 2, result
    assert not untouched or (store.read_bytes() if store.is_file() else None) == before
    return result.err


def test_a_bad_amount_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    err = zh(run_cli, store_path, *PAY[:3], "--amount", "abc", "--by", "alice")

    assert err == "drift: --amount：'abc' 不是“589.20”这样的金额（数字，至多 6 位小数）\n"


def test_a_negative_amount_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    err = zh(run_cli, store_path, *PAY[:3], "--amount=-5", "--by", "alice")

    assert err == "drift: --amount：'-5' 不能为负数\n"


def test_a_date_not_in_the_calendar_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    err = zh(run_cli, store_path, "pay", "--date", "2023-02-30", "--amount", "10", "--by", "alice")

    assert err == "drift: --date：'2023-02-30' 不是日历上存在的日期\n"


def test_a_date_in_no_known_form_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    err = zh(run_cli, store_path, "pay", "--date", "July 1st", "--amount", "10", "--by", "alice")

    assert err == "drift: --date：'July 1st' 不是 YYYY-MM-DD 格式的日期\n"


def test_an_unknown_project_code_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    err = zh(run_cli, store_path, *PAY, "--project", "XYZ")

    assert err == f"drift: {store_path} 中没有项目 XYZ\n"


def test_an_unknown_record_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    err = zh(run_cli, store_path, "pay", "--edit", "99", "--amount", "3", "--by", "alice")

    assert err == f"drift: 项目 {SEED_CODE} 中没有支出记录 '99'（已有：暂无）\n"


def test_an_unknown_source_is_refused_in_chinese_listing_the_sources(store_path: Path, run_cli) -> None:
    err = zh(run_cli, store_path, *PAY, "--source", "国家")

    listed = "中央补助资金 (central), 省级补助资金 (provincial), 县级财政资金 (local)"
    assert err == f"drift: --source：'国家' 不是本项目的资金来源；请指定 {listed} 之一\n"


def test_a_store_that_is_no_json_is_refused_in_chinese(tmp_path: Path, run_cli) -> None:
    store = tmp_path / "store.json"
    store.write_text("{", encoding="utf-8")

    err = zh(run_cli, store, "list")

    assert err.startswith(f"drift: {store}：不是有效的 JSON（") and err.endswith("）\n")


def test_a_store_that_is_a_folder_is_refused_in_chinese(tmp_path: Path, run_cli) -> None:
    err = zh(run_cli, tmp_path, "list")

    assert err == f"drift: {tmp_path}：是文件夹，不是数据文件\n"


def test_a_missing_store_is_refused_in_chinese_saying_how_to_make_one(tmp_path: Path, run_cli) -> None:
    store = tmp_path / "none.json"

    err = zh(run_cli, store, "list")

    assert err == f"drift: {store}：数据文件不存在；请用 `drift init` 或 `drift import FILE` 创建\n"


def test_a_lock_held_too_long_is_refused_in_chinese(store_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = Store(store_path).lock_path
    monkeypatch.setitem(Store.__init__.__kwdefaults__, "lock_timeout", 0.3)

    with lock_held_by_another_process(lock):
        err = zh(run_cli, store_path, *PAY)

    assert err == f"drift: {store_path}：另一个 drift 正在保存（锁 {lock} 已被占用超过 0.3 秒）；请稍后再试\n"


def test_a_conflict_is_refused_in_chinese_with_each_field(
    store_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("--store", str(store_path), *PAY).code == 0
    apply = Store.apply

    def bob_saves_first(self: Store, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("by") == "alice":  # between alice's read of the store and her save
            project = Store(store_path).load().projects[0]
            apply(Store(store_path), [edit_record(project, "payments", "P1", amount="20")], by="bob", at=kwargs["at"])
        return apply(self, *args, **kwargs)

    monkeypatch.setattr(Store, "apply", bob_saves_first)
    err = zh(run_cli, store_path, "pay", "--edit", "P1", "--amount", "30", "--by", "alice", untouched=False)

    assert err == (
        "drift: 冲突：读取后已被他人修改：payments P1 amount：对方 20，你的 30（你读取的是 10）；未保存任何内容\n"
    )
    assert Store(store_path).load().projects[0].funding.payments[0].amount == Decimal("20")  # bob's, not alice's


def test_the_same_refusals_stay_in_english_under_lang_en(store_path: Path, run_cli) -> None:
    result = run_cli("--lang", "en", "--store", str(store_path), *PAY[:3], "--amount", "abc", "--by", "alice")

    assert result.err == "drift: --amount: 'abc' is not an amount such as \"589.20\" (digits, at most 6 decimals)\n"


def test_drift_lang_zh_in_the_environment_words_errors_in_chinese_too(store_path: Path, run_cli) -> None:
    result = run_cli("--store", str(store_path), *PAY, "--source", "国家", environ={"LANG": "zh_CN.UTF-8"})

    assert result.code == 2 and result.err.startswith("drift: --source：'国家' 不是本项目的资金来源")


def test_every_keyed_store_message_has_its_chinese() -> None:
    from drift.i18n import MESSAGES

    assert {key for key in ENGLISH} <= set(MESSAGES)
    assert all(MESSAGES[key][1] == english for key, english in ENGLISH.items())


@pytest.mark.parametrize(
    ("argv", "chinese"),
    [
        (("pay", "--delete", "P1", "--amount", "1"), "--amount 不能与 --delete 同时使用"),
        (("event", "--date", "2023-10-01"), "新增事件需要 --name"),
        (("allocate", "--date", "2023-10-01"), "新增下达需要 --amount"),
        (("pay", "--edit", "P1"), "--edit P1 至少需要 --date、--source、--amount、--voucher、--description 之一"),
        (("finding", "delete"), "delete 需要记录的序号，即 `drift status` 所列的 1、2 …"),
        (("figure", "--date", "2023-09-28"), "报告数需要 --allocated、--paid 或两者"),
        (
            ("pay", "--edit", "P1", "--amount", "2", "--allow-duplicate"),
            "--allow-duplicate 只用于新增支出，不能与 --edit 或 --delete 同时使用",
        ),
    ],
)
def test_the_command_lines_own_refusals_are_in_chinese(store_path: Path, run_cli, argv: tuple[str, ...], chinese: str):
    assert zh(run_cli, store_path, *argv, "--by", "alice") == f"drift: {chinese}\n"


def test_a_change_that_changes_nothing_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    err = zh(run_cli, store_path, "project", "--by", "alice")

    assert err == "drift: 没有要修改的内容：请给出 --status-date, --progress-summary\n"


def test_a_stale_copy_is_refused_in_the_users_language(store_path: Path) -> None:
    from drift.i18n import worded
    from store.errors import StaleRevisionError

    store = Store(store_path)
    mine = store.load()
    store.update(lambda current: current.projects, expected_revision=mine.revision)  # someone saves revision 2

    with pytest.raises(StaleRevisionError) as refused:
        store.update(lambda current: current.projects, expected_revision=mine.revision)

    assert (
        worded(refused.value, "zh")
        == f"{store_path}：读取后已被他人修改（现为版本 2，你读取的是版本 1）；请重新读取后再试"
    )
    assert worded(refused.value, "en") == str(refused.value)


def argparse_refusal(capsys: pytest.CaptureFixture[str], *argv: str, lang: str = "zh") -> str:
    """The last line argparse writes on stderr refusing argv (its usage before it), once it exited with 2."""
    from tui.cli import main

    capsys.readouterr()
    with pytest.raises(SystemExit) as exited:
        main(["--lang", lang, *argv], environ={})
    assert exited.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "chinese"),
    [
        (("--bogus",), "drift: 错误：无法识别的参数：--bogus"),
        (("pay", "--bogus", "x"), "drift: 错误：无法识别的参数：--bogus x"),
        (("bogus",), "drift: 错误：参数 COMMAND：无效的选择：'bogus'（可选：'init', 'import', 'validate', "),
        (("new", "--name", "x"), "drift new: 错误：缺少必需的参数：--year"),
        (("list", "--store"), "drift list: 错误：参数 --store：需要一个值"),
        (("pay", "--edit", "P1", "--delete", "P1"), "drift pay: 错误：参数 --delete：不能与 --edit 同时使用"),
        (("list", "--json=yes"), "drift list: 错误：参数 --json：不接受值 'yes'"),
        (("check", "--fail-on", "green"), "drift check: 错误：参数 --fail-on：无效的选择：'green'（可选："),
    ],
)
def test_argparse_refuses_in_chinese_at_the_top_and_in_a_subcommand(
    capsys: pytest.CaptureFixture[str], store_path: Path, argv: tuple[str, ...], chinese: str
) -> None:
    before = store_path.read_bytes()

    line = argparse_refusal(capsys, "--store", str(store_path), *argv)

    assert line.startswith(chinese) and (line.endswith("）") or line == chinese)
    assert store_path.read_bytes() == before


def test_argparse_refuses_in_english_under_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    assert argparse_refusal(capsys, "list", "--store", lang="en") == (
        "drift list: error: argument --store: expected one argument"
    )


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("argument --limit: invalid int value: 'x'", "参数 --limit：'x' 不是有效的整数"),
        ("argument --rate: invalid float value: 'x'", "参数 --rate：'x' 不是有效的数字"),
        ("argument --at: invalid read_date value: 'x'", "参数 --at：'x' 不是有效的 read_date 值"),
        ("one of the arguments --edit --delete is required", "必须给出参数 --edit --delete 之一"),
        ("ambiguous option: --s could match --store, --since", "选项 --s 有歧义，可能是 --store, --since"),
        ("argument FILE: expected at least one argument", "参数 FILE：至少需要一个值"),
        ("argument --pair: expected 2 arguments", "参数 --pair：需要 2 个值"),
        ("argument --pair: expected 2 argument(s)", "参数 --pair：需要 2 个值"),
        # Python 3.12+ lists the choices without quotes; 3.14 suggests the closest.
        (
            "argument COMMAND: invalid choice: 'lst' (choose from init, list)",
            "参数 COMMAND：无效的选择：'lst'（可选：init, list）",
        ),
        (
            "argument COMMAND: invalid choice: 'lst', maybe you meant 'list'? (choose from init, list)",
            "参数 COMMAND：无效的选择：'lst'，是否想用 'list'？（可选：init, list）",
        ),
        ("a message no Python words yet", "a message no Python words yet"),
        ("argument --x: a message no Python words yet", "参数 --x：a message no Python words yet"),
    ],
)
def test_each_of_argparses_messages_has_its_chinese(english: str, chinese: str) -> None:
    from tui.helptext import argparse_error

    assert argparse_error(english, "zh") == chinese
    assert argparse_error(english, "en") == english


# Part FIXZH of issue 17: drift's own refusals that were English under zh, each its whole line.

MONEY_YEARS = "2019-01-01 不在 2022–2024 年内：2023 年度预算的资金只在前一年（提前下达）到后一年（结转）之间下达和支出"
KINDS = "central, provincial, municipal, county, local, special_bonds, social_capital, self_raised, other"


@pytest.mark.parametrize(
    ("argv", "chinese"),
    [
        (("pay", "--date", "2019-01-01", "--amount", "1"), f"--date：{MONEY_YEARS}"),
        (("undo", "--revision", "abc"), "--revision：'abc' 不是 `drift log` 所列的版本号"),
        (("new", "--year", "20x4", "--name", "x"), "--year：'20x4' 不是 2024 这样的年份"),
        (("source", "--kind", "bogus"), f"--kind：'bogus' 不是资金来源类型（{KINDS}）"),
        (("set-rules", "--budget-yellow", "abc"), "--budget-yellow：'abc' 不是“45”或“45%”这样的百分比"),
        (("set-rules", "--budget-yellow", "120", "--budget-red", "130"), "--budget-yellow：'120' 应在 0 到 100 之间"),
        (("set-rules", "--checkpoint", "13:50"), "--checkpoint：13 不是月份（1–12）"),
        (("claim", "--kind", "score", "--value", "abc"), "--value：'abc' 不是“85.81”这样的百分制得分"),
        (("claim", "--kind", "execution_rate", "--value", "abc"), "--value：'abc' 不是“100%”或“33.43”这样的比率"),
        (("pay", "--delete", "P99"), f"项目 {SEED_CODE} 中没有支出记录 'P99'（已有：暂无）"),
        (("phase", "build", "--actual-end", "2023-10-01"), f"项目 {SEED_CODE} 中没有阶段记录 'build'（已有："),
    ],
)
def test_drifts_own_refusals_are_whole_lines_in_chinese(
    store_path: Path, run_cli, argv: tuple[str, ...], chinese: str
) -> None:
    err = zh(run_cli, store_path, *argv, "--by", "alice")

    assert err == f"drift: {chinese}\n" or (chinese.endswith("已有：") and err.startswith(f"drift: {chinese}"))


def test_record_kinds_are_worded_in_english_too(store_path: Path, run_cli) -> None:
    result = run_cli("--lang", "en", "--store", str(store_path), "pay", "--delete", "P99", "--by", "alice")

    assert result.err == f"drift: no payment record 'P99' in project {SEED_CODE} (it has: none yet)\n"


def test_an_anchor_no_entry_has_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    err = zh(run_cli, store_path, "log", "--anchor", "zzz")

    assert err == f"drift: {store_path}：没有哈希为 zzz 的历史条目：此修改历史未成链\n"


def test_a_backup_not_kept_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    folder = Store(store_path).backup_folder()

    err = zh(run_cli, store_path, "backup", "--restore", "999", "--by", "alice")

    assert err == f"drift: {folder} 中没有版本 999 的备份（现有：暂无）\n"


def test_init_on_a_store_there_already_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    assert zh(run_cli, store_path, "init") == f"drift: {store_path}：已存在\n"


@pytest.mark.parametrize("command", [("import",), ("import-payments", "--by", "alice"), ("validate",)])
def test_a_missing_file_and_a_folder_are_refused_in_chinese(
    store_path: Path, tmp_path: Path, run_cli, command: tuple[str, ...]
) -> None:
    missing = tmp_path / "nowhere.json"

    assert zh(run_cli, store_path, command[0], str(missing), *command[1:]) == f"drift: {missing}：文件不存在\n"
    assert (
        zh(run_cli, store_path, command[0], str(tmp_path), *command[1:]) == f"drift: {tmp_path}：是文件夹，不是文件\n"
    )


@pytest.mark.parametrize(
    ("header", "chinese"),
    [
        ("date,amount\n", "表头缺少列 'source'；可用的列为 date, source, amount, voucher, note"),
        ("date,date,source,amount\n", "列 'date' 出现了两次"),
        (
            "date,source,amount,when\n",
            "未知的列 'when'；可用的列为 date, source, amount, voucher, note（日期 来源 金额 凭证号 摘要）",
        ),
        ("date（元）,source,amount\n", "列 'date（元）' 带有单位；只有金额列可以带（元 或 万元）"),
    ],
)
def test_a_ledger_with_a_bad_header_is_refused_in_chinese(
    store_path: Path, tmp_path: Path, run_cli, header: str, chinese: str
) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(header, encoding="utf-8")

    err = zh(run_cli, store_path, "import-payments", str(ledger), "--by", "alice")

    assert err == f"drift: {ledger}:1：{chinese}\n"


@pytest.mark.parametrize(
    ("text", "chinese"),
    [
        ('{"a": 1,\n  "b": }', "第 2 行第 8 列，位置 16：意外的字符，此处应为 JSON 值"),
        ("{", "第 1 行第 2 列，位置 1：数据意外结束"),
        ('{"a": 1 "b": 2}', "第 1 行第 9 列，位置 8：意外的字符，此处应为 ',' 或 '}'"),
        ('{"a": 1,}', "第 1 行第 8 列，位置 7：末尾不能有逗号"),
    ],
)
def test_the_json_parsers_detail_is_in_chinese_with_its_line_and_column(
    store_path: Path, tmp_path: Path, run_cli, text: str, chinese: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")

    assert zh(run_cli, store_path, "import", str(bad)) == f"drift: {bad}：不是有效的 JSON（{chinese}）\n"
    assert zh(run_cli, bad, "list") == f"drift: {bad}：不是有效的 JSON（{chinese}）\n"


def test_the_json_parsers_detail_stays_as_it_was_in_english(tmp_path: Path, run_cli) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"a": 1 "b": 2}', encoding="utf-8")

    result = run_cli("--lang", "en", "--store", str(bad), "list")

    assert (
        result.err
        == f"drift: {bad}: not valid JSON (unexpected character, expected ',' or '}}': line 1 column 9 (char 8))\n"
    )


def test_a_duplicate_payment_is_refused_wholly_in_chinese(store_path: Path, run_cli) -> None:
    assert run_cli("--store", str(store_path), *PAY, "--voucher", "V-1").code == 0
    recorded = Store(store_path).history()[-1].at.astimezone().strftime("%Y-%m-%d %H:%M")

    err = zh(run_cli, store_path, *PAY, "--voucher", "V-1")

    assert err == (
        f"drift: 与项目 {SEED_CODE} 的支出 P1 相同（2023-07-01，—，10，凭证号 V-1），由 alice 于 {recorded} 记录；"
        "如确为另一笔支出，请加 --allow-duplicate\n"
    )


def test_a_bad_config_file_warns_in_chinese(store_path: Path, tmp_path: Path, run_cli) -> None:
    config = tmp_path / "config" / "drift" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("bogus = 1\n", encoding="utf-8")

    result = run_cli(
        "--lang", "zh", "--store", str(store_path), "list", environ={"XDG_CONFIG_HOME": str(config.parents[1])}
    )

    assert result.code == 0
    assert result.err == f"drift: 警告：{config}：bogus：drift 没有这项设置（可设：lang, store, theme）；已忽略\n"


def test_check_as_of_a_chosen_date_names_the_view_date_not_the_status_date(store_path: Path, run_cli) -> None:
    result = run_cli("--lang", "zh", "--store", str(store_path), "check", "--as-of", "2023-06-30")

    assert result.err.splitlines()[-1] == f"1 个项目有晚于查看日期 2023-06-30 的记录，未计入：{SEED_CODE}"
    assert "状态日期" not in result.err


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ("pay", "--date", "2023-09-01", "--amount", "1,20.5", "--by", "alice"),
            "--amount：'1,20.5' 的千位分隔逗号位置不对（每三位一组，如 1,200.50）；请去掉逗号",
        ),
        (
            ("pay", "--date", "2023-09-01", "--amount", "1.2345元", "--by", "alice"),
            "--amount：'1.2345元' 为 0.00012345 万元，小数超过 6 位（比“分”还细）；请先四舍五入",
        ),
        (
            ("indicator", "I1", "--points", "120", "--by", "alice"),
            "--points：'120' 不是 7.5 这样的分值（0 到 100，至多 6 位小数）",
        ),
        (
            ("indicator", "I1", "--grade", "meh", "--by", "alice"),
            "--grade：'meh' 不是评价等级：达成 (achieved), 部分达成 (partly), 未达成 (not_achieved)",
        ),
        (
            ("indicator", "I1", "--causes", "天气", "--by", "alice"),
            "--causes：'天气' 不是偏差原因：经费保障 (funding), 制度保障 (rules), 人员保障 (staff), 硬件条件保障 (facilities), "
            "其他 (other)",
        ),
        (
            ("claim", "--kind", "execution_rate", "--value", "50%", "--date", "2023-09-28", "--tolerance", "-1"),
            "--tolerance：'-1' 不是“1”或“0.5”这样的容差（不能为负数）",
        ),
        (
            ("pay", "--date", "2023-09-01", "--amount", "1", "--voucher", "V\x1b[2J", "--by", "alice"),
            "--voucher：含有控制字符 U+001B；请删除",
        ),
        (
            ("pay", "--date", "2023-09-01", "--amount", "1", "--voucher", "V" * (MAX_TEXT + 1), "--by", "alice"),
            f"projects[{SEED_CODE}].funding.payments[0].voucher：长 {MAX_TEXT + 1:,} 个字符；至多 {MAX_TEXT:,} 个",
        ),
        (
            (
                "claim",
                "--kind",
                "likelihood",
                "--value",
                "确定能",
                "--date",
                "2023-09-28",
                "--subject",
                "I1",
                "--tolerance",
                "1",
            ),
            "--tolerance：完成可能性类声明不设容差",
        ),
        (
            ("claim", "--kind", "execution_rate", "--value", "50%", "--date", "2023-09-28", "--tolerance", "25"),
            "--tolerance：25 超过 execution_rate 类声明允许的容差（20）",
        ),
        (
            ("claim", "--kind", "completion_date", "--value", "2023-12-31", "--date", "2023-09-28", "--subject", "P9"),
            "--subject：'P9' 不是本项目的一个阶段（留空为整个项目） (feasibility, design, tendering, construction, acceptance)",
        ),
    ],
)
def test_what_a_person_types_wrong_in_a_number_grade_or_cause_is_refused_in_chinese(
    store_path: Path, run_cli, argv: tuple[str, ...], said: str
) -> None:
    assert zh(run_cli, store_path, *argv, *(() if "--by" in argv else ("--by", "alice"))) == f"drift: {said}\n"


def _hand_edited(store: Path, old: str, new: str) -> None:
    """The store as someone with a text editor left it: one piece of the project's line changed."""
    text = store.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    store.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "chinese", "english"),
    [
        ('"budget_year":2023', '"budget_year":"2023"', "budget_year：'2023' 应为整数", "'2023' must be a whole number"),
        ('"budget_year":2023', '"budget_year":2023,"colour":"red"', "未知字段 'colour'", "unknown field 'colour'"),
        ('"budget_year":2023', '"budget_year":-1', "budget_year：-1 不能为负数", "-1 must not be negative"),
        (
            '"likelihood":"certain"',
            '"likelihood":"maybe"',
            "'maybe' 不是以下之一：certain, possible",
            "'maybe' is not one",
        ),
        (
            '"budget_year":2023',
            '"budget_year":2023,"code_made":"no"',
            "'no' 应为 true 或 false",
            "'no' must be true or false",
        ),
        ('"name":"可研报告编制"', '"name":7', "name：7 应为文本", "7 must be text"),
        ('"phases":[', '"phases":{"x":1},"was":[', "phases：应为列表", "phases: must be a list"),
        (
            '"status_date":"2023-09-28"',
            '"status_date":"2023/9/28"',
            "'2023/9/28' 不是日期：请写作 2023-09-28",
            "write it as",
        ),
        ('"annual_budget":"589.20"', '"annual_budget":"589.20元"', "应为以万元计的十进制数字字符串", "in 万元"),
        (
            '"annual_budget":"589.20"',
            '"annual_budget":589.2',
            "589.2 应写成“589.20”这样的十进制数字字符串，不能是 JSON 数字",
            '589.2 must be a decimal string such as "589.20", not a JSON number',
        ),
        (
            '"budget_year":2023',
            '"budget_year":1800',
            "budget_year：1800 超出 drift 接受的年份（1900–2200）",
            "budget_year: 1800 is outside the years drift accepts (1900–2200)",
        ),
    ],
)
def test_a_hand_edited_store_is_refused_in_chinese_naming_the_field(
    store_path: Path, run_cli, old: str, new: str, chinese: str, english: str
) -> None:
    """A supervisor who edited the store by hand reads what is wrong in Chinese; the English stays as it was."""
    _hand_edited(store_path, old, new)

    assert chinese in zh(run_cli, store_path, "status")
    assert english in run_cli("--lang", "en", "--store", str(store_path), "status").err


def test_a_store_document_missing_a_field_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    text = store_path.read_text(encoding="utf-8")
    start = text.index('"funding":{')
    end = text.index(',"indicators":', start)
    store_path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")

    assert "funding：缺少此项" in zh(run_cli, store_path, "status")


@pytest.mark.parametrize(
    ("content", "chinese"),
    [
        ("[]", '导入文件应为 JSON 对象 {"schema": 2, "projects": [...]}'),
        ('{"schema": 2, "projects": {}}', "projects：应为项目列表"),
        ('{"schema": 2, "projects": [], "colour": 1}', "colour：未知字段"),
    ],
)
def test_an_import_file_of_the_wrong_shape_is_refused_in_chinese(
    store_path: Path, tmp_path: Path, run_cli, content: str, chinese: str
) -> None:
    source = tmp_path / "import.json"
    source.write_text(content, encoding="utf-8")

    assert chinese in zh(run_cli, store_path, "import", str(source))


def test_importing_a_project_already_in_the_store_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    err = zh(run_cli, store_path, "import", str(sample_path()))

    assert err == f"drift: 项目 {SEED_CODE} 已在 {store_path} 中；要覆盖它，请加 --replace\n"


@pytest.mark.parametrize(
    ("argv", "chinese"),
    [
        (("backup", "--restore", "x"), "--restore：'x' 不是版本号（见 drift backup --list）"),
        (("source", "--kind", "other", "--name", "测试", "--id", " "), "--id：不能为空"),
        (("new", "--code", " ", "--name", "x", "--year", "2023"), "--code：不能为空"),
        (
            ("event", "--date", "2023-10-01", "--name", "x", "--phase", "nope"),
            f"--phase：'nope' 不是项目 {SEED_CODE} 的阶段（feasibility, design, tendering, construction, acceptance）",
        ),
        (
            ("new", "--name", "x", "--year", "2023", "--source", "central82"),
            "--source：'central82' 不是“来源=金额”的写法",
        ),
        (("new", "--name", "x", "--year", "2023", "--source", "中间=82"), "--source：'中间' 不是以下之一：central"),
        (("set-rules", "--schedule-red", "x"), "--schedule-red：'x' 不是整数天数"),
        (("set-rules", "--budget-points", "x"), "--budget-points：'x' 不是 10 或 12.5 这样的分值"),
        (("set-rules", "--level-points", "产出50"), "--level-points：'产出50' 不是“名称=分值”的写法，如 产出=50"),
        (("set-rules", "--grade-floors", "90,80"), "--grade-floors：'90,80' 不是“优,良,中”三个分数线，如 90,80,60"),
        (("set-rules", "--checkpoint", "640"), "--checkpoint：'640' 不是“月:百分比”的写法，如 6:40"),
    ],
)
def test_a_value_typed_in_an_option_is_refused_in_chinese(
    store_path: Path, run_cli, argv: tuple[str, ...], chinese: str
) -> None:
    assert chinese in zh(run_cli, store_path, *argv)


@pytest.mark.parametrize(
    ("old", "new", "chinese"),
    [
        ('"revision":1', '"revision":"1"', "_meta.revision：'1' 不是版本号"),
        ('"schema":3', '"schema":"3"', "_meta.schema：'3' 不是数据格式版本"),
        ('"revision":1,"id":"', '"revision":1,"id":"x', "不是存储标识（16 位十六进制数字）"),
        ('"budget_year":2023', '"budget_year":2023,"budget_year":2023', "键 'budget_year' 出现了两次"),
    ],
)
def test_a_hand_edited_store_record_is_refused_in_chinese(
    store_path: Path, run_cli, old: str, new: str, chinese: str
) -> None:
    _hand_edited(store_path, old, new)

    assert chinese in zh(run_cli, store_path, "status")


def test_an_unknown_setting_in_the_stores_rules_file_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    store_path.with_name("store.rules.toml").write_text("colour = 1\n", encoding="utf-8")

    assert "colour：不是规则设置（" in zh(run_cli, store_path, "status")


def test_a_pipe_for_a_store_a_folder_for_its_lock_and_a_missing_folder_are_refused_in_chinese(
    store_path: Path, tmp_path: Path, run_cli
) -> None:
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    assert zh(run_cli, pipe, "status") == f"drift: {pipe}：不是普通文件（是设备、管道或套接字），不能作为存储\n"

    target = tmp_path / "none" / "moved.json"
    assert zh(run_cli, store_path, "migrate", "--to", str(target)).endswith(f"：文件夹 {target.parent} 不存在\n")

    lock = store_path.with_name(store_path.name + ".lock")
    lock.unlink(missing_ok=True)
    lock.mkdir()
    assert zh(run_cli, store_path, *PAY) == f"drift: {lock} 是文件夹，不是锁文件；删除它才能再保存\n"


async def test_why_a_store_is_read_only_is_said_in_chinese_on_the_command_line_and_the_dashboard(
    store_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.errors import Words
    from tui.app import DriftApp

    reason = Words("error.read_only_file", {"path": store_path})
    monkeypatch.setattr(Store, "read_only_reason", lambda self: reason)

    assert zh(run_cli, store_path, *PAY) == f"drift: 无法保存：你对 {store_path} 只有读权限\n"
    app = DriftApp(Store(store_path), lang="zh")
    app.loaded, app.read_only_reason = True, reason
    app._update_subtitle()
    assert f"只读：你对 {store_path} 只有读权限" in app.sub_title


def test_a_store_of_a_newer_schema_is_refused_in_chinese(store_path: Path, run_cli) -> None:
    _hand_edited(store_path, '"schema":3', '"schema":99')

    assert "_meta.schema：数据格式 99 比这个 drift 能读的（3）更新；请升级 drift" in zh(run_cli, store_path, "status")
