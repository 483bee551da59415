"""Pilot tests of the export screen: s saves (asking where and before overwriting), c copies, Escape closes."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.widgets import Input, MarkdownViewer

from tests.app.conftest import settle
from tui.screens.export import ExportScreen, OverwriteDialog, SavePathDialog

MARKDOWN = "# 项目\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n- paid 0.00 of 589.20 万元\n"


class _Host(App[None]):
    """The smallest app that can show the screen; the dashboard's footer reads `lang` from its app."""

    lang = "en"

    def __init__(self, suggested_path: Path) -> None:
        super().__init__()
        self.suggested_path = suggested_path

    def on_mount(self) -> None:
        self.push_screen(ExportScreen(MARKDOWN, self.suggested_path, self.lang))


async def type_path(pilot, path: str) -> None:
    """Replace the suggested path in the save dialog with path, then press Enter.

    Tests type paths relative to tmp_path (their working directory): a key press costs time, a full tmp path many.
    """
    await pilot.press("ctrl+a", "ctrl+k", *path, "enter")


async def test_the_screen_renders_the_markdown(tmp_path: Path) -> None:
    app = _Host(tmp_path / "suggested.md")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        viewer = app.screen.query_one(MarkdownViewer)
        assert viewer.document.source == MARKDOWN


async def test_s_saves_the_markdown_to_the_path_typed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "out" / "seed.md"
    target.parent.mkdir()
    app = _Host(tmp_path / "suggested.md")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SavePathDialog)
        assert app.screen.query_one(Input).value == str(tmp_path / "suggested.md")
        await type_path(pilot, "out/seed.md")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert target.read_bytes() == MARKDOWN.encode("utf-8")
        assert not (tmp_path / "suggested.md").exists()
        assert [n.message for n in app._notifications] == ["Saved to out/seed.md"]


async def test_enter_on_the_suggestion_saves_there(tmp_path: Path) -> None:
    suggested = tmp_path / "suggested.md"
    app = _Host(suggested)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "enter")
        await settle(pilot)
        assert suggested.read_text(encoding="utf-8") == MARKDOWN


async def test_saving_over_an_existing_file_asks_first_and_no_keeps_it(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "seed.md"
    target.write_text("keep me", encoding="utf-8")
    app = _Host(tmp_path / "suggested.md")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await type_path(pilot, "seed.md")
        await pilot.pause()
        assert isinstance(app.screen, OverwriteDialog)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert target.read_text(encoding="utf-8") == "keep me"


async def test_saving_over_an_existing_file_replaces_it_when_the_answer_is_yes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "seed.md"
    target.write_text("old", encoding="utf-8")
    app = _Host(tmp_path / "suggested.md")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await type_path(pilot, "seed.md")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == MARKDOWN


async def test_saving_into_a_missing_folder_notifies_the_one_line_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "nowhere" / "seed.md"
    app = _Host(tmp_path / "suggested.md")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await type_path(pilot, "nowhere/seed.md")
        await settle(pilot)
        [note] = list(app._notifications)
        assert note.severity == "error"
        assert note.message == "Not saved: nowhere/seed.md: the folder nowhere does not exist"
        assert not target.parent.exists()
        await pilot.press("s")  # again: the path typed is offered, to correct rather than type anew
        await pilot.pause()
        assert app.screen.query_one("#save-path", Input).value == "nowhere/seed.md"


async def test_escape_in_the_save_dialog_saves_nothing(tmp_path: Path) -> None:
    app = _Host(tmp_path / "suggested.md")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert list(tmp_path.iterdir()) == []


async def test_c_copies_the_markdown_to_the_clipboard(tmp_path: Path, monkeypatch) -> None:
    app = _Host(tmp_path / "suggested.md")
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert copied == [MARKDOWN]
        [note] = list(app._notifications)
        # Sent, not "copied": the terminal may ignore OSC 52, and drift cannot know.
        assert str(note.message).startswith(f"Sent {len(MARKDOWN)} characters to the terminal's clipboard (OSC 52")
        assert "set -g set-clipboard on" in str(note.message)


async def test_escape_closes_the_screen(tmp_path: Path) -> None:
    app = _Host(tmp_path / "suggested.md")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
