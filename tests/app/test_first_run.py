"""Pilot tests: the dashboard says when it is showing the bundled sample, because no store was named."""

from __future__ import annotations

import pytest

from tests.app.conftest import settle
from tui.app import DriftApp


async def notices(store, *, default_store: bool, lang: str = "en") -> list[str]:
    app = DriftApp(store, lang=lang, default_store=default_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        return [str(notification.message) for notification in app._notifications]


@pytest.mark.parametrize(("lang", "start"), [("en", "Showing the bundled sample ("), ("zh", "正在显示内置样例（")])
async def test_the_default_store_holding_the_sample_says_so_in_one_line(sample_store, lang: str, start: str) -> None:
    said = await notices(sample_store, default_store=True, lang=lang)

    (line,) = [notice for notice in said if notice.startswith(start)]
    assert str(sample_store.path) in line and "drift import" in line and "\n" not in line


async def test_a_named_store_holding_the_sample_says_nothing_of_it(sample_store) -> None:
    assert not [notice for notice in await notices(sample_store, default_store=False) if "sample" in notice]


async def test_the_default_store_holding_other_projects_says_nothing_of_the_sample(two_project_store) -> None:
    assert not [notice for notice in await notices(two_project_store, default_store=True) if "sample" in notice]
