"""A big store is shown as it is read: the first projects appear, analysed, before the rest is read."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pendulum
import pytest
from msgspec import structs
from textual.worker import Worker, get_current_worker

from store.files import load_sample
from store.model import Funding, Project
from store.persist import Store
from tests.app.conftest import settle
from tui.app import FIRST_BATCH, SMALL_STORE_BYTES, DriftApp
from tui.screens.portfolio import PortfolioScreen
from tui.widgets.portfolio_table import PortfolioTable

PROJECTS = FIRST_BATCH + 50


async def until(pilot, done: Callable[[], bool]) -> None:
    """Let the app run until done() holds, ten seconds at most."""
    for _ in range(200):
        if done():
            return
        await pilot.pause(0.05)


async def test_the_first_projects_are_shown_and_analysed_while_the_rest_is_read(tmp_path: Path, monkeypatch) -> None:
    seed = load_sample()[0]
    early = structs.replace(seed, status_date=pendulum.date(2023, 2, 15))  # yellow then; red at its own date
    store = Store(tmp_path / "store.json")
    store.create(
        structs.replace(early if n < FIRST_BATCH else seed, code=f"P-{n:04d}", name=f"项目{n}") for n in range(PROJECTS)
    )
    first_batch_shown = threading.Event()
    go_on = threading.Event()
    real_read = Store.read

    def slow_read(self: Store, each=None):
        def held(project):  # the reader stops after the first batch until the test has looked at the screen
            each(project)
            if project.code == f"P-{FIRST_BATCH:04d}":
                first_batch_shown.wait(10)
                go_on.wait(10)

        return real_read(self, held)

    monkeypatch.setattr(Store, "read", slow_read)
    app = DriftApp(store, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: len(app.portfolio.projects) >= FIRST_BATCH)
        await pilot.pause()
        first_batch_shown.set()
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        assert len(app.portfolio.projects) == FIRST_BATCH
        assert len(app.rows) == FIRST_BATCH  # analysed as they were read
        assert screen.query_one(PortfolioTable).row_count == FIRST_BATCH
        assert f"{FIRST_BATCH} projects so far" in str(app.sub_title)
        assert not app.editable  # no edit is made on a store half read
        await pilot.press("e")
        assert not any(type(s).__name__ == "ExportScreen" for s in app.screen_stack)  # nor half a portfolio exported

        go_on.set()
        await settle(pilot)
        assert app.loaded and app.editable
        assert len(app.portfolio.projects) == len(app.rows) == PROJECTS
        table = screen.query_one(PortfolioTable)
        assert table.row_count == PROJECTS
        # Nobody moved the cursor: it stays on the first row, now the first of the red projects read last.
        assert (table.cursor, table.selected_key) == (0, f"P-{FIRST_BATCH:04d}")
        assert str(app.sub_title) == f"{PROJECTS} projects · revision 1"


async def test_a_bad_project_after_the_first_screenful_still_ends_the_app_with_its_reason(tmp_path: Path) -> None:
    seed = load_sample()[0]
    store = Store(tmp_path / "store.json")
    store.create(structs.replace(seed, code=f"P-{n:04d}") for n in range(PROJECTS))
    raw = store.path.read_bytes()
    last = raw.rindex(b'"code":"P-')
    broken = raw[:last] + raw[last:].replace(b'"budget_year":2023', b'"budget_year":"2023"', 1)
    store.path.write_bytes(broken)

    app = DriftApp(store, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: app.return_code is not None)
    assert app.return_code == 2
    assert f"projects[{PROJECTS}].budget_year" in app.return_value
    assert store.path.read_bytes() == broken


async def test_quitting_while_a_big_store_is_read_stops_the_reading(tmp_path: Path, monkeypatch) -> None:
    seed = load_sample()[0]
    store = Store(tmp_path / "store.json")
    store.create(structs.replace(seed, code=f"P-{n:04d}") for n in range(PROJECTS))
    read: list[str] = []
    real_read = Store.read
    readers: list[Worker] = []

    def slow_read(self: Store, each=None):
        worker = get_current_worker()
        readers.append(worker)

        def held(project):
            read.append(project.code)
            if len(read) == FIRST_BATCH + 1:  # the reader is held here until the closing app cancels it
                deadline = time.monotonic() + 10
                while not worker.is_cancelled and time.monotonic() < deadline:
                    time.sleep(0.01)
            each(project)

        return real_read(self, held)

    monkeypatch.setattr(Store, "read", slow_read)
    app = DriftApp(store, lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: len(app.portfolio.projects) >= FIRST_BATCH)
        await pilot.press("q")
    deadline = time.monotonic() + 10
    while not readers[0].is_finished and time.monotonic() < deadline:
        time.sleep(0.01)
    assert app.return_code == 0
    assert len(read) == FIRST_BATCH + 1  # not one project was read after the app had closed


async def test_a_small_store_is_read_at_once_and_a_big_one_in_a_worker(tmp_path: Path, monkeypatch) -> None:
    started: list[str] = []
    real_worker = DriftApp.load_store
    monkeypatch.setattr(DriftApp, "load_store", lambda app: started.append(app.store.path.name) or real_worker(app))
    seed = load_sample()[0]
    small, big = Store(tmp_path / "small.json"), Store(tmp_path / "big.json")
    small.create([seed])
    big.create(structs.replace(seed, code=f"P-{n:04d}") for n in range(PROJECTS))

    for store in (small, big):
        app = DriftApp(store, lang="en")
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda app=app: app.loaded)
        assert len(app.portfolio.projects) == len(store.load().projects)

    assert started == ["big.json"]  # the sample's 28 KB never waits for a thread to start


@pytest.mark.parametrize("count", [1, FIRST_BATCH, PROJECTS])
async def test_the_reading_waits_for_the_first_screen_which_says_when_it_is_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    # Reading 100,000 projects from a database took the screen's turns and a quarter of a second from the first
    # screen: the reading waits until the first batch is drawn. The screen must say so, or every read would stall
    # for FIRST_SCREEN_WAIT; the last batch of a read is never waited for (a one-project store stalled a second).
    seed = load_sample()[0]
    store = Store(tmp_path / "store.json")
    store.create(structs.replace(seed, code=f"P-{n:04d}") for n in range(count))
    monkeypatch.setattr("tui.app.FIRST_SCREEN_WAIT", 600.0)
    waits: list[bool] = []
    wait = threading.Event.wait

    def noted(event: threading.Event, timeout: float | None = None) -> bool:
        if timeout == 600.0:
            waits.append(wait(event, 10.0))  # False: the screen never said it was drawn
            return waits[-1]
        return wait(event, timeout)

    monkeypatch.setattr(threading.Event, "wait", noted)
    app = DriftApp(store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.loaded)
        assert app.loaded and len(app.portfolio.projects) == count
    monkeypatch.setattr(threading.Event, "wait", wait)

    assert waits == ([] if count == 1 else [True])


async def test_a_small_store_of_many_projects_opens_without_waiting_for_a_draw_it_holds_up(
    tmp_path: Path, monkeypatch
) -> None:
    """A store small enough to be read on the UI thread may hold more projects than the first batch (tiny ones):
    reading there, drift must not wait for the first batch to be drawn, which only the UI thread can draw."""
    store = Store(tmp_path / "store.json")
    tiny = (
        Project(code=f"T-{n:03d}", name=f"小项目{n}", budget_year=2023, funding=Funding())
        for n in range(FIRST_BATCH + 50)
    )
    store.create(tiny)
    assert store.size() <= SMALL_STORE_BYTES  # read at once, on the UI thread
    monkeypatch.setattr("tui.app.FIRST_SCREEN_WAIT", 30.0)  # the wait, were it made, would outlast the timeout
    app = DriftApp(store, lang="en")

    async def opened() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: app.loaded)
            assert len(app.portfolio.projects) == FIRST_BATCH + 50

    await asyncio.wait_for(opened(), timeout=20)


def test_batches_are_spaced_by_what_the_screen_took_to_take_in_the_last(tmp_path: Path) -> None:
    """Redrawing grows with the rows shown: every 0.3 s, 10,000 projects spent a third of their loading on it."""
    app = DriftApp(Store(tmp_path / "store.json"), lang="en")
    now = time.monotonic()
    assert not app.batch_due(now - 0.2)  # never more often than every BATCH_SECONDS
    assert app.batch_due(now - 0.35)
    app._taking_in = 0.09  # 90 ms to take in the last batch: the next one waits ten times as long
    assert not app.batch_due(now - 0.85)
    assert app.batch_due(now - 0.95)
    app._taking_in = 1.0  # one slow redraw: the progress shown waits three seconds at most, not ten
    assert not app.batch_due(now - 2.9)
    assert app.batch_due(now - 3.1)
