"""Pilot tests: a record dated after the as-of date is noted in the form as it is typed, and named in the views."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Input

from store.files import load_sample
from store.model import SourceKind
from store.persist import Store
from tests.app.conftest import settle, static_text, store_with_one_payment
from tui import colours
from tui.screens.forms import PaymentForm, PhaseActualsForm

SIZE = (160, 50)
NOTE = "after the as-of date 2023-09-28: it counts from that date on"
"""The sample's status date is 2023-09-28."""


class _Host(App):
    """Pushes one form; has no as-of date of its own, so the project's status date is the as-of date."""

    lang = "en"

    def __init__(self, form) -> None:
        super().__init__()
        colours.use_in(self)  # as DriftApp does: the forms use its named styles
        self.form = form

    def on_mount(self) -> None:
        self.push_screen(self.form)


def later_store(tmp_path: Path) -> Store:
    """The sample with one 10 万元 county payment on 2023-10-15, after its status date 2023-09-28."""
    return store_with_one_payment(tmp_path, "2023-10-15", SourceKind.LOCAL, "10")


def plain(app, selector: str) -> str:
    return static_text(app, selector, SIZE[0])


async def test_the_payment_form_notes_a_date_after_the_as_of_date_as_it_is_typed(tmp_path: Path) -> None:
    app = _Host(PaymentForm(load_sample()[0]))
    async with app.run_test(size=SIZE) as pilot:
        form = app.form
        form.query_one("#date", Input).value = "2023-10-15"
        await pilot.pause()
        assert form.error_text("date") == NOTE
        form.query_one("#date", Input).value = "2023-09-28"  # the as-of day itself counts
        await pilot.pause()
        assert form.error_text("date") == ""


async def test_the_phase_form_notes_an_actual_end_after_the_as_of_date(tmp_path: Path) -> None:
    app = _Host(PhaseActualsForm(load_sample()[0], "construction"))
    async with app.run_test(size=SIZE) as pilot:
        form = app.form
        form.query_one("#actual_end", Input).value = "2023-12-01"
        await pilot.pause()
        assert (form.error_text("actual_start"), form.error_text("actual_end")) == ("", NOTE)


async def test_the_budget_view_and_the_headline_name_the_payment_not_counted(tmp_path: Path, make_app) -> None:
    app = make_app(later_store(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        headline = plain(app, "#headline")
        await pilot.press("3")
        await pilot.pause()
        body = plain(app, "#budget-body")

    assert "flags 15 · 1 payment after the as-of date 2023-09-28 not counted" in " ".join(headline.split())
    lines = [line.rstrip() for line in body.splitlines()]
    # Paid stays 0.00 as of 2023-09-28, and the view says why.
    index = lines.index("no payments recorded up to 2023-09-28")
    assert lines[index + 1] == "1 payment after the as-of date 2023-09-28 not counted"
