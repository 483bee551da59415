"""e on the portfolio: a preview of the summary at once, the whole export saved in pieces, q always quits, and an e
pressed while the store is read is kept, not lost."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from msgspec import structs
from textual.widgets import Markdown, MarkdownViewer

import tui.screens.portfolio as portfolio_screen
from drift.analysis import analyse_project
from drift.dates import as_of_for
from drift.markdown import portfolio_markdown
from store.files import load_sample
from store.persist import Store
from tui.app import DriftApp
from tui.screens.export import ExportScreen
from tui.screens.portfolio import PREVIEW_PROJECTS, PortfolioScreen

PROJECTS = PREVIEW_PROJECTS + 20
SIZE = (110, 32)


@pytest.fixture
def big_store(tmp_path: Path) -> Store:
    seed = load_sample()[0]
    store = Store(tmp_path / "store.json")
    store.create(structs.replace(seed, code=f"P-{n:04d}", name=f"项目{n}") for n in range(PROJECTS))
    return store


async def until(pilot, done: Callable[[], bool]) -> None:
    """Let the app run until done() holds, twenty seconds at most."""
    for _ in range(400):
        if done():
            return
        await pilot.pause(0.05)


def export_screen(app: DriftApp) -> ExportScreen | None:
    return next((s for s in app.screen_stack if isinstance(s, ExportScreen)), None)


def export_shown(app: DriftApp) -> bool:
    """The export screen is up and its Markdown drawn: ending the app any sooner would end it mid-mount."""
    screen = export_screen(app)
    return screen is not None and any(document.children for document in screen.query(Markdown))


async def test_the_portfolio_export_previews_the_summary_and_saves_every_project_in_detail(
    big_store: Store, tmp_path: Path
) -> None:
    app = DriftApp(big_store)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.loaded and len(app.rows) == PROJECTS)
        await pilot.press("e")
        await until(pilot, lambda: export_shown(app))
        screen = export_screen(app)
        assert screen is not None
        shown = screen.query_one(MarkdownViewer).document.source
        assert f"the summary of the {PREVIEW_PROJECTS} reddest of {PROJECTS} projects" in shown
        assert shown.count("| P-0") == PREVIEW_PROJECTS  # one summary row each, and no project's detail
        assert "\n## " not in shown

        target = tmp_path / "portfolio.md"
        await pilot.press("s", "ctrl+a", "ctrl+k", *str(target), "enter")
        await until(pilot, lambda: target.exists())
        await app.workers.wait_for_complete()

    projects = big_store.load().projects
    whole = portfolio_markdown([analyse_project(p, as_of_for(p)) for p in projects], "en")
    assert target.read_text(encoding="utf-8") == whole  # what `drift export` writes for the same store
    assert whole.count("\n## ") == PROJECTS


async def test_q_quits_while_the_portfolio_export_is_being_made_and_the_export_stops(
    big_store: Store, monkeypatch
) -> None:
    analysed: list[str] = []
    held, release, went_on = threading.Event(), threading.Event(), threading.Event()

    def analyse(project, as_of, rules=None):
        analysed.append(project.code)
        if len(analysed) == 5:  # the export is under way: the test quits now
            held.set()
            release.wait(20)
        elif len(analysed) > 5:
            went_on.set()
        return analyse_project(project, as_of, rules)

    monkeypatch.setattr(portfolio_screen, "analyse_project", analyse)
    app = DriftApp(big_store)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.loaded and len(app.rows) == PROJECTS)
        await pilot.press("e")
        await until(pilot, held.is_set)
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running)
        assert not app.is_running
    release.set()

    # Once released, a worker that ignores the quit would analyse the next project at once.
    assert not went_on.wait(3), f"the export went on after q: {len(analysed)} projects analysed"


async def test_e_pressed_while_the_store_is_read_says_so_and_opens_the_export_once_it_is_read(
    big_store: Store, monkeypatch
) -> None:
    reading, go_on = threading.Event(), threading.Event()
    real_read = Store.read

    def slow_read(self: Store, each=None):
        def held(project):
            each(project)
            if project.code == "P-0010":
                reading.set()
                go_on.wait(20)

        return real_read(self, held)

    monkeypatch.setattr(Store, "read", slow_read)
    monkeypatch.setattr("tui.app.SMALL_STORE_BYTES", 0)  # read in a worker, as a big store is
    monkeypatch.setattr("tui.app.FIRST_BATCH", 5)
    app = DriftApp(big_store)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: reading.is_set() and len(app.portfolio.projects) >= 5)
        assert isinstance(app.screen, PortfolioScreen)
        await pilot.press("e")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Still reading the store") for m in messages), messages
        assert export_screen(app) is None

        go_on.set()
        await until(pilot, lambda: export_shown(app))
        assert export_screen(app) is not None
