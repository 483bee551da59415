"""Pilot tests: an overspend is red in the headline and the budget view, and the payment form warns before saving it."""

from __future__ import annotations

from pathlib import Path

from msgspec import structs
from textual.widgets import Input, Select

from store.files import load_sample
from store.model import SourceKind
from store.persist import Store
from store.values import parse_date as day
from store.values import parse_money
from tests.app.conftest import settle, static_text, store_with_one_payment
from tui.app import DriftApp
from tui.screens.forms import PaymentForm

SIZE = (160, 50)
OVERSPEND = "overspent: paid 99999.00 of 82.00 万元 budgeted"


def overspent_store(tmp_path: Path) -> Store:
    """The sample with 99999 万元 paid from the central money, budgeted and allocated at 82, on 2023-08-01."""
    return store_with_one_payment(tmp_path, "2023-08-01", SourceKind.CENTRAL, "99999")


def plain(app, selector: str) -> str:
    return static_text(app, selector, SIZE[0])


async def test_the_headline_shows_an_overspend_as_red_with_its_plain_figures(tmp_path: Path, make_app) -> None:
    app = make_app(overspent_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        headline = plain(app, "#headline")

    # 99999 of 589.20 is 16972.00% of the budget (16971.9959…): far ahead of the 74.25% of the year, and still red.
    assert (
        "paid 16972.00% vs time 74.25% (days 271/365) red · overspent: paid 99999.00 of 589.20 万元 budgeted"
        in headline
    )


async def test_the_budget_bars_show_the_overspent_source_and_the_total_red(tmp_path: Path, make_app) -> None:
    app = make_app(overspent_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await pilot.pause()
        body = plain(app, "#budget-body")

    central = next(line for line in body.splitlines() if line.startswith("中央补助资金"))
    total = next(line for line in body.splitlines() if line.startswith("total"))
    # 99999 of the central 82 is 121950.00%.
    assert central.rstrip().endswith(f"121950.00% / 74.25% red {OVERSPEND}")
    assert total.rstrip().endswith("16972.00% / 74.25% red overspent: paid 99999.00 of 589.20 万元 budgeted")


async def typed_payment(pilot, app: DriftApp, source: str, amount: str) -> PaymentForm:
    """The payment form opened from the budget view (3, p), a payment of 2023-08-01 typed in and Ctrl+S pressed."""
    await settle(pilot)
    await pilot.press("3", "p")
    await pilot.pause()
    form = app.screen
    assert isinstance(form, PaymentForm)
    form.query_one("#date", Input).value = "2023-08-01"
    form.query_one("#source", Select).value = source
    form.query_one("#amount", Input).value = amount
    await pilot.pause()
    await pilot.press("ctrl+s")
    return form


async def test_the_payment_form_warns_of_an_overspend_and_a_second_ctrl_s_saves_it_saying_so(
    sample_store: Store, make_app
) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        form = await typed_payment(pilot, app, "central", "99999")  # payments are recorded from the budget view
        await pilot.pause()
        assert app.screen is form  # not saved yet
        assert form.error_text("form") == (
            "中央补助资金: paid 99999.00 of 82.00 万元 budgeted; "
            "中央补助资金: paid 99999.00 万元, more than the 82.00 万元 allocated. "
            "Save again (Enter or Ctrl+S) to record it all the same."
        )
        assert sample_store.load().projects[0].funding.payments == ()
        await pilot.press("ctrl+s")
        await settle(pilot)
        messages = [n.message for n in app._notifications]

    assert [p.amount for p in sample_store.load().projects[0].funding.payments] == [parse_money("99999")]
    assert "Saved, overspent: 中央补助资金: paid 99999.00 of 82.00 万元 budgeted" in messages


async def test_the_headline_says_which_parts_are_unknown_and_never_shows_them_green(tmp_path: Path, make_app) -> None:
    # No phases, no indicators; as of 2023-01-15 nothing paid is 4.11 points behind time: green.
    seed = load_sample()[0]
    bare = structs.replace(seed, status_date=day("2023-01-15"), phases=(), events=(), indicators=())
    store = Store(tmp_path / "store.json")
    store.create([bare])
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        headline = plain(app, "#headline")

    # The unknown parts are named beside the light, not counted as flags.
    assert " ".join(headline.split()) == (
        "as of 2023-01-15 · Overall green · schedule, indicators unknown · schedule — days — unknown"
        " · paid 0.00% vs time 4.11% (days 15/365) green · at risk 0 · flags 0"
        # The seed's allocations of May and July, and its figures of 09-28, which pin nothing paid before them.
        " · 3 allocations, 4 reported figures after the as-of date 2023-01-15 not counted"
    )


async def test_a_save_on_the_chinese_dashboard_names_each_changed_field_in_chinese(
    sample_store: Store, make_app
) -> None:
    app = make_app(sample_store, "zh")
    async with app.run_test(size=SIZE) as pilot:
        await typed_payment(pilot, app, "provincial", "1.5")
        await settle(pilot)
        saved = [n for n in app._notifications if n.title.startswith("已保存")]

    assert [n.message.splitlines() for n in saved] == [
        ["支出 P1 日期：— → 2023-08-01", "支出 P1 资金来源：— → provincial", "支出 P1 金额：— → 1.5"]
    ]
