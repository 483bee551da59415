"""What each meaning looks like on a terminal: its colour where there are colours, weight and reverse video under NO_COLOR."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich._palettes import STANDARD_PALETTE, WINDOWS_PALETTE  # what Rich matches against; no public name
from rich.terminal_theme import TerminalTheme
from rich.text import Text
from rich.theme import Theme

from drift.rules import Light

if TYPE_CHECKING:  # the command line prints with these styles too, and has no need to load Textual
    from textual.app import App

LIGHTS = {light: f"drift.light.{light}" for light in Light}
"""The word of a light, and whatever shares its severity: a likelihood, an overspend, a form's error."""

BARS = {light: f"drift.bar.{light}" for light in Light}
"""Drawn cells (a Gantt bar, a paid bar) in a light's colour: reverse video would blank a full block, so no weight."""

ERROR = LIGHTS[Light.RED]
"""Input drift refuses (a form's error) is as loud as a red light."""

WARNING, PLAN, AS_OF = "drift.warning", "drift.plan", "drift.as_of"
"""A line to read before going on (records after the as-of date); a planned bar; the as-of line of the Gantt."""

CURVE_PAID, CURVE_TIME = "drift.curve.paid", "drift.curve.time"
"""The execution curve's paid points and its time-progress diagonal."""

_LOOKS: dict[str, tuple[str, str]] = {
    LIGHTS[Light.GREEN]: ("green", ""),
    LIGHTS[Light.YELLOW]: ("yellow", "bold"),
    LIGHTS[Light.RED]: ("bold red", "bold reverse"),
    LIGHTS[Light.UNKNOWN]: ("", ""),
    BARS[Light.GREEN]: ("green", ""),
    BARS[Light.YELLOW]: ("yellow", ""),
    BARS[Light.RED]: ("red", ""),
    BARS[Light.UNKNOWN]: ("", ""),
    WARNING: ("bold yellow", "bold"),
    PLAN: ("bright_blue", ""),
    AS_OF: ("cyan", "bold"),
    CURVE_PAID: ("bold", "bold"),
    CURVE_TIME: ("bright_blue", ""),
}
"""Each meaning in colour, and without. Without colour, red is the most visible (bold, reversed), yellow bold, green
plain; unknown is plain in both, its "—" mark and word telling it from green. The as-of line is cyan, a colour no light
uses: it is a date, not a judgement (magenta, before, is the same colour as red in Textual's dark ANSI theme). The
curve's paid points are bold in the terminal's own colour, for the same reason: their gap to time progress is the
judgement, said by the budget light; time progress is the plan of spending, so it takes the plan's blue."""

_DOWNGRADE_PALETTES = {"standard": STANDARD_PALETTE, "windows": WINDOWS_PALETTE}


def theme(*, no_color: bool) -> Theme:
    """The named styles for a console that shows colour, or one that must not (NO_COLOR)."""
    return Theme({name: looks[1] if no_color else looks[0] for name, looks in _LOOKS.items()})


def styled(text: str, name: str, *, no_wrap: bool | None = None) -> Text:
    """Text in a named style, held as a span: Textual looks span styles up in the console's theme, not a Text's own."""
    return Text.assemble((text, name), no_wrap=no_wrap)


def ansi_theme_for(color_system: str | None, base: TerminalTheme) -> TerminalTheme:
    """The ANSI theme the dashboard maps colour names through: base, with the terminal's own 16 colours if it has no more.

    Textual turns ANSI colour names into RGB through its ANSI theme (Monokai when dark), and Rich turns RGB back into
    the nearest of the 16 colours of its own palette when the terminal has no more. Monokai's red (#f4005f) is nearest
    magenta there and its yellow (#fd971f) bright red: "yellow" came out as SGR 91. Mapping each ANSI colour to the very
    colour Rich matches against makes that round trip an identity, so "red" is SGR 31 as in the command line's output.
    With 256 colours or more base is kept: it looks right there.
    """
    palette = _DOWNGRADE_PALETTES.get(color_system or "")
    if palette is None:
        return base
    colours = [_rgb(palette[number]) for number in range(16)]
    return TerminalTheme(_rgb(base.background_color), _rgb(base.foreground_color), colours[:8], colours[8:])


def _rgb(colour: Iterable[int]) -> tuple[int, int, int]:
    red, green, blue = colour
    return red, green, blue


def use_in(app: App) -> None:
    """Give app's console drift's named styles, by colour or weight as NO_COLOR says, and its ANSI colours their names.

    Textual reads NO_COLOR itself (app.no_color) and hides it from the console; the colour system is the one the
    console detected from $TERM and $COLORTERM (or $TEXTUAL_COLOR_SYSTEM), the one the terminal is written in.
    Any app that shows drift's screens needs this: a named style its console does not know is an error in Textual.
    """
    app.console.push_theme(theme(no_color=app.no_color))
    system = app.console.color_system
    app.ansi_theme_dark = ansi_theme_for(system, app.ansi_theme_dark)
    app.ansi_theme_light = ansi_theme_for(system, app.ansi_theme_light)
