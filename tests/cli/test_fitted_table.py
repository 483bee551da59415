"""A terminal table narrows its gaps before it folds a name: 中央补助资金 is not 中央补助资 over 金 for a blank."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from tui.fitted import FitColumn, FittedTable


def rendered(table: FittedTable, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(table)
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_a_one_cell_gap_keeps_a_name_whole_where_two_would_fold_it() -> None:
    table = FittedTable(
        None,
        [FitColumn("资金来源", free=True), FitColumn("年度预算", justify="right", whole=True)],
        [[Text("中央补助资金"), Text("82.00")]],
    )
    # Widest: the name 12 cells, the heading 年度预算 8. With two blanks between them 22 cells, with one 21.
    assert table.layout(22) == ([12, 8], 2)
    assert table.layout(21) == ([12, 8], 1)
    assert rendered(table, 21) == ["资金来源     年度预算", "中央补助资金    82.00"]
    # At 20 even one blank is too many: the name folds to 10 cells (two blanks again), and 82.00 stays whole.
    assert rendered(table, 20)[1:] == ["中央补助资     82.00", "金"]
