"""tui.colours: in 16 colours every ANSI colour comes back as itself, and a paid bar takes its line's light."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from rich.color import Color, ColorSystem
from rich.console import Console
from textual._ansi_theme import ALABASTER, MONOKAI

from drift.rules import Light
from tui import colours
from tui.widgets.budget import progress_bar

NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")
ANSI = [*NAMES, *(f"bright_{name}" for name in NAMES)]
"""The 16 ANSI colours by Rich's names, numbered 0 to 15: SGR 30-37, then 90-97."""


@pytest.mark.parametrize("base", [MONOKAI, ALABASTER], ids=["dark", "light"])
def test_in_16_colours_every_ansi_colour_is_written_as_its_own_number(base) -> None:
    theme = colours.ansi_theme_for("standard", base)

    # The dashboard's round trip: the name to RGB through the ANSI theme (Textual), then RGB to 16 colours (Rich).
    written = [
        Color.from_triplet(Color.parse(name).get_truecolor(theme)).downgrade(ColorSystem.STANDARD) for name in ANSI
    ]

    assert [colour.number for colour in written] == list(range(16))


def test_textuals_own_monokai_sends_red_to_magenta_and_yellow_to_bright_red_in_16_colours() -> None:
    """What the dashboard showed before: the reason for ansi_theme_for."""
    written = {
        name: Color.from_triplet(Color.parse(name).get_truecolor(MONOKAI)).downgrade(ColorSystem.STANDARD).number
        for name in ("red", "yellow")
    }

    assert written == {"red": 5, "yellow": 9}  # magenta (SGR 35), bright red (SGR 91)


@pytest.mark.parametrize("system", ["256", "truecolor"])
def test_with_256_colours_or_more_textuals_ansi_theme_is_kept(system: str) -> None:
    assert colours.ansi_theme_for(system, MONOKAI) is MONOKAI


def render(text, *, no_color: bool) -> str:
    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard", no_color=no_color)
    console.push_theme(colours.theme(no_color=no_color))
    console.print(text, end="")
    return console.file.getvalue()


@pytest.mark.parametrize(("light", "sgr"), [(Light.RED, "31"), (Light.YELLOW, "33"), (Light.GREEN, "32")])
def test_a_paid_bar_is_drawn_in_its_lines_light(light: Light, sgr: str) -> None:
    # 50% paid fills 10 of the 20 cells (5% each); 74.25% time progress marks cell 14.
    bar = render(progress_bar(Decimal(50), Decimal("74.25"), light), no_color=False)

    assert f"\x1b[{sgr}m██████████\x1b[0m" in bar


def test_an_unknown_lines_paid_bar_has_no_colour_and_under_no_color_no_bar_has_one() -> None:
    unknown = render(progress_bar(Decimal(50), Decimal("74.25"), Light.UNKNOWN), no_color=False)
    red = render(progress_bar(Decimal(50), Decimal("74.25"), Light.RED), no_color=True)

    assert unknown.startswith("[██████████\x1b[2m")  # straight after "[", then the dim rest of the bar
    assert red.startswith("[██████████\x1b[2m")
