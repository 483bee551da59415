"""Pilot tests: in a narrow terminal a field's error goes under the field, whole, and how to save stays on screen."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label, Static

from tests.app.conftest import screen_lines
from tests.app.test_forms import _Host, project_in, type_into
from tui.screens.forms import IndicatorForm, PaymentForm

NEGATIVE = "'-5' must not be negative"


async def a_negative_amount_saved(store, size: tuple[int, int]):
    app = _Host(PaymentForm(project_in(store)))
    async with app.run_test(size=size) as pilot:
        await type_into(pilot, "amount", "-5")
        await pilot.press("enter")
        await pilot.pause()
        form = app.form
        field, error = form.query_one("#amount", Input), form.query_one("#amount-error", Static)
        hint = form.query_one("#form-hint", Label)
        return screen_lines(app), field.region, error.content_region, hint.region


async def test_at_60x20_the_error_is_under_the_field_whole_and_the_hint_to_save_on_screen(sample_store) -> None:
    lines, field, error, hint = await a_negative_amount_saved(sample_store, (60, 20))

    assert error.y == field.y + 1 and error.x == field.x  # under the field, from its first column
    assert error.width >= len(NEGATIVE)
    assert any(line.strip(" │") == NEGATIVE for line in lines)  # on one line of its own, not 5 cells a line
    assert 0 <= hint.y < 20
    assert "Enter saves · Esc cancels" in lines[hint.y]
    edges = [line.strip()[:1] for line in lines if line.strip()[:1] in ("╭", "╰")]
    assert edges == ["╭", "╰"]  # the whole box on screen: the form is not pushed off it


async def test_a_wide_terminal_keeps_the_error_beside_the_field(sample_store) -> None:
    lines, field, error, _hint = await a_negative_amount_saved(sample_store, (110, 32))

    assert error.y == field.y and error.x > field.right
    assert NEGATIVE in lines[field.y]


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_the_longest_form_at_60x20_scrolls_under_its_hint_to_save(sample_store, lang) -> None:
    app = _Host(IndicatorForm(project_in(sample_store), "I5"), lang)
    async with app.run_test(size=(60, 20)) as pilot:
        app.form.query_one("#remark", Input).focus()  # the last field: the form scrolls to it
        await pilot.pause()
        remark = app.form.query_one("#remark", Input).region
        hint = app.form.query_one("#form-hint", Label).region
        lines = screen_lines(app)

    assert 0 <= remark.y < hint.y < 20
    assert ("Enter 保存 · Esc 取消" if lang == "zh" else "Enter saves · Esc cancels") in lines[hint.y]
