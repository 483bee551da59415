"""`drift import-payments` reads ledgers as 用友, 金蝶 and Excel on Chinese Windows write them, and says what it found."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from store.persist import Store


def written(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


GBK_LEDGER = (
    "日期;来源;金额;凭证号;摘要\r\n"
    "2023/10/1;中央;1,200.50;记-1;首笔工程款\r\n"
    "2023年10月5日;县级财政资金;３５．２５;记-2;设计费，含税\r\n"
)


def test_a_gbk_ledger_with_chinese_headers_and_semicolons_is_detected_on_a_dry_run_and_saves_nothing(
    drift, store_path: Path, tmp_path: Path
) -> None:
    ledger = written(tmp_path / "支出台账.csv", GBK_LEDGER, "gbk")
    assert b"\xc8\xd5\xc6\xda" in ledger.read_bytes()  # 日期 in GBK: the file is not UTF-8
    before = store_path.read_bytes()

    result = drift("import-payments", str(ledger), "--dry-run")

    assert result.code == 0, result.err
    assert result.err.splitlines()[0] == "GB18030, ';'-separated, Chinese headers: 日期 来源 金额 凭证号 摘要"
    assert result.out.splitlines() == [
        "payments P1: date 2023-10-01, source central, amount 1200.50, voucher 记-1, note 首笔工程款",
        "payments P2: date 2023-10-05, source local, amount 35.25, voucher 记-2, note 设计费，含税",
    ]
    assert store_path.read_bytes() == before


def test_a_gbk_ledger_saves_every_row_with_its_amount_in_wan_yuan(drift, saved, tmp_path: Path) -> None:
    ledger = written(tmp_path / "ledger.csv", GBK_LEDGER, "gb18030")

    result = drift("import-payments", str(ledger))

    assert result.code == 0, result.err
    rows = saved()["funding"]["payments"]
    assert [(p["date"], p["source"], p["amount"], p["voucher"]) for p in rows] == [
        ("2023-10-01", "central", "1200.50", "记-1"),
        ("2023-10-05", "local", "35.25", "记-2"),
    ]
    assert sum(Decimal(p["amount"]) for p in rows) == Decimal("1235.75")  # 1,200.50 + 35.25


def test_a_column_headed_in_yuan_is_converted_to_wan_yuan(drift, saved, tmp_path: Path) -> None:
    ledger = written(
        tmp_path / "ledger.csv",
        "支付日期,资金来源,支出金额（元）,凭证编号,备注\n"
        '2023-10-01,中央补助资金,"1,200,000",记-1,\n'
        "2023-10-02,省级,35000.5,记-2,\n",
        "gbk",
    )

    dry = drift("import-payments", str(ledger), "--dry-run")
    result = drift("import-payments", str(ledger))

    assert dry.err.splitlines()[0] == (
        "GB18030, ','-separated, Chinese headers: 支付日期 资金来源 支出金额（元） 凭证编号 备注; "
        "amounts in 元, converted to 万元"
    )
    assert result.code == 0, result.err
    amounts = [Decimal(p["amount"]) for p in saved()["funding"]["payments"]]
    assert amounts == [Decimal("120"), Decimal("3.50005")]  # 1,200,000 ÷ 10,000; 35,000.5 ÷ 10,000
    assert sum(amounts) == Decimal("123.50005")


def test_a_utf8_ledger_with_a_bom_and_tabs_is_detected(drift, store_path: Path, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.tsv"
    ledger.write_bytes(
        b"\xef\xbb\xbf" + b"date\tsource\tamount\tvoucher\tnote\n2023-10-01\tcentral\t10.5\tV-1\tfirst, of two\n"
    )

    result = drift("import-payments", str(ledger), "--dry-run")

    assert result.code == 0, result.err
    assert (
        result.err.splitlines()[0] == "UTF-8 with BOM, tab-separated, English headers: date source amount voucher note"
    )
    assert result.out.splitlines() == [
        "payments P1: date 2023-10-01, source central, amount 10.5, voucher V-1, note first, of two"
    ]


def test_a_plain_utf8_ledger_with_english_headers_is_detected(drift, store_path: Path, tmp_path: Path) -> None:
    ledger = written(tmp_path / "ledger.csv", "Date,Source,Amount (万元)\n2023-10-01,Central funds,2\n", "utf-8")

    result = drift("import-payments", str(ledger), "--dry-run")

    assert result.code == 0, result.err
    assert result.err.splitlines()[0] == "UTF-8, ','-separated, English headers: Date Source Amount (万元)"
    assert result.out.splitlines() == ["payments P1: date 2023-10-01, source central, amount 2"]


def test_the_detected_format_is_said_in_chinese_too(run_cli, store_path: Path, tmp_path: Path) -> None:
    ledger = written(tmp_path / "ledger.csv", GBK_LEDGER, "gbk")

    result = run_cli("--lang", "zh", "--store", str(store_path), "import-payments", str(ledger), "--dry-run")

    assert result.code == 0, result.err
    assert result.err.splitlines()[0] == "GB18030，以 ';' 分隔，中文表头：日期 来源 金额 凭证号 摘要"


def test_bad_cells_of_a_gbk_ledger_are_named_by_line_and_column_and_nothing_is_saved(
    drift, store_path: Path, tmp_path: Path
) -> None:
    ledger = written(
        tmp_path / "ledger.csv",
        "日期;来源;金额;凭证号;摘要\n2023/10/1;单位自筹;1,20.5;记-1;\n2023/13/1;中央;5;记-2;\n",
        "gbk",
    )
    before = store_path.read_bytes()

    result = drift("import-payments", str(ledger))

    assert result.code == 2
    name = str(ledger)
    assert result.err.splitlines() == [
        f"{name}:2: source: '单位自筹' is not a funding source of this project: list it under funding.sources first "
        "(it lists 中央补助资金 (central), 省级补助资金 (provincial), 县级财政资金 (local);"
        " leave the source out for money of the whole project)",
        f"{name}:2: amount: '1,20.5' has a grouping comma out of place (groups of three digits, as in 1,200.50); "
        "write the number without commas",
        f"{name}:3: date: '2023-13-01' is not a day in the calendar",
        f"drift: {name}: 2 bad rows; nothing was saved",
    ]
    assert store_path.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"date,source,amount\n\xff\n", "not UTF-8 text (byte 0xff at offset 19), nor GB18030"),
        (b"\xef\xbb\xbfdate,source,amount\n\xc8\xd5\n", "not UTF-8 text (byte 0xc8 at offset 22), nor GB18030"),
        ("日期(元),来源,金额\n".encode(), "the column '日期(元)' has a unit; only the amount may (元 or 万元)"),
        ("日子,来源,金额\n".encode(), "unknown column '日子'; the columns are date, source, amount, voucher, note"),
    ],
)
def test_a_ledger_that_cannot_be_read_is_refused_in_one_line(
    drift, store_path: Path, tmp_path: Path, content: bytes, words: str
) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_bytes(content)
    before = store_path.read_bytes()

    result = drift("import-payments", str(ledger), "--dry-run")

    assert result.code == 2
    assert result.err.startswith("drift: ") and result.err.count("\n") == 1, result.err
    assert words in result.err
    assert store_path.read_bytes() == before
    assert Store(store_path).load().revision == 1
