"""Chinese wraps between characters as a typesetter would: no line starts with closing punctuation, no number is cut."""

from __future__ import annotations

import io
import itertools
import re

import pendulum
import pytest
from rich.console import Console

from drift.analysis import analyse_project
from drift.tables import flag_table
from store.files import load_sample
from tui.linebreak import NO_LINE_START, WrappedText, break_offsets
from tui.widgets.report import flag_list

NUMBER = re.compile(r"[0-9][0-9.,:%/-]*[0-9%]|[0-9]")


def lines_of(text: str, width: int) -> list[str]:
    offsets = [0, *break_offsets(text, width), len(text)]
    return [text[start:end] for start, end in itertools.pairwise(offsets)]


def rendered(renderable: object, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    console.print(renderable)
    return [line.rstrip() for line in console.file.getvalue().splitlines()]  # type: ignore[attr-defined]


def test_a_sentence_breaks_between_characters_and_keeps_its_numbers_whole() -> None:
    text = "财政预算下达共计589.20万元；截至2023年9月28日，老旧小区改造项目共计支出0万元"

    assert lines_of(text, 16) == [
        "财政预算下达共计",  # 16 cells
        "589.20万元；截至",  # ； stays with 元
        "2023年9月28日，",  # a Chinese date is one unit, and its comma stays on its line
        "老旧小区改造项目",
        "共计支出0万元",
    ]
    assert lines_of(text, 11)[1:4] == [
        "达共计",
        "589.20",
        "万元；截至",
    ]  # 589.20 does not fit beside 达共计 (6 + 6 > 11)


def test_closing_punctuation_stays_with_what_it_closes_and_opening_with_what_it_opens() -> None:
    assert lines_of("合计支出：（已支出）完成。", 10) == ["合计支出：", "（已支出）", "完成。"]
    assert lines_of("甲乙丙“确定能”完成", 8) == ["甲乙丙", "“确定能”", "完成"]


def test_text_with_spaces_breaks_at_the_spaces_as_rich_does() -> None:
    assert lines_of("paid 0.00 of 589.20 万元", 12) == ["paid 0.00 of ", "589.20 万元"]


def test_a_number_wider_than_the_line_is_the_one_thing_cut() -> None:
    assert lines_of("共1234567890元", 6) == ["共", "123456", "7890元"]


def test_the_status_flags_of_the_sample_at_60_columns_read_as_a_typesetter_breaks_them() -> None:
    analysis = analyse_project(load_sample()[0], pendulum.date(2023, 9, 28))

    lines = rendered(flag_list(analysis, "zh"), 60)

    start = lines.index("红灯  合计：预算执行率 0.00% 落后序时进度 74.25% 共 74.25 个")
    assert lines[start + 1 : start + 3] == ["      百分点（已支出 0.00 / 589.20 万元 · 已过 271 / 365", "      天）"]


@pytest.mark.parametrize("width", range(24, 81, 4))
def test_no_flag_line_starts_with_closing_punctuation_nor_cuts_a_number(width: int) -> None:
    analysis = analyse_project(load_sample()[0], pendulum.date(2023, 9, 28))
    sentences = [str(row.cells[-1]) for row in flag_table(analysis, "zh", "").rows]

    lines = rendered(flag_list(analysis, "zh"), width)

    for line in lines:
        if line.startswith("      "):  # a sentence's continuation, under it and beside no light
            assert line.lstrip()[0] not in NO_LINE_START, (width, line)
    numbers = {number for sentence in sentences for number in NUMBER.findall(sentence) if len(number) <= width - 6}
    seen = {number for line in lines for number in NUMBER.findall(line)}
    assert numbers <= seen, (width, numbers - seen)


def test_wrapped_text_measures_its_widest_unbreakable_piece_as_its_minimum() -> None:
    console = Console(width=80, file=io.StringIO())
    measurement = console.measure(WrappedText("截至2023-09-28，已支出589.20万元"))

    assert (measurement.minimum, measurement.maximum) == (12, 32)  # "2023-09-28，" is 12 cells, the whole 32


def test_the_unit_of_money_is_not_parted() -> None:
    assert lines_of("paid 0.00 of 589.20 万元 · 271 of 365 days", 22) == [
        "paid 0.00 of 589.20 ",
        "万元 · 271 of 365 days",
    ]


@pytest.mark.parametrize("columns", [60, 80, 100])
def test_status_in_chinese_never_splits_a_heading_inside_a_word(
    run_cli, store_path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("COLUMNS", str(columns))

    out = run_cli("--lang", "zh", "status", "--store", str(store_path), environ={"NO_COLOR": "1"}).out

    words = re.findall(r"[\u4e00-\u9fff]+", out)
    # At 60 columns the indicators' table used to head its columns 一级指 over 标, 年度指 over 标值.
    assert not {"一级指", "年度指", "标值"} & set(words)
    assert "年度指标值" in out  # whole: in the table's heading, or as a label of the stacked rows
