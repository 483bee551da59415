"""The project on screen removed by a colleague: the next save or undo goes back to the portfolio and says why."""

from __future__ import annotations

from decimal import Decimal

import pendulum
import pytest
from textual.widgets import Input, Select

from store.edits import add_payment, new_project
from store.files import load_sample
from store.model import SourceKind
from store.persist import Store
from tests.app.conftest import settle
from tui.app import DriftApp
from tui.screens.portfolio import PortfolioScreen
from tui.screens.project import ProjectScreen

SEED = "2306-140423-89-01-317509"
BOBS = "9999-BOB-1"
AT = pendulum.datetime(2023, 10, 16, 9, 30, tz="Asia/Shanghai")
SIZE = (110, 32)


@pytest.fixture
def store(tmp_path) -> Store:
    """The sample, a payment alice made, and a project bob added: revision 3."""
    store = Store(tmp_path / "store.json")
    store.create(load_sample())
    store.apply([add_payment(SEED, date=AT.date(), source=SourceKind.LOCAL, amount=Decimal("5"))], by="alice", at=AT)
    bobs = new_project(
        BOBS, name="鲍勃的项目", budget_year=2023, annual_budget=Decimal("10"), sources=[("local", Decimal("10"))]
    )
    store.apply([bobs], by="bob", at=AT)
    return store


def bob_removes_his_project(store: Store) -> None:
    """Bob undoes his `drift new` in his own process: another Store object on the same file."""
    Store(store.path).undo(by="bob", at=AT.add(minutes=5))


async def open_bobs_project(app: DriftApp, pilot) -> None:
    await settle(pilot)
    app.open_project(BOBS, "budget")
    await pilot.pause()
    assert isinstance(app.screen, ProjectScreen) and app.screen.code == BOBS


def notifications(app: DriftApp) -> str:
    return "\n".join(f"{n.title} {n.message}" for n in app._notifications)


async def test_undo_after_a_colleague_removed_the_project_on_screen_returns_to_the_portfolio_and_says_who(
    store: Store,
) -> None:
    app = DriftApp(store, user="alice")
    async with app.run_test(size=SIZE) as pilot:
        await open_bobs_project(app, pilot)
        bob_removes_his_project(store)

        await pilot.press("u")  # alice's payment is undone: a save that brings bob's removal with it
        await settle(pilot)

        assert isinstance(app.screen, PortfolioScreen)
        assert BOBS in notifications(app) and "bob" in notifications(app)
    assert app.return_code in (None, 0)
    assert [p.code for p in store.load().projects] == [SEED]
    assert store.load().projects[0].funding.payments == ()


async def test_a_payment_saved_to_a_project_a_colleague_removed_returns_to_the_portfolio_and_says_who(
    store: Store,
) -> None:
    app = DriftApp(store, user="alice")
    async with app.run_test(size=SIZE) as pilot:
        await open_bobs_project(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        form = app.screen
        form.query_one("#date", Input).value = "2023-10-20"
        form.query_one("#source", Select).value = "local"
        form.query_one("#amount", Input).value = "3"
        await pilot.pause()
        bob_removes_his_project(store)

        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()

        assert isinstance(app.screen, PortfolioScreen)
        assert BOBS in notifications(app) and "bob" in notifications(app)
        assert [p.code for p in app.projects()] == [SEED]
    assert app.return_code in (None, 0)
    assert [p.code for p in store.load().projects] == [SEED]
