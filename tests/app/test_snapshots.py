"""SVG snapshots of every screen with the sample, at 80×24 and 120×40, in Chinese and English."""

from __future__ import annotations

import pytest
from msgspec import structs

from store.files import load_sample
from store.persist import Store
from tests.app.conftest import settle
from tui.app import DriftApp

VIEWS = ("overview", "schedule", "budget", "indicators", "findings")
SIZES = ((80, 24), (120, 40))


def show(view: str):
    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.screen.action_show_view(view)
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("view", VIEWS)
def test_project_view(view, size, lang, sample_store, snap_compare):
    assert snap_compare(DriftApp(sample_store, lang=lang), terminal_size=size, run_before=show(view))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_portfolio(lang, two_project_store, snap_compare):
    assert snap_compare(DriftApp(two_project_store, lang=lang), terminal_size=(100, 24), run_before=settle)


def test_indicator_detail(sample_store, snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("4", "down", "down", "enter")

    assert snap_compare(DriftApp(sample_store, lang="zh"), terminal_size=(80, 24), run_before=run_before)


def test_help_screen(sample_store, snap_compare):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")

    assert snap_compare(DriftApp(sample_store, lang="en"), terminal_size=(80, 24), run_before=run_before)


def test_hostile_text_is_shown_as_characters(tmp_path, snap_compare):
    seed = load_sample()[0]
    hostile = structs.replace(
        seed,
        name="[bold red]x[/] [link=http://x]click[/link] 名称 🏗 שלום",
        department="[reverse]部门",
    )
    store = Store(tmp_path / "store.json")
    store.create([hostile])
    assert snap_compare(DriftApp(store, lang="en"), terminal_size=(100, 30), run_before=settle)


def test_tiny_terminal_does_not_crash(sample_store, snap_compare):
    assert snap_compare(DriftApp(sample_store, lang="zh"), terminal_size=(40, 12), run_before=show("budget"))
