"""A dialog names its own keys: its footer, not the screen's under it, and ? lists them (y/n, Ctrl+S)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Footer

from tests.app.conftest import settle
from tui.screens.export import ExportScreen, OverwriteDialog
from tui.screens.forms import EditForm
from tui.screens.help import HelpScreen
from tui.screens.project import ProjectScreen


def footer_keys(screen) -> list[str]:
    """The keys the footer of the screen on top shows."""
    footer = screen.query_one(Footer)
    return [key.key for key in footer.query("FooterKey")]


async def test_a_payment_form_at_60_by_20_shows_its_own_keys_not_the_budget_views(sample_store, make_app) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.press("3", "p")
        await pilot.pause()
        assert isinstance(app.screen, EditForm)
        keys = footer_keys(app.screen)
        assert "ctrl+s" in keys and "escape" in keys
        assert "p" not in keys and "e" not in keys  # the Budget view's, which the form does not answer to


async def test_question_mark_on_the_export_screen_and_in_the_overwrite_dialog_lists_their_keys(
    sample_store, make_app, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert {"s", "c", "esc", "q", "?"} <= {key for key, _ in app.screen.bindings}
        await pilot.press("escape")
        app.push_screen(OverwriteDialog(tmp_path / "x.md", "en"))
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert [(key, words) for key, words in app.screen.bindings if key in {"y", "n"}] == [
            ("y", "Overwrite"),
            ("n", "Cancel"),
        ]
        await pilot.press("escape", "n", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)


async def test_the_footers_palette_key_speaks_the_dashboards_language(sample_store, make_app) -> None:
    app = make_app(sample_store, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        [palette] = app.screen.query_one(Footer).query(".-command-palette")
        assert palette.description == "命令面板"
        await pilot.press("l")
        await pilot.pause()
        [palette] = app.screen.query_one(Footer).query(".-command-palette")
        assert palette.description == "palette"


async def test_a_refused_undo_is_said_in_the_dashboards_language(sample_store, make_app) -> None:
    app = make_app(sample_store, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        [said] = [str(notice.message) for notice in app._notifications]
        assert said.startswith("没有可撤销的修改：账户 ") and said.endswith(" 没有尚未撤销的修改")
