"""Pilot tests: the theme chosen in the palette is remembered in the config file, and a bad one is said."""

from __future__ import annotations

from pathlib import Path

from tests.app.conftest import settle
from tui.app import DriftApp
from tui.preferences import read_preferences


def dashboard(store, environ: dict[str, str]) -> DriftApp:
    """The app as `drift` starts it: with the config file's theme, and the file to remember a new one in."""
    preferences = read_preferences(environ)
    return DriftApp(
        store,
        lang="en",
        preferences=preferences.path,
        theme=preferences.values.get("theme", ""),
        notices=[problem.worded("en") for problem in preferences.problems],
    )


def config_file(tmp_path: Path, text: str) -> tuple[dict[str, str], Path]:
    """An environment whose config folder is under tmp_path, and its config.toml holding text."""
    path = tmp_path / "config" / "drift" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return {"XDG_CONFIG_HOME": str(tmp_path / "config")}, path


async def test_a_theme_chosen_in_the_palette_is_there_again_at_the_next_start(sample_store, tmp_path: Path) -> None:
    environ, path = config_file(tmp_path, '# kept\nlang = "en"\n')

    first = dashboard(sample_store, environ)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert first.theme != "nord"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert first.theme == "nord"

    assert path.read_text(encoding="utf-8") == '# kept\nlang = "en"\ntheme = "nord"\n'
    second = dashboard(sample_store, environ)
    async with second.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert second.theme == "nord"


async def test_a_theme_nobody_has_is_a_warning_naming_the_file_and_the_default_is_used(
    sample_store, tmp_path: Path
) -> None:
    environ, path = config_file(tmp_path, 'theme = "no-such-theme"\ncolour = "red"\n')

    app = dashboard(sample_store, environ)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        said = [notification.message for notification in app._notifications]
        theme = app.theme

    assert theme == "textual-dark"
    assert f"{path}: theme: no theme is called 'no-such-theme'; using the default" in said
    assert f"{path}: colour: not a setting drift knows (it knows lang, store, theme); left aside" in said
    assert path.read_text(encoding="utf-8") == 'theme = "no-such-theme"\ncolour = "red"\n'  # not rewritten
