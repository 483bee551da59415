"""Pilot tests: a form with a date after the as-of date offers to move the status date there, with its history."""

from __future__ import annotations

import pendulum
from textual.widgets import Static

from store.files import load_sample
from store.persist import Store
from tests.app.conftest import settle, static_text
from tui.app import DriftApp
from tui.screens.forms import PaymentForm, PhaseActualsForm
from tui.screens.project import ProjectScreen

SEED = load_sample()[0].code
SIZE = (160, 50)
OFFER = "Ctrl+T: move the status date to 2023-10-15 so that it counts"
ACCEPTED = "on saving, the status date moves to 2023-10-15 · Ctrl+T: leave it"


def one_line(app: DriftApp, selector: str) -> str:
    return " ".join(static_text(app, selector, SIZE[0]).split())


async def pay_ten_on_october_15(app: DriftApp, pilot) -> PaymentForm:
    """Open the payment form on the Budget view and type a county payment of 10 万元 dated 2023-10-15."""
    await settle(pilot)
    await pilot.press("3", "p")
    form = app.screen
    assert isinstance(form, PaymentForm)
    form.query_one("#date").value = "2023-10-15"
    form.query_one("#source").value = "local"
    form.query_one("#amount").value = "10"
    await pilot.pause()
    return form


async def test_accepting_the_offer_moves_the_status_date_so_the_payment_counts(sample_store: Store) -> None:
    app = DriftApp(sample_store, user="alice")
    async with app.run_test(size=SIZE) as pilot:
        form = await pay_ten_on_october_15(app, pilot)
        assert one_line(app, "#form-offer") == OFFER
        await pilot.press("ctrl+t")
        assert one_line(app, "#form-offer") == ACCEPTED
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen) and form is not app.screen
        headline = one_line(app, "#headline")

    project = sample_store.load().project(SEED)
    assert project.status_date == pendulum.date(2023, 10, 15)
    # 10 of 589.20 万元 paid = 1.70%, against 288 of 365 days = 78.90%; nothing is left after the as-of date.
    assert headline.startswith("as of 2023-10-15 ·")
    assert "paid 1.70% vs time 78.90%" in headline and "not counted" not in headline
    # One save, one revision: the payment and the status date, each with its history.
    saved = [e for e in sample_store.history() if e.revision == 2]
    assert {(e.kind, e.by) for e in saved} == {("payments", "alice"), ("project", "alice")}
    assert [(e.field, e.old, e.new) for e in saved if e.kind == "project"] == [
        ("status_date", "2023-09-28", "2023-10-15")
    ]


async def test_declining_the_offer_leaves_the_status_date_and_names_the_payment_not_counted(
    sample_store: Store,
) -> None:
    app = DriftApp(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await pay_ten_on_october_15(app, pilot)
        await pilot.press("ctrl+t", "ctrl+t")  # accepted, then taken back
        assert one_line(app, "#form-offer") == OFFER
        await pilot.press("ctrl+s")
        await settle(pilot)
        headline = one_line(app, "#headline")

    project = sample_store.load().project(SEED)
    assert (project.status_date, len(project.funding.payments)) == (pendulum.date(2023, 9, 28), 1)
    assert "1 payment after the as-of date 2023-09-28 not counted" in headline
    assert {e.kind for e in sample_store.history() if e.revision == 2} == {"payments"}


async def test_the_offer_follows_the_latest_date_typed_and_goes_when_none_is_after_the_as_of_date(
    sample_store: Store,
) -> None:
    app = DriftApp(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PhaseActualsForm(app.project(SEED), "construction"))
        await pilot.pause()
        form = app.screen
        form.query_one("#actual_end").value = "2023-12-01"
        await pilot.pause()
        assert one_line(app, "#form-offer") == "Ctrl+T: move the status date to 2023-12-01 so that it counts"
        form.query_one("#actual_end").value = "2023-09-20"
        await pilot.pause()
        shown = app.screen.query_one("#form-offer", Static).display

    assert shown is False


async def test_no_offer_is_made_when_the_dashboard_computes_for_a_date_of_its_own(sample_store: Store) -> None:
    # As of a date chosen with `a`, the status date decides nothing: moving it would not make the payment count.
    app = DriftApp(sample_store, as_of=pendulum.date(2023, 9, 30))
    async with app.run_test(size=SIZE) as pilot:
        form = await pay_ten_on_october_15(app, pilot)
        assert form.error_text("date") == "after the as-of date 2023-09-30: it counts from that date on"
        shown = form.query_one("#form-offer", Static).display
        await pilot.press("ctrl+t", "ctrl+s")
        await settle(pilot)

    assert shown is False
    assert sample_store.load().project(SEED).status_date == pendulum.date(2023, 9, 28)
