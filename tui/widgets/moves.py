"""vim's movement keys, j/k down and up and g/G to the first and last line, for every list and view."""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll


def vim_moves(down: str, up: str, first: str, last: str) -> list[BindingType]:
    """j, k, g and G bound to a widget's own actions for down, up, first and last: hidden in the footer, listed by `?`."""
    return [
        Binding("j", down, "key.down", show=False),
        Binding("k", up, "key.up", show=False),
        Binding("g", first, "key.first", show=False),
        Binding("G", last, "key.last", show=False),
    ]


class ViewScroll(VerticalScroll):
    """A project view that scrolls: the arrows, and j/k/g/G as in less and vim."""

    BINDINGS = vim_moves("scroll_down", "scroll_up", "scroll_home", "scroll_end")
