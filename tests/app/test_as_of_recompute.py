"""Pilot tests: a new as-of date analyses the rows in view first and shows them at once, keeps every row in its place
until all are analysed, and says how many are done."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from msgspec import structs
from pendulum import Date

from drift.portfolio import sort_rows
from store.files import load_sample
from store.model import Project
from store.persist import Store
from tests.app.conftest import screen_lines, settle
from tui.app import DriftApp
from tui.screens import portfolio as portfolio_screen
from tui.widgets.portfolio_table import PortfolioTable

COUNT = 120
ANALYSING = {"en": "{done} of 120 analysed", "zh": "已分析 {done}/120"}


@pytest.fixture
def many_store(tmp_path: Path) -> Store:
    """The sample 120 times, each a day later than the one before: the later, the longer its slip."""
    seed = load_sample()[0]
    store = Store(tmp_path / "store.json")
    store.create(
        structs.replace(seed, code=f"P-{n:03d}", status_date=seed.status_date.subtract(days=COUNT - n))
        for n in range(COUNT)
    )
    return store


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_a_new_as_of_date_shows_the_rows_in_view_first_each_row_in_its_place_until_all_are_analysed(
    many_store: Store, lang: str
) -> None:
    app = DriftApp(many_store, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PortfolioTable)
        # Sorted by slip, the latest first: the rows in view are neither the store's first nor the table's.
        await pilot.press("s", "pagedown", "pagedown")
        await pilot.pause()
        in_view, order = table.keys_in_view(), list(table.keys)
        assert order != sorted(order) and in_view[0] != order[0] and len(in_view) > 10
        analysed: list[str] = []
        go_on = threading.Event()
        headline_row = app.headline_row

        def held_after_the_rows_in_view(project: Project, as_of: Date | None) -> object:
            if len(analysed) == len(in_view):
                go_on.wait(30)
            analysed.append(project.code)
            return headline_row(project, as_of)

        app.headline_row = held_after_the_rows_in_view  # type: ignore[method-assign]
        try:
            await pilot.press("a", *"2023-07-25", "enter")
            for _ in range(500):
                await pilot.pause(0.01)
                if set(in_view) <= set(app.rows):
                    break

            # The rows in view, analysed first, are on screen without waiting for a batch; the rest wait.
            assert analysed[: len(in_view)] == in_view and set(app.rows) == set(in_view)
            # Every row in its place; the line the headline takes is a row less in view.
            assert (table.keys, table.keys_in_view()) == (order, in_view[:-1])
            assert screen_lines(app)[1].startswith(" " + ANALYSING[lang].format(done=len(in_view)) + " · ")
        finally:
            go_on.set()
        await settle(pilot)

        assert analysed == [*in_view, *(code for code in order if code not in in_view)]  # then in the order shown
        # Sorted again by the figures as of the new date (the same for all: the store's order).
        assert table.keys == [row.code for row in sort_rows(map(app.rows.get, app.search_index), app.screen.sort_key)]
        assert "120" not in screen_lines(app)[1]  # all done: the headline says only the date


async def test_a_row_sent_for_a_project_removed_meanwhile_is_not_counted_nor_shown(tmp_path: Path) -> None:
    seed = load_sample()[0]
    store = Store(tmp_path / "store.json")
    store.create([structs.replace(seed, code=code) for code in ("A-1", "B-2")])
    app = DriftApp(store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = app.rows["A-1"]
        # B-2's row not yet analysed anew, and a batch sent before a colleague's save, which removed C-3, comes in.
        del app.rows["B-2"]
        app.post_message(app.Analysed({"C-3": structs.replace(row, code="C-3")}, app.as_of))
        await pilot.pause()

        assert set(app.rows) == {"A-1"}
        assert app.screen.query_one(PortfolioTable).keys == ["A-1", "B-2"]
        assert screen_lines(app)[1].strip() == "1 of 2 analysed"


async def test_rows_analysed_anew_measure_only_their_figures_and_the_widths_follow_them(
    many_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At 10,000 projects, measuring every project's name, code and department again at each batch of rows analysed
    # anew took 0.1 s of the UI thread a batch: a project's own cells are measured once, a row's figures per row.
    app = DriftApp(many_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        before = screen._widest(list(app.search_index))
        measured: list[tuple[str, ...]] = []
        widths = portfolio_screen._widths
        monkeypatch.setattr(portfolio_screen, "_widths", lambda texts: measured.append(texts) or widths(texts))
        await pilot.press("a", *"2027-06-30", "enter")  # every slip four years longer: four digits, not three
        await settle(pilot)
        after = screen._widest(list(app.search_index))
        assert measured and all(len(texts) == 4 for texts in measured)  # figures only: no name, code, department
        screen._widths = {}  # measured afresh, nothing kept
        afresh = screen._widest(list(app.search_index))

    assert after == afresh
    assert after["slip"] > before["slip"] and after["name"] == before["name"]
