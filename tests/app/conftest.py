"""Factories for dashboard tests: an app over a fresh copy of the sample store."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from msgspec import structs
from rich.cells import cell_len
from rich.console import Console
from textual.widgets import Static

from store.files import load_sample
from store.model import Payment, SourceKind
from store.persist import Store
from store.values import parse_date, parse_money
from tui.app import DriftApp


def store_with_one_payment(tmp_path: Path, date: str, source: SourceKind, amount: str) -> Store:
    """The sample with this one payment, P1, in place of none."""
    seed = load_sample()[0]
    payment = Payment(id="P1", date=parse_date(date), amount=parse_money(amount), source=source)
    seed = structs.replace(seed, funding=structs.replace(seed.funding, payments=(payment,)))
    store = Store(tmp_path / "store.json")
    store.create([seed])
    return store


async def settle(pilot) -> None:
    """Until the app's workers are done and what they started is drawn: a load, then its analysis; a save, then its
    new analysis."""
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def static_text(app, selector: str, width: int) -> str:
    """The text a Static shows, rendered at this width without colour."""
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


CELL_WIDTH = 12.2
"""Textual's SVG screenshots place a terminal cell every 12.2 units."""


def screen_lines(app) -> list[str]:
    """The screen as a terminal shows it, a line per row, from an SVG screenshot: each run of text placed at its
    column (a Chinese character takes two), trailing blanks dropped."""
    runs = re.findall(
        r'<text [^>]*x="([0-9.]+)" [^>]*clip-path="url\(#terminal-[^)]*?line-([0-9]+)\)"[^>]*>([^<]*)</text>',
        app.export_screenshot(),
    )
    rows: dict[int, list[tuple[int, str]]] = {}
    for x, row, text in runs:
        rows.setdefault(int(row), []).append((round(float(x) / CELL_WIDTH), html.unescape(text).replace("\xa0", " ")))
    lines = [""] * app.size.height
    for row, placed in rows.items():
        line = ""
        for column, text in sorted(placed):
            line += " " * (column - cell_len(line)) + text
        lines[row] = line.rstrip()
    return lines


@pytest.fixture
def sample_store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "store.json")
    store.create(load_sample())
    return store


@pytest.fixture
def two_project_store(tmp_path: Path) -> Store:
    seed = load_sample()[0]
    other = structs.replace(seed, code="9999-TEST-2", name="另一个项目 [bold]x[/bold]", department="某某局")
    store = Store(tmp_path / "store.json")
    store.create([seed, other])
    return store


@pytest.fixture
def make_app():
    def factory(store: Store, lang: str = "en") -> DriftApp:
        return DriftApp(store, lang=lang)

    return factory
