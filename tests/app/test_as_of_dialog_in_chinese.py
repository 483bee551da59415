"""The as-of dialog says in the dashboard's language why a date cannot be read."""

from __future__ import annotations

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
