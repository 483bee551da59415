"""End to end: the escape sequences the installed dashboard sends for each light, in 16 colours, 256 colours and NO_COLOR."""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from tests import lights
from tests.e2e.test_tmux import DRIFT, TMUX, Terminal, pytestmark  # noqa: F401 - the same skips apply

ENVIRONMENTS = {
    "16 colours": ("TERM=xterm",),
    "256 colours": ("TERM=xterm-256color",),
    "NO_COLOR": ("TERM=xterm-256color", "NO_COLOR=1"),
}
"""What the terminal tells drift; anything the test's own environment says about colour is removed first."""

CLEARED = ("COLORTERM", "NO_COLOR", "FORCE_COLOR", "TEXTUAL_COLOR_SYSTEM", "TEXTUAL", "COLUMNS", "LINES")
"""COLUMNS and LINES too: pytest's environment says 80×24, and Textual would believe it over the pane's size."""

RED_16, YELLOW_16, GREEN_16 = {"31", "91"}, {"33", "93"}, {"32", "92"}
"""Red, yellow and green in a 16-colour terminal, normal or bright."""

MONOKAI_256 = {"red": "38;5;197", "yellow": "38;5;208", "green": "38;5;112"}
"""What 256-colour terminals showed before and still show: Textual's dark ANSI theme (Monokai) red #f4005f,
yellow #fd971f and green #98e024, downgraded by Rich to the nearest of the 256 colours."""

CYAN_16, CYAN_256 = {"36", "96"}, "38;5;80"
"""The as-of marker: Monokai's cyan #58d1eb is colour 80 of 256."""

SGR = re.compile(r"\x1b\[([0-9;]*)m")


@dataclass(frozen=True)
class Look:
    """How tmux holds one cell: its foreground and background (SGR parameters, "" for the default) and attributes."""

    fg: str = ""
    bg: str = ""
    bold: bool = False
    reverse: bool = False


def _apply(look: Look, params: str) -> Look:
    codes = params.split(";") if params else ["0"]
    i = 0
    while i < len(codes):
        code = codes[i]
        if code in ("38", "48"):  # 38;5;n or 38;2;r;g;b
            width = 3 if codes[i + 1] == "5" else 5
            value = ";".join(codes[i : i + width])
            look = replace(look, fg=value) if code == "38" else replace(look, bg=value)
            i += width
            continue
        n = int(code or 0)
        if n == 0:
            look = Look()
        elif n == 1:
            look = replace(look, bold=True)
        elif n == 22:
            look = replace(look, bold=False)
        elif n == 7:
            look = replace(look, reverse=True)
        elif n == 27:
            look = replace(look, reverse=False)
        elif 30 <= n <= 37 or 90 <= n <= 97:
            look = replace(look, fg=code)
        elif n == 39:
            look = replace(look, fg="")
        elif 40 <= n <= 47 or 100 <= n <= 107:
            look = replace(look, bg=code)
        elif n == 49:
            look = replace(look, bg="")
        i += 1
    return look


def cells(captured: str) -> list[list[tuple[str, Look]]]:
    """Each character of each captured line with its look; tmux carries a look over from one line to the next."""
    lines: list[list[tuple[str, Look]]] = []
    look = Look()
    for line in captured.splitlines():
        out: list[tuple[str, Look]] = []
        position = 0
        for match in SGR.finditer(line):
            out += [(char, look) for char in line[position : match.start()]]
            look = _apply(look, match.group(1))
            position = match.end()
        out += [(char, look) for char in line[position:]]
        lines.append(out)
    return lines


class Screen:
    """A captured screen, searchable by text, answering how a piece of text looks."""

    def __init__(self, captured: str) -> None:
        self.lines = cells(captured)

    def look_of(self, text: str, *, after: str = "", nth: int = 0) -> Look:
        """The look of the nth occurrence of text on the screen (on lines holding `after`); one look for all of it."""
        found = []
        for line in self.lines:
            plain = "".join(char for char, _ in line)
            if after not in plain:
                continue
            start = plain.find(text)
            while start >= 0:
                found.append(line[start : start + len(text)])
                start = plain.find(text, start + 1)
        assert len(found) > nth, f"{text!r} is not on the screen {nth + 1} times"
        looks = {look for _, look in found[nth]}
        assert len(looks) == 1, f"{text!r} is drawn in more than one look: {looks}"
        return looks.pop()


@pytest.fixture(scope="module")
def four_lights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one red (the sample), one yellow, one green and one unknown project."""
    folder = tmp_path_factory.mktemp("colours")
    source, store = folder / "four.json", folder / "store.json"
    source.write_text(lights.four_lights(), encoding="utf-8")
    subprocess.run([str(DRIFT), "import", str(source), "--store", str(store)], check=True, capture_output=True)
    return store


def dashboard(store: Path, environment: tuple[str, ...]) -> Terminal:
    unset = [part for name in CLEARED for part in ("-u", name)]
    command = ["env", *unset, *environment, str(DRIFT), "--store", str(store), "--lang", "en"]
    return Terminal(command, 140, 30)


def capture(terminal: Terminal) -> Screen:
    return Screen(terminal.screen(escapes=True))


@dataclass(frozen=True)
class Portfolio:
    """The portfolio captured twice: the cursor, which draws its row in its own colours, on the first row, then the last."""

    on_red: Screen
    on_green: Screen

    def light(self, word: str, code: str) -> Look:
        """How the light word of the row naming code looks, on the capture where the cursor is elsewhere."""
        return (self.on_red if word == "green" else self.on_green).look_of(word, after=code)

    def plain(self, text: str) -> Look:
        """How some text of the yellow or unknown rows looks: those rows are never under the cursor."""
        return self.on_red.look_of(text)


def portfolio(store: Path, name: str) -> Portfolio:
    terminal = dashboard(store, ENVIRONMENTS[name])
    try:
        terminal.wait_for("C-UNKNOWN")
        terminal.wait_for("green ")  # analysed: every row has its light; the cursor is on the first, red
        on_red = capture(terminal)
        terminal.press("End")
        for _ in range(150):  # up to 15 s
            on_green = capture(terminal)
            if on_green.look_of("绿灯项目").bg != on_green.look_of("黄灯项目").bg:
                return Portfolio(on_red, on_green)
            time.sleep(0.1)
        raise AssertionError("the cursor did not move to the green row")
    finally:
        terminal.close()


def schedule(store: Path, name: str) -> Screen:
    """The sample's Gantt: phases 16 and 21 days late (yellow), 87 and 89 days late (red), a forecast, the as-of line."""
    terminal = dashboard(store, ENVIRONMENTS[name])
    try:
        terminal.wait_for("green ")
        terminal.press("Enter")  # the cursor starts on the worst row: the sample, red; it opens on its Overview
        terminal.wait_for("Work items (")
        terminal.press("2")
        terminal.wait_for("finishing late +89d")
        return capture(terminal)
    finally:
        terminal.close()


def test_in_16_colours_each_light_is_its_own_colour_and_unknown_is_not_green(four_lights: Path) -> None:
    screen = portfolio(four_lights, "16 colours")

    assert screen.light("red", "襄垣").fg in RED_16  # the sample's row
    assert screen.light("yellow", "C-YELLOW").fg in YELLOW_16
    assert screen.light("green", "C-GREEN").fg in GREEN_16
    unknown = screen.light("—", "C-UNKNOWN")
    assert unknown.fg not in GREEN_16 | YELLOW_16 | RED_16
    assert unknown == screen.plain("未知项目")  # the mark and the word look like the name beside them


def test_in_16_colours_the_selected_row_is_not_red_and_its_light_reads_like_the_rest_of_it(four_lights: Path) -> None:
    screen = portfolio(four_lights, "16 colours").on_red  # the cursor on the first row: red

    selected = screen.look_of("襄垣")
    assert selected.bg not in {"41", "101"}  # Textual's accent, orange, is bright red in 16 colours
    assert screen.look_of("red", after="襄垣") == selected  # not red on a red bar: the word says it


def test_in_256_colours_the_lights_keep_the_colours_they_had(four_lights: Path) -> None:
    screen = portfolio(four_lights, "256 colours")

    assert screen.light("red", "襄垣").fg == MONOKAI_256["red"]
    assert screen.light("yellow", "C-YELLOW").fg == MONOKAI_256["yellow"]
    assert screen.light("green", "C-GREEN").fg == MONOKAI_256["green"]
    assert screen.light("—", "C-UNKNOWN") == screen.plain("未知项目")


def test_under_no_color_red_is_reversed_and_bold_yellow_bold_green_and_unknown_plain(four_lights: Path) -> None:
    screen = portfolio(four_lights, "NO_COLOR")

    name = screen.plain("黄灯项目")  # plain text: what the lights are told apart from
    red, yellow = screen.light("red", "襄垣"), screen.light("yellow", "C-YELLOW")
    assert (red.bold, red.reverse) == (True, True)
    assert (yellow.bold, yellow.reverse) == (True, False)
    assert screen.light("green", "C-GREEN") == screen.on_red.look_of("绿灯项目")
    assert screen.light("—", "C-UNKNOWN") == screen.plain("未知项目")
    assert {red.fg, yellow.fg} == {name.fg}  # no grey of their own: weight, not a dark shade, says how bad


def test_in_16_colours_the_gantt_colours_each_phase_by_its_light_and_the_as_of_line_is_neither(
    four_lights: Path,
) -> None:
    screen = schedule(four_lights, "16 colours")

    assert screen.look_of("done +16d").fg in YELLOW_16  # 16 days late: yellow from 10 days
    assert screen.look_of("done +87d").fg in RED_16  # red from 30 days
    assert screen.look_of("finishing late +89d").fg in RED_16
    assert screen.look_of("◆").fg in YELLOW_16  # 可研报告编制's finish, the first ◆ on the screen
    assert screen.look_of("◆", nth=2).fg in RED_16  # 招投标's
    assert screen.look_of("▒", after="▒▒▒").fg in RED_16  # the forecast of a late phase
    assert screen.look_of("│").fg in CYAN_16  # the as-of line: a date, not a judgement
    legend = screen.look_of("▒▒", after="forecast")
    assert legend.fg not in RED_16 | YELLOW_16 | GREEN_16  # a forecast is not late in itself


def test_in_256_colours_the_as_of_line_is_no_longer_the_colour_of_a_late_bar(four_lights: Path) -> None:
    screen = schedule(four_lights, "256 colours")

    assert screen.look_of("done +87d").fg == MONOKAI_256["red"]
    assert screen.look_of("done +16d").fg == MONOKAI_256["yellow"]
    assert screen.look_of("│").fg == CYAN_256


def test_under_no_color_the_gantt_labels_carry_their_light_by_weight(four_lights: Path) -> None:
    screen = schedule(four_lights, "NO_COLOR")

    red, yellow = screen.look_of("done +87d"), screen.look_of("done +16d")
    assert (red.bold, red.reverse) == (True, True)
    assert (yellow.bold, yellow.reverse) == (True, False)
    assert red.fg == yellow.fg == screen.look_of("招投标").fg
