"""The portfolio, in the dashboard and `drift status`, names the projects with records after their as-of date."""

from __future__ import annotations

from pathlib import Path

from msgspec import structs
from textual.widgets import Static

from store.files import load_sample
from store.model import Payment, SourceKind
from store.persist import Store
from store.values import parse_date, parse_money
from tests.app.conftest import settle, static_text

SIZE = (160, 40)
LINE = "1 project has records after its as-of date, not counted: 9999-LATE"


def store_with_a_late_project(tmp_path: Path) -> Path:
    """The sample, and a copy 9999-LATE with one payment on 2023-10-15, after its status date 2023-09-28."""
    seed = load_sample()[0]
    payment = Payment(id="P1", date=parse_date("2023-10-15"), amount=parse_money("10"), source=SourceKind.LOCAL)
    late = structs.replace(seed, code="9999-LATE", funding=structs.replace(seed.funding, payments=(payment,)))
    path = tmp_path / "store.json"
    Store(path).create([seed, late])
    return path


async def test_the_portfolio_says_under_its_table_which_projects_have_records_after_their_as_of_date(
    tmp_path: Path, make_app
) -> None:
    app = make_app(Store(store_with_a_late_project(tmp_path)))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert static_text(app, "#portfolio-later", SIZE[0]).strip() == LINE
        await pilot.press("l")
        await pilot.pause()
        zh = static_text(app, "#portfolio-later", SIZE[0]).strip()
        await pilot.press("l", "slash", *"317509")  # filtered to the sample alone: no line
        await pilot.pause()
        shown = app.screen.query_one("#portfolio-later", Static).display

    assert zh == "1 个项目有晚于状态日期的记录，未计入：9999-LATE"
    assert shown is False


async def test_a_portfolio_without_records_after_the_as_of_date_shows_no_line_for_them(
    two_project_store, make_app
) -> None:
    app = make_app(two_project_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one("#portfolio-later", Static).display is False


def test_drift_status_says_under_the_portfolio_which_projects_have_records_after_their_as_of_date(
    tmp_path: Path, run_cli
) -> None:
    result = run_cli("status", "--store", str(store_with_a_late_project(tmp_path)))

    assert result.code == 0
    assert result.out.rstrip().splitlines()[-1] == LINE
