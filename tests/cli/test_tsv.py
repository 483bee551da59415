"""tsv_cell: one cell of drift's tab-separated output, safe for a terminal, a script and a spreadsheet."""

from __future__ import annotations

import pytest

from tui.tsv import tsv_cell, tsv_lines


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("a\tb\nc\rd", "a\\tb\\nc\\rd"),
        ("line\u2028next\u2029para", "line\\u2028next\\u2029para"),
        ("\u2028=1", "\\u2028=1"),
        ("\t=1", "\\t=1"),
        ("\x1b[2J", "\\x1b[2J"),
        ("plain 文本", "plain 文本"),
        ("C:\\tmp\\new", "C:\\\\tmp\\\\new"),
        ("a\\tb", "a\\\\tb"),
        ("1-2", "1-2"),
        ("", ""),
    ],
)
def test_a_cell_a_spreadsheet_would_evaluate_or_split_is_made_plain_text(text: str, cell: str) -> None:
    assert tsv_cell(text) == cell


@pytest.mark.parametrize("number", ["-5.00", "+5", "-74.25%"])
def test_a_signed_number_is_text_too_readable_as_it_was(number: str) -> None:
    # drift's TSV has no cell that is a bare signed number (amounts are not negative, slips sit inside sentences):
    # one rule for every cell is simpler to trust than a number pattern that a crafted cell might slip through.
    assert tsv_cell(number) == "'" + number


@pytest.mark.parametrize("text", ["2306-140423-89-01-317509", "招投标 finished 87 days late", "yellow", "a = b"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert tsv_cell(text) == text


def test_rows_looked_at_together_are_each_cell_as_tsv_cell_makes_it() -> None:
    """tsv_lines looks at every cell at once and escapes only when one needs it: a formula in rows without any
    break, a break in one cell among plain ones, and the character that keeps cells apart while it looks."""
    cases = [
        ["=1+1", "plain", "-5.00"],
        ["a\tb", "=SUM(A1)", "文本"],
        ["\ue000", "x\ue000y", ""],
    ]

    assert tsv_lines([cases[0]]) == ["'=1+1\tplain\t'-5.00"]
    assert tsv_lines(cases) == ["\t".join(map(tsv_cell, row)) for row in cases]
    assert tsv_lines(cases[1:2]) == ["a\\tb\t'=SUM(A1)\t文本"]
    assert tsv_lines([cases[2]]) == ["\ue000\tx\ue000y\t"]
