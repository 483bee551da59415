"""Pilot tests: the portfolio measures a row's cells again only when the app says the row or its project changed,
and the columns follow every change all the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec import structs

from store.edits import edit_record
from store.files import load_sample
from store.model import Project
from store.persist import Store
from tests.app.conftest import settle
from tui.app import DriftApp
from tui.screens.portfolio import PortfolioScreen
from tui.widgets.portfolio_table import PortfolioTable

COUNT = 40


@pytest.fixture
def many_store(tmp_path: Path) -> Store:
    seed = load_sample()[0]
    store = Store(tmp_path / "store.json")
    store.create(structs.replace(seed, code=f"P-{n:02d}", name=f"Project {n}") for n in range(COUNT))
    return store


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The code of every row whose cells the portfolio measures, in order."""
    codes: list[str] = []
    measure = PortfolioScreen._measured

    def noted(screen: PortfolioScreen, code: str, *rest: object) -> tuple[int, ...]:
        codes.append(code)
        return measure(screen, code, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(PortfolioScreen, "_measured", noted)
    return codes


def looked_up(app: DriftApp) -> list[str]:
    """The code of every project the app is asked for from now on."""
    codes: list[str] = []
    project = app.project

    def noted(code: str) -> Project:
        codes.append(code)
        return project(code)

    app.project = noted  # type: ignore[method-assign]
    return codes


def in_view(app: DriftApp) -> set[str]:
    """The rows the table may draw: those in view, and the one the line under them may show in part."""
    table = app.screen.query_one(PortfolioTable)
    top = table.scroll_offset.y
    return set(table.keys[top : top + table.scrollable_content_region.height])


async def test_keys_of_the_filter_and_of_the_sort_look_at_the_rows_drawn_alone(
    many_store: Store, measured: list[str]
) -> None:
    # At 10,000 projects, checking every row's widths at each key took 10-30 ms of the UI thread.
    app = DriftApp(many_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert sorted(set(measured)) == sorted(app.search_index)  # each row measured when it came
        measured.clear()
        drawn = in_view(app)
        asked = looked_up(app)
        for key in ("slash", "P", "-", "1", "backspace", "escape", "s", "s"):
            await pilot.press(key)
            await pilot.pause()
            drawn |= in_view(app)

    assert measured == []
    assert asked and set(asked) <= drawn and len(drawn) < COUNT


async def test_a_saved_name_is_measured_alone_and_its_column_widens_to_it(
    many_store: Store, measured: list[str]
) -> None:
    long_name = "A much longer project name than any other"
    app = DriftApp(many_store, lang="en")
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        before = screen._widest(screen.visible_codes())["name"]
        measured.clear()
        edit = edit_record(app.project("P-07"), "project", None, name=long_name)
        asked = looked_up(app)
        app.run_worker(lambda: app.save_edits([edit]), thread=True)
        await settle(pilot)
        drawn = in_view(app)
        assert app.project("P-07").name == long_name
        after = screen._widest(screen.visible_codes())["name"]

    assert set(measured) == {"P-07"}
    assert set(asked) <= drawn and len(drawn) < COUNT
    assert before == len("Project 10") and after == len(long_name)


async def test_a_project_shown_without_word_from_the_app_is_measured_when_drawn(
    many_store: Store, measured: list[str]
) -> None:
    # The app says which rows changed; a project it put on screen without saying so is measured all the same.
    app = DriftApp(many_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        del screen._widths["P-03"]
        measured.clear()
        screen.refresh_view()

    assert measured == ["P-03"]
