"""Pilot tests: the portfolio's columns use the terminal's width, never cutting a light or a figure, and its headline
says the date chosen with a and how many projects a filter leaves."""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec import structs

from store.files import load_sample
from store.model import Payment, SourceKind
from store.persist import Store
from store.values import parse_date, parse_money
from tests.app.conftest import screen_lines, settle
from tests.app.test_portfolio_lights import four_lights_store
from tui.app import DriftApp
from tui.widgets.portfolio_table import SEPARATOR, Column, PortfolioTable, fit

SIZES = [(80, 24), (120, 40), (60, 20)]
OLD_TOWN = "襄垣县城镇老旧小区改造项目（{year}年度）"
"""Two projects whose names differ only in the year at their end: 38 cells each."""

PAID = "16972.17% / 74.25%"
"""100,000 paid of the sample's annual budget of 589.20: 100000 ÷ 589.20 = 169.7217 → 16972.17%, as of its status
date 2023-09-28, day 271 of 365: 74.25% of the year."""


@pytest.fixture
def three_store(tmp_path: Path) -> Store:
    """The sample, paid far beyond its budget, and two projects named alike but for their year."""
    seed = load_sample()[0]
    payment = Payment(id="P1", date=parse_date("2023-09-01"), amount=parse_money("100000"), source=SourceKind.LOCAL)
    paid = structs.replace(seed, funding=structs.replace(seed.funding, payments=(payment,)))
    twins = [
        structs.replace(seed, code=f"9999-OLD-{year}", name=OLD_TOWN.format(year=year), department="某某局")
        for year in (2023, 2024)
    ]
    store = Store(tmp_path / "store.json")
    store.create([paid, *twins])
    return store


def row_of(lines: list[str], text: str) -> str:
    (line,) = [line for line in lines if text in line]
    return line


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_light_word_and_the_paid_figure_are_whole_at_every_size(three_store, size, lang) -> None:
    light = "红灯" if lang == "zh" else "red"
    app = DriftApp(three_store, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        table = app.screen.query_one(PortfolioTable)

    row = row_of(lines, PAID)  # the paid figure, whole, on screen
    assert row.split()[0] == light  # the light's word whole, then a blank before the name
    if size[0] >= 80:  # at 60 the name has its least, 16 cells, as wide as the paid figure
        on_screen = widths_on_screen(table, size[0])
        assert all(table.widths[1] > width for n, width in enumerate(on_screen) if n != 1), "the name is the widest"


def widths_on_screen(table: PortfolioTable, width: int) -> list[int]:
    """The widths of the columns that start on screen: one blank before the first, two after each."""
    shown, end = [], 1
    for cells in table.widths:
        if end >= width:
            break
        shown.append(cells)
        end += cells + 2
    return shown


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_at_120_columns_two_names_differing_only_in_their_year_are_both_whole(three_store, lang) -> None:
    app = DriftApp(three_store, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        lines = screen_lines(app)

    for year in (2023, 2024):
        assert row_of(lines, OLD_TOWN.format(year=year))
    assert not any("某某" in line for line in lines), "a department that does not fit whole leaves the screen"


async def test_at_80_columns_the_name_takes_what_the_figures_leave_and_a_resize_fits_the_columns_again(
    three_store,
) -> None:
    app = DriftApp(three_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PortfolioTable)
        # light 9 ("— unknown"), slip 6, paid 18, risks 5, flags 5, each with 2 blanks after, 1 blank first:
        # 80 - 1 - (9 + 6 + 18 + 5 + 5) - 6 × 2 = 24 cells for the name, cut with …
        assert table.widths[:6] == [9, 24, 6, 18, 5, 5]
        cut = row_of(screen_lines(app), PAID)
        assert "2023年度襄垣县城镇老旧… " in cut  # 22 cells and …: no blank where half a character would go

        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert table.widths[1] == 38  # the widest name, whole


def test_fit_puts_whole_columns_on_screen_in_order_and_spare_ones_only_whole_after_a_whole_name() -> None:
    columns = [
        Column("light", 5),
        Column("name", 30, least=10, flex=True),
        Column("figure", 8, right=True),
        Column("code", 12, spare=True),
        Column("department", 20, least=6, spare=True),
    ]
    # Everything whole: 1 + (5 + 30 + 8 + 12 + 20) + 5 × 2 = 86.
    assert fit(columns, 90) == [5, 30, 8, 12, 20]
    # 80: the department would need 86; it is never cut on screen but starts at the edge, the blank before it
    # after the whole name: 30 + 80 - 1 - (5 + 30 + 8 + 12) - 4 × 2 = 46.
    assert fit(columns, 80) == [5, 46, 8, 12, 20]
    assert fit(columns, 64) == [5, 30, 8, 12, 20]  # the code just fits whole: 1 + 55 + 8 = 64
    # 60: the code leaves too, and the name takes the rest: 60 - 1 - 13 - 6.
    assert fit(columns, 60) == [5, 40, 8, 12, 20]
    # 30: the name cut to its 10 beside the figure (1 + 5 + 10 + 8 + 6 = 30 fits, just).
    assert fit(columns, 30) == [5, 10, 8, 12, 20]
    # 25: the figure starts at the edge; the name keeps its 10 (no more than at 30), the blank goes after the light.
    assert fit(columns, 25) == [10, 10, 8, 12, 20]


def test_fit_never_shows_less_of_the_name_on_a_wider_screen_nor_a_column_across_its_edge() -> None:
    columns = [
        Column("light", 15),
        Column("name", 40, least=16, flex=True),
        Column("slip", 6, right=True),
        Column("paid", 15, right=True),
        Column("risks", 5, right=True),
        Column("flags", 5, right=True),
        Column("code", 24, spare=True),
        Column("department", 30, least=8, spare=True),
    ]
    name_shown = 0
    for available in range(40, 200):  # from where light and name at its least fit
        widths = fit(columns, available)
        assert min(widths[1], 40) >= name_shown, available
        name_shown = min(widths[1], 40)
        start = 1
        for column, width in zip(columns, widths, strict=True):
            if start < available:  # on screen: whole, and a spare column at its own width
                assert start + min(width, column.width) <= available, (available, column.label)
                if column.spare:
                    assert width == column.width
            start += width + SEPARATOR
    # 80: light, name at 16, slip, paid, risks and flags: 1 + 17 + 18 + 8 + 17 + 7 + 7 = 75, the name takes 5 more.
    assert fit(columns, 80)[:6] == [15, 21, 6, 15, 5, 5]
    assert fit(columns, 60)[:2] == [15, 16]  # the name at its least before a figure leaves


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_headline_says_the_date_chosen_with_a_and_how_many_projects_the_filter_leaves(
    three_store, lang
) -> None:
    app = DriftApp(three_store, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        headline = app.screen.query_one("#headline")
        assert not headline.display  # each project's own status date, every project shown: nothing to say

        await pilot.press("slash", *"2024")
        await pilot.pause()
        shown = "3 个项目中显示 1 个" if lang == "zh" else "1 of 3 projects"
        assert shown in screen_lines(app)[1]  # under the header

        await pilot.press("enter", "a", *"2023-07-25", "enter")
        await settle(pilot)
        as_of = (
            "查看日期 2023-07-25，非各项目的状态日期"
            if lang == "zh"
            else "as of 2023-07-25, not each project's status date"
        )
        assert screen_lines(app)[1].strip() == f"{as_of} · {shown}"

        await pilot.press("escape")  # the filter is cleared: the date stays
        await pilot.pause()
        assert screen_lines(app)[1].strip() == as_of


async def test_a_department_that_does_not_fit_whole_starts_past_the_edge_and_right_scrolls_to_it(three_store) -> None:
    app = DriftApp(three_store, lang="en")
    async with app.run_test(size=(140, 20)) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        # 140 - 1 - (9 + 38 + 6 + 18 + 5 + 5 + 24) - 8 × 2 = 18 cells: 襄垣县住房和城乡建设管理局 needs 26, so the
        # department is not cut there (it was "襄垣县住房和城乡…") but waits past the edge.
        assert row_of(lines, PAID).rstrip().endswith("  2306-140423-89-01-317509")
        assert "住房" not in row_of(lines, PAID)

        await pilot.press("right", "right", "right", "right", "right")
        await pilot.pause()
        assert app.screen.query_one(PortfolioTable).scroll_offset.x > 0
        await pilot.press(*["right"] * 20)  # as far as it goes
        await pilot.pause()
        assert any("襄垣县住房和城乡建设管理" in line for line in screen_lines(app))  # all a cell holds


@pytest.mark.parametrize("presses", [0, 1, 3], ids=["sorted by light", "by slip", "by risks"])
async def test_every_lights_word_is_whole_at_80_columns_sorted_by_it_or_not(
    tmp_path: Path, run_cli, presses: int
) -> None:
    app = DriftApp(four_lights_store(tmp_path, run_cli), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(*["s"] * presses)
        await pilot.pause()
        lines = screen_lines(app)

    shown = {line.split("  ")[0].strip() for line in lines[2:6]}
    assert shown == {"red", "yellow · 2 unknown", "— unknown", "green · 2 unknown"}


async def test_a_wider_terminal_never_shows_less_of_a_long_name(three_store) -> None:
    app = DriftApp(three_store, lang="zh")
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PortfolioTable)
        shown = []
        for width in (50, 60, 70, 80, 100, 120, 140):
            await pilot.resize_terminal(width, 20)
            await pilot.pause()
            shown.append(min(table.widths[1], table.columns[1].width))
    assert shown == sorted(shown), shown
