"""The as-of dialog says in the dashboard's language why a date cannot be read, and its title is whole."""

from __future__ import annotations

import pytest
from textual.geometry import Region
from textual.widgets import Label

from drift.i18n import t
from tests.app.conftest import settle
from tui.screens.as_of import AsOfDialog


async def test_the_as_of_dialog_refuses_an_impossible_date_in_chinese(sample_store, make_app):
    app = make_app(sample_store, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, AsOfDialog)
        await pilot.press(*"2023-02-30")
        assert str(app.screen.query_one("#as-of-error").render()) == "'2023-02-30' 不是日历上存在的日期"
        await pilot.press(*["backspace"] * 10, *"9.28")
        assert str(app.screen.query_one("#as-of-error").render()) == "'9.28' 不是 YYYY-MM-DD 格式的日期"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_as_of_dialogs_title_is_whole_at_60_and_80_columns(sample_store, make_app, lang, size):
    app = make_app(sample_store, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        label = app.screen.query_one("#as-of Label", Label)
        assert label.region.right <= app.screen.query_one("#as-of").content_region.right
        lines = label.render_lines(Region(0, 0, label.size.width, label.size.height))
        shown = "".join(line.text for line in lines).replace(" ", "")
        assert shown == t("asof.prompt", lang).replace(" ", "")  # every word of it, none cut at the box's edge
