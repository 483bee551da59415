"""Pilot tests: a report's cumulative figure is added (f) and changed (F) from the Budget view, and counts at once."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import Input, OptionList, Select

from store.persist import Store
from tests.app.conftest import settle, static_text
from tui.screens.forms import Picker, ReportedFigureForm

SIZE = (160, 50)


async def test_a_figure_typed_as_offices_type_it_is_saved_for_the_whole_project(sample_store: Store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "f")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReportedFigureForm)
        form.query_one("#date", Input).value = "2023/9/30"
        form.query_one("#source", Select).value = "(whole project)"
        form.query_one("#paid", Input).value = "1,200.50元"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        body = static_text(app, "#budget-body", SIZE[0])

    figure = sample_store.load().projects[0].funding.reported[-1]
    # 1,200.50 元 is 0.12005 万元, the seed's fifth figure, for no source.
    assert (figure.id, str(figure.date), figure.source, figure.paid) == ("R5", "2023-09-30", "", Decimal("0.12005"))
    assert "1 reported figure after the as-of date 2023-09-28 not counted" in body


async def test_f_shift_picks_a_figure_and_its_form_changes_it(sample_store: Store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("3", "F")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, Picker)
        options = picker.query_one(OptionList)
        assert [options.get_option_at_index(n).id for n in range(options.option_count)] == ["R1", "R2", "R3", "R4"]
        await pilot.press("down", "enter")  # R2: central, 0 paid by 2023-09-28
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReportedFigureForm)
        assert (form.query_one("#paid", Input).value, form.query_one("#date", Input).value) == ("0", "2023-09-28")
        form.query_one("#paid", Input).value = "30"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        body = static_text(app, "#budget-body", SIZE[0])

    project = sample_store.load().projects[0]
    assert project.funding.reported[1].paid == Decimal(30)
    # The report's own figures now disagree: 30 paid of central money, none for the whole project (R1). The 30 its
    # sources prove stands for the total too: money proved paid never shrinks.
    line = next(text for text in body.splitlines() if text.lstrip().startswith("中央补助资金") and "82.00" in text)
    assert "30.00" in line
    total = next(text for text in body.splitlines() if text.lstrip().startswith("total") and "589.20" in text)
    assert "30.00" in total
