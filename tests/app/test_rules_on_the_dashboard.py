"""Pilot tests: the dashboard analyses each project under its own rules over the store's rules file."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from msgspec import structs

from store.files import load_sample
from store.model import RuleSettings, TimeBasis
from store.persist import Store
from tests.app.conftest import settle, static_text

SIZE = (160, 50)
SEED = "2306-140423-89-01-317509"


async def test_the_store_rules_file_sets_the_basis_the_budget_view_and_portfolio_row_show(tmp_path, make_app) -> None:
    store = Store(tmp_path / "store.json")
    store.create(load_sample())
    store.rules_path().write_text('time_basis = "months"\n', encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = app.rows[SEED]
        await pilot.press("3")
        await pilot.pause()
        body = static_text(app, "#budget-body", SIZE[0])
        headline = static_text(app, "#headline", SIZE[0])

    assert (row.time_pct, row.execution_trail_points) == (Decimal("75.00"), Decimal("75.00"))
    assert "time progress 75.00% (months 9/12)" in body
    assert "paid 0.00% vs time 75.00% (months 9/12)" in headline


async def test_a_projects_own_rules_win_over_the_store_file_on_the_dashboard(tmp_path, make_app) -> None:
    seed = structs.replace(load_sample()[0], rules=RuleSettings(time_basis=TimeBasis.DAYS))
    store = Store(tmp_path / "store.json")
    store.create([seed])
    store.rules_path().write_text('time_basis = "months"\n', encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        analysis = app.analysis(SEED)

    assert (analysis.budget.time.elapsed, analysis.budget.time.total) == (271, 365)
    assert app.rows[SEED].time_pct == Decimal("74.25")


async def test_a_bad_rules_file_ends_the_dashboard_with_one_line_naming_the_file_and_setting(
    tmp_path, make_app
) -> None:
    store = Store(tmp_path / "store.json")
    store.create(load_sample())
    store.rules_path().write_text("budget_yellow_points = 30\nbudget_red_points = 20\n", encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)

    assert app.return_code == 2
    assert app.return_value == f"{store.rules_path()}: budget_red_points: 20 must be above budget_yellow_points 30"


def with_user_config(tmp_path, text: str) -> tuple[Store, Path]:
    """The sample in a store opened with $XDG_CONFIG_HOME under tmp_path, whose drift/rules.toml holds text."""
    config = tmp_path / "config" / "drift" / "rules.toml"
    config.parent.mkdir(parents=True)
    config.write_text(text, encoding="utf-8")
    store = Store(tmp_path / "store.json", environ={"XDG_CONFIG_HOME": str(tmp_path / "config")})
    store.create(load_sample())
    return store, config


async def test_the_users_config_reaches_the_dashboard_below_the_store_file(tmp_path, make_app) -> None:
    store, _ = with_user_config(tmp_path, 'time_basis = "months"\nschedule_yellow_days = 1\nschedule_red_days = 2\n')
    store.rules_path().write_text("schedule_yellow_days = 400\nschedule_red_days = 500\n", encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rules = app.rules_of(app.project(SEED))

    assert app.rows[SEED].time_pct == Decimal("75.00")  # the user's months: 9/12
    assert (rules.schedule_yellow_days, rules.schedule_red_days) == (400, 500)  # the store file's, over the user's


async def test_a_bad_users_config_ends_the_dashboard_with_one_line_naming_it(tmp_path, make_app) -> None:
    store, config = with_user_config(tmp_path, "budget_points = -1\n")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)

    assert app.return_code == 2
    assert app.return_value == f"{config}: budget_points: '-1' must not be negative"
