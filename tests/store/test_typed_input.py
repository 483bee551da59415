"""Values typed as a Chinese office types them are read as their canonical form, or refused in one clear line."""

from __future__ import annotations

import time
from decimal import Decimal

import pendulum
import pytest

from drift.i18n import MESSAGES
from store.errors import ValidationError
from store.files import decode_import
from store.model import CauseKind, ClaimKind, Grade, Project, Source, SourceKind
from store.typed import (
    read_date,
    read_money,
    read_points,
    strict_date,
    strict_money,
    typed_causes,
    typed_claim_value,
    typed_date,
    typed_grade,
    typed_kind,
    typed_money,
    typed_quantity,
    typed_source,
)


@pytest.mark.parametrize(
    "typed",
    [
        "2023-09-28",
        "2023/9/28",
        "2023-9-28",
        "2023.9.28",
        "2023年9月28日",
        "２０２３－０９－２８",
        " 2023/09/28 ",
        "2023年9月28号",
    ],
)
def test_every_way_an_office_writes_a_date_is_read_as_that_day(typed: str) -> None:
    assert typed_date(typed) == "2023-09-28"
    assert read_date(typed) == pendulum.date(2023, 9, 28)


@pytest.mark.parametrize(
    ("typed", "wan"),
    [
        ("1,200.50", "1200.50"),
        ("67,463.91", "67463.91"),
        ("1,234,567", "1234567"),
        ("１２０", "120"),
        ("１，２００．５", "1200.5"),
        ("  589.20 ", "589.20"),
        ("\u3000589.20\u3000", "589.20"),  # the ideographic space an input method types
        ("12万元", "12"),
        ("12 万", "12"),
        ("1,200元", "0.12"),  # 1,200 元 ÷ 10,000
        ("12.34元", "0.001234"),  # one 分 is 0.000001 万元: six decimals, the most drift keeps
        ("1.5亿", "15000"),  # 1.5 × 10,000 万元
        ("2亿元", "20000"),
    ],
)
def test_every_way_an_office_writes_an_amount_is_read_in_wan_yuan(typed: str, wan: str) -> None:
    assert typed_money(typed) == wan
    assert read_money(typed) == Decimal(wan)


def test_a_column_in_yuan_divides_a_bare_number_by_ten_thousand_and_keeps_a_written_unit() -> None:
    assert read_money("35,000", yuan=True) == Decimal("3.5")
    assert read_money("3.5万元", yuan=True) == Decimal("3.5")


@pytest.mark.parametrize(
    ("typed", "unit", "canonical"),
    [
        ("228.76万平方米", "平方米", "2287600平方米"),  # 228.76 × 10,000
        ("0.5亿人次", "人次", "50000000人次"),
        ("2287600平方米", "万平方米", "228.76万平方米"),  # the other way: 2,287,600 ÷ 10,000
        ("228.76万平方米", "万平方米", "228.76万平方米"),
        ("1,200个", "个", "1200个"),
        ("≥９５％", "%", "≥95%"),
        ("40", "%", "40"),  # the forms often drop the unit; the evaluation reads it as the target's
        ("3公里", "平方米", "3公里"),  # another unit is kept as written, for the evaluation to call incomparable
        ("提升", "", "提升"),
        ("-", "", "-"),
    ],
)
def test_a_quantity_is_written_in_its_fields_unit(typed: str, unit: str, canonical: str) -> None:
    assert typed_quantity(typed, unit) == canonical


def test_a_quantity_with_a_misplaced_grouping_comma_is_refused() -> None:
    with pytest.raises(ValidationError, match="'12,00平方米' has a grouping comma out of place"):
        typed_quantity("12,00平方米", "平方米")


SOURCES = (
    Source(SourceKind.CENTRAL, "中央补助资金", annual_budget=Decimal(82)),
    Source(SourceKind.PROVINCIAL, "省级补助资金", annual_budget=Decimal("7.20")),
    Source(SourceKind.LOCAL, "县级财政资金", annual_budget=Decimal(500)),
)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("central", SourceKind.CENTRAL),
        (" Central ", SourceKind.CENTRAL),
        ("中央", SourceKind.CENTRAL),
        ("中央补助资金", SourceKind.CENTRAL),
        ("Central funds", SourceKind.CENTRAL),
        ("中央补助资金 (central)", SourceKind.CENTRAL),  # as the dashboard's choices show it
        ("省级", SourceKind.PROVINCIAL),
        ("县级财政资金", SourceKind.LOCAL),  # the name as the project lists it
        ("市县", SourceKind.LOCAL),
    ],
)
def test_a_source_is_named_by_its_kind_its_labels_or_its_listed_name(typed: str, kind: SourceKind) -> None:
    assert typed_source(SOURCES, typed) == kind  # each source's id is its kind


LISTED = "中央补助资金 (central), 省级补助资金 (provincial), 县级财政资金 (local)"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "单位自筹",  # a kind the project does not list
            f"'单位自筹' is not a funding source of this project: list it under funding.sources first (it lists {LISTED};"
            " leave the source out for money of the whole project)",
        ),
        ("银行", f"'银行' is not a funding source of this project; name one of {LISTED}"),  # no source at all
    ],
)
def test_a_source_the_project_does_not_list_is_refused_listing_the_ones_it_does(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        typed_source(SOURCES, typed)
    assert caught.value.message == message


def test_nothing_typed_is_money_of_the_whole_project() -> None:
    assert typed_source(SOURCES, " ") == ""


def test_a_kind_two_sources_share_is_refused_listing_both_and_each_is_named_by_its_name_or_id() -> None:
    two = (*SOURCES, Source(SourceKind.CENTRAL, "中央预算内投资", id="central-2", annual_budget=Decimal(10)))

    with pytest.raises(ValidationError) as caught:
        typed_source(two, "中央")

    assert caught.value.message == (
        "'中央' could be any of 中央补助资金 (central), 中央预算内投资 (central-2): name one as listed"
    )
    assert typed_source(two, "中央预算内投资") == "central-2"
    assert typed_source(two, "central-2") == "central-2"
    assert typed_source(two, "中央预算内投资 (central-2)") == "central-2"


@pytest.mark.parametrize("kind", list(SourceKind))
def test_every_label_drift_shows_for_a_kind_names_that_kind(kind: SourceKind) -> None:
    zh, en = MESSAGES[f"md.kind.{kind}"]
    assert typed_kind(zh) is kind
    assert typed_kind(en) is kind
    assert typed_kind(kind.value) is kind


@pytest.mark.parametrize("grade", list(Grade))
def test_every_grade_drift_shows_reads_back_as_that_grade(grade: Grade) -> None:
    zh, en = MESSAGES[f"grade.{grade}"]
    assert typed_grade(zh) is typed_grade(en) is typed_grade(grade.value) is grade


def test_cause_headings_read_in_either_language_in_the_forms_order() -> None:
    zh = "、".join(MESSAGES[f"cause.{kind}"][0] for kind in reversed(CauseKind))
    en = ",".join(MESSAGES[f"cause.{kind}"][1] for kind in CauseKind)
    assert typed_causes(zh) == typed_causes(en) == tuple(CauseKind)
    assert typed_causes("经费保障，，其他") == (CauseKind.FUNDING, CauseKind.OTHER)


@pytest.mark.parametrize(("typed", "points"), [("7", "7"), ("7.5分", "7.5"), ("８分", "8"), (" 10 ", "10")])
def test_points_read_as_offices_type_them(typed: str, points: str) -> None:
    assert read_points(typed) == Decimal(points)


COMMA = "has a grouping comma out of place (groups of three digits, as in 1,200.50); write the number without commas"
NOT_AN_AMOUNT = 'is not an amount such as "589.20" (digits, at most 6 decimals)'


@pytest.mark.parametrize(
    ("read", "typed", "message"),
    [
        (read_date, "28/9/2023", "'28/9/2023' is not a date in the form YYYY-MM-DD"),
        (read_date, "2023/9-28", "'2023/9-28' is not a date in the form YYYY-MM-DD"),  # two separators: a typo
        (read_date, "2023/2/30", "'2023-02-30' is not a day in the calendar"),
        (read_date, "九月二十八日", "'九月二十八日' is not a date in the form YYYY-MM-DD"),
        (read_money, "1,20.5", f"'1,20.5' {COMMA}"),
        (read_money, "12,5", f"'12,5' {COMMA}"),  # a decimal comma, as some spreadsheets write it: never guessed
        (read_money, "1.234元", "'1.234元' is 0.0001234 万元, more than 6 decimals (finer than a 分); round it"),
        (read_money, "-1,200", "'-1200' must not be negative"),
        (read_money, "八万", f"'八万' {NOT_AN_AMOUNT}"),
        (read_money, "12美元", f"'12美元' {NOT_AN_AMOUNT}"),
        # Import files stay strict, and say what to write instead.
        (strict_money, "1,200.50", "'1,200.50' must be a decimal string: remove the grouping comma"),
        (strict_money, "１２０", "'１２０' must be a decimal string: write it as \"120\" (ASCII digits)"),
        (strict_money, "1200元", "'1200元' must be a decimal string in 万元: write it as \"0.12\""),
        (strict_money, "1,20.5", f"'1,20.5' {NOT_AN_AMOUNT}"),
        (strict_date, "2023/9/28", "'2023/9/28' is not a date: write it as 2023-09-28"),
        (strict_date, "２０２３－０９－２８", "'２０２３－０９－２８' is not a date: write it as 2023-09-28"),
        (strict_date, "2023/2/30", "'2023/2/30' is not a date in the form YYYY-MM-DD"),  # no day to suggest
    ],
)
def test_what_cannot_be_read_surely_is_refused_saying_what_to_change(read, typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        read(typed)
    assert caught.value.message == message


def test_an_import_file_names_the_field_of_a_typed_amount(sample_doc: dict[str, object]) -> None:
    project = sample_doc["projects"][0]  # type: ignore[index]
    project["funding"]["payments"] = [  # type: ignore[index]
        {"id": "P1", "date": "2023-08-01", "source": "central", "amount": "1,200.50"}
    ]

    with pytest.raises(ValidationError) as caught:
        decode_import(sample_doc, "x.json")  # type: ignore[arg-type]

    assert str(caught.value) == (
        "x.json: projects[0].funding.payments[0].amount: '1,200.50' must be a decimal string: remove the grouping comma"
    )


def test_the_seed_project_reads_its_sources_by_their_chinese_names(sample_projects: tuple[Project, ...]) -> None:
    sources = sample_projects[0].funding.sources
    assert [typed_source(sources, name) for name in ("中央", "省级补助资金", "县级财政资金")] == [
        "central",
        "provincial",
        "local",
    ]


@pytest.mark.parametrize(
    "page",
    ["1" + " " * 50_000 + "x", "1" * 50_000 + " a b", "2023" + " " * 50_000 + "x", "1," * 25_000 + "元"],
    ids=["spaces", "digits_and_words", "a_year_and_spaces", "commas"],
)
def test_a_pasted_page_is_refused_at_once_in_a_short_line(page: str) -> None:
    started = time.perf_counter()
    for read in (read_money, read_date, lambda text: typed_quantity(text, "个")):
        try:
            read(page)
        except ValidationError as error:
            assert len(error.message) < 200
    assert time.perf_counter() - started < 1  # before, trying every split of the page took seconds


def test_a_claimed_value_is_written_in_the_form_its_kind_reads(sample_projects: tuple[Project, ...]) -> None:
    seed = sample_projects[0]  # I2's target is 100%

    assert typed_claim_value(seed, ClaimKind.COMPLETION_DATE, "", "2023年12月31日") == "2023-12-31"
    assert typed_claim_value(seed, ClaimKind.INDICATOR_VALUE, "I2", "８５％") == "85%"
    assert typed_claim_value(seed, ClaimKind.EXECUTION_RATE, "", "１００％") == "１００％"  # read as written
    assert typed_claim_value(seed, ClaimKind.COMPLETION_DATE, "", "年底") == "年底"  # refused by its reader
