"""x on a project's export screen saves the official forms as Excel, asking where as s does; without forms, no x."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from textual.app import App

from tests.app.conftest import settle
from tui.screens.export import ExportScreen, SavePathDialog


class _Host(App[None]):
    """The smallest app that can show the screen; the dashboard's footer reads `lang` from its app."""

    lang = "en"

    def __init__(self, screen: ExportScreen) -> None:
        super().__init__()
        self.export_screen = screen

    def on_mount(self) -> None:
        self.push_screen(self.export_screen)


async def test_x_offers_the_suggested_name_as_xlsx_and_writes_the_workbooks_bytes(tmp_path: Path) -> None:
    suggested = tmp_path / "P1-2023-09-28.md"
    app = _Host(ExportScreen("# P1\n", suggested, "en", workbook=lambda: b"PK workbook bytes"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, SavePathDialog)
        assert app.screen.suggested_path == tmp_path / "P1-2023-09-28.xlsx"
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / "P1-2023-09-28.xlsx").read_bytes() == b"PK workbook bytes"
        assert not suggested.exists()


async def test_without_forms_x_is_not_offered(tmp_path: Path) -> None:
    app = _Host(ExportScreen("# P1\n", tmp_path / "P1.md", "en"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert app.screen.check_action("save_workbook", ()) is False


async def test_the_dashboard_saves_the_projects_monitoring_table(sample_store, make_app, tmp_path: Path) -> None:
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("x")
        assert isinstance(app.screen, SavePathDialog)
        target = tmp_path / "seed.xlsx"
        app.screen.dismiss(target)
        await settle(pilot)

    sheet = load_workbook(target).worksheets[0]
    assert sheet.title == "Monitoring"
    assert sheet["A6"].value == "Total funds of the year" and sheet["E6"].value == 589.2
