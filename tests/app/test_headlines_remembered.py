"""The dashboard shows each project's headline as this user's drift last showed it: opened again, an unchanged store
is not analysed again, and a changed project is."""

from __future__ import annotations

from pathlib import Path

import pendulum
from msgspec import structs

from store.files import load_sample
from store.persist import Store
from tests.app.conftest import settle
from tests.conftest import CliRunner
from tui.app import DriftApp

CODES = [f"P-{n}" for n in range(5)]


async def rows_shown(path: Path, cache: Path) -> dict[str, tuple[str, int | None]]:
    """Each project's light and slip as a dashboard opened on the store shows them."""
    app = DriftApp(Store(path, environ={"XDG_CACHE_HOME": str(cache)}), lang="en")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.loaded
        return {code: (str(row.light), row.schedule_slip_days) for code, row in app.rows.items()}


async def test_an_unchanged_store_opened_again_is_not_analysed_and_a_changed_project_is(
    tmp_path: Path, analysed: list[str], run_cli: CliRunner
) -> None:
    seed = load_sample()[0]
    early = structs.replace(seed, status_date=pendulum.date(2023, 2, 15))  # yellow then, red at its own date
    path = tmp_path / "store.json"
    Store(path).create(structs.replace(early if n % 2 else seed, code=code) for n, code in enumerate(CODES))
    cache = tmp_path / "cache"

    first = await rows_shown(path, cache)
    assert sorted(analysed) == CODES
    assert first["P-0"] == ("red", 89) and first["P-1"] == ("yellow", 15)

    del analysed[:]
    assert await rows_shown(path, cache) == first
    assert analysed == []

    moved = ("project", "--project", "P-1", "--status-date", "2023-09-28", "--store", str(path))
    assert run_cli(*moved, environ={"USER": "t"}).code == 0
    again = await rows_shown(path, cache)

    assert analysed == ["P-1"]
    assert again == first | {"P-1": ("red", 89)}
