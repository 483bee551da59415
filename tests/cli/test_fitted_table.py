"""A terminal table narrows its gaps before it folds a name: 中央补助资金 is not 中央补助资 over 金 for a blank."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
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


def test_a_folded_name_never_leaves_a_closing_bracket_or_comma_alone_on_a_line() -> None:
    table = FittedTable(
        None,
        [FitColumn("代码", whole=True), FitColumn("名称", free=True), FitColumn("金额", justify="right", whole=True)],
        [[Text("A-1"), Text("甲乙丙丁戊（合成）"), Text("1.00")], [Text("A-2"), Text("甲乙丙丁，戊己"), Text("2.00")]],
    )
    # 名称 gets 20 - 4 - 4 - two gaps of 2 = 8 cells. Folded at the last cell that fits, the names would read
    # "甲乙丙丁" / "戊（合成" / "）" and "甲乙丙丁" / "，戊己".
    assert table.layout(20) == ([4, 8, 4], 2)
    assert rendered(table, 20) == [
        "代码  名称      金额",
        "A-1   甲乙丙丁  1.00",
        "      戊（合",
        "      成）",
        "A-2   甲乙丙    2.00",
        "      丁，戊己",
    ]


def test_a_chinese_heading_breaks_before_its_bracket_never_inside_a_word() -> None:
    table = FittedTable(
        None,
        [FitColumn("名称", free=True), FitColumn("预算(万元)", justify="right", whole=True)],
        [[Text("甲乙"), Text("1.00")]],
    )
    # The heading is 10 cells and (万元) 6; at 16 the heading breaks where its bracket opens, not "预算(" / "万元)".
    assert table.layout(16) == ([8, 6], 2)
    assert rendered(table, 16) == ["            预算", "名称      (万元)", "甲乙        1.00"]


def test_a_heading_that_cannot_stay_whole_stacks_the_rows_rather_than_split_a_word() -> None:
    table = FittedTable(
        None,
        [FitColumn("指标", free=True), FitColumn("一级指标", whole=True), FitColumn("年度指标值", whole=True)],
        [[Text("数量"), Text("产出"), Text("12个")]],
    )
    # 8 + 8 + 10 cells with one blank between: 28. At 27 the old table gave "一级指" over "标"; now the rows stack.
    assert table.layout(28) is not None
    assert table.layout(27) is None
    assert rendered(table, 27) == ["数量", "  一级指标   产出", "  年度指标值 12个"]


def test_a_name_that_would_fold_to_more_than_three_lines_stacks_the_rows() -> None:
    name = "2023年度红岩县高标准农田建设项目（合成）"  # 42 cells
    table = FittedTable(
        None, [FitColumn("Code", whole=True), FitColumn("Name", free=True)], [[Text("SYN-1"), Text(name)]]
    )
    # 5 + 2 + 14 = 21 columns: the name in three lines of 14 cells. At 20 the gap of one cell keeps the 14 (two
    # blanks would leave 13 cells, four lines); at 19 both would need four.
    assert table.layout(21) == ([5, 14], 2)
    assert table.layout(20) == ([5, 14], 1)
    assert table.layout(19) is None
    assert rendered(table, 19)[:2] == ["SYN-1", "  Name 2023年度红岩"]


def test_a_newline_in_a_rows_name_is_shown_as_an_escape_not_as_a_row_of_its_own() -> None:
    table = FittedTable(
        None,
        [FitColumn("Phase", free=True), FitColumn("Days", justify="right", whole=True)],
        [[Text("a\n    section Evil"), Text("+3")], [Text("b"), Text("+4")]],
    )
    assert rendered(table, 40) == [
        "Phase                Days",
        "a\\n    section Evil    +3",
        "b                      +4",
    ]
    # Folded in a narrow column, the escape still says where the typed line break was.
    assert rendered(table, 16) == ["Phase       Days", "a\\n           +3", "section", "Evil", "b             +4"]


def rich_stacked(table: FittedTable, width: int) -> RenderableType:
    """The rows of table stacked as Rich's grids draw them: what FittedTable draws without their cost."""
    label_width, value_width = table.stacked_widths(width)
    blocks: list[RenderableType] = [table.title] if table.title is not None else []
    for row in table.rows:
        pairs = Table.grid(padding=(0, 1))  # collapsed: one cell between a label and its value
        pairs.add_column(width=label_width, overflow="fold")
        pairs.add_column(width=value_width, overflow="fold")
        for column, cell in zip(table.columns[1:], row[1:], strict=True):
            pairs.add_row(Text(column.header), cell)
        blocks += [*([row[0]] if row[0].plain else []), Padding(pairs, (0, 0, 0, 2))]
    return Group(*blocks)


def styled_cells(table: RenderableType, width: int) -> list[tuple[str, str]]:
    """Every character a terminal of this width is sent for the table, with the style it is drawn in."""
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    return [
        (character, str(segment.style) if segment.style else "")
        for segment in console.render(table, console.options.update_width(width))
        for character in segment.text
    ]


def test_rows_of_one_line_are_drawn_as_rich_draws_them_character_and_style_alike() -> None:
    table = FittedTable(
        Text("总体情况"),
        [
            FitColumn("代码", whole=True),
            FitColumn("名称", free=True),
            FitColumn("灯", whole=True),
            FitColumn("滞后 (天)", justify="right", whole=True),
        ],
        [
            [Text("A-1"), Text("甲乙丙丁（合成）"), Text("red", style="bold red"), Text("+89")],
            [Text("[red]x", style="italic"), Text("a name · with  spaces "), Text("green", style="green"), Text("—")],
            [Text("C-3"), Text.assemble(("粗", "bold"), "体"), Text(""), Text("-2", justify="left")],
        ],
    )
    widths, gap = layout = table.layout(80) or ([], 0)

    drawn = styled_cells(table, 80)

    assert drawn == styled_cells(table._table(*layout), 80)  # as Rich's own table draws it
    assert ("[", "italic") in drawn and ("粗", "bold") in drawn and ("r", "bold red") in drawn
    assert gap == 2 and widths == [6, 22, 5, 9]


def test_a_table_with_a_cell_of_two_lines_is_drawn_as_by_rich() -> None:
    table = FittedTable(None, [FitColumn("a"), FitColumn("b")], [[Text("x"), Text("y\nz")], [Text("1"), Text("2")]])
    layout = table.layout(40) or ([], 0)

    assert rendered(table, 40) == ["a  b", "x  y", "   z", "1  2"]
    assert styled_cells(table, 40) == styled_cells(table._table(*layout), 40)


def test_a_name_rich_measures_shorter_than_its_characters_is_wrapped_as_by_rich() -> None:
    # Rich counts the family emoji as 2 cells; WrappedText, breaking between its characters, as 6.
    name = "家庭👨‍👩‍👧👨‍👩‍👧服务中心改造项目城镇社区"
    table = FittedTable(
        None, [FitColumn("代码", whole=True), FitColumn("名称", free=True)], [[Text("Z-1"), Text(name)]]
    )
    layout = table.layout(40)
    assert layout == ([4, 32], 2)  # the name in 32 cells by Rich's measure, 40 by its characters

    assert styled_cells(table, 40) == styled_cells(table._table(*layout), 40)


def test_a_cell_that_asks_to_be_centred_is_drawn_by_rich() -> None:
    table = FittedTable(None, [FitColumn("a"), FitColumn("b")], [[Text("x"), Text("y", justify="center")]])
    layout = table.layout(40) or ([], 0)

    assert styled_cells(table, 40) == styled_cells(table._table(*layout), 40)


WORDS = [
    "2023年度",
    "红岩县",
    "改造项目",
    "（合成）",
    "589.20",
    "+89",
    "a",
    "name",
    "👨‍👩‍👧",
    "，",
    "中央补助资金",
    "x\ny",
    "\t",
    "\n",
    "  ",
]
STYLES = ["", "bold", "red", "italic dim"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(st.tuples(st.booleans(), st.booleans(), st.sampled_from(["left", "right"])), min_size=1, max_size=4),
    st.lists(
        st.lists(
            st.tuples(
                st.lists(st.sampled_from(WORDS), max_size=6),
                st.sampled_from(STYLES),
                st.sampled_from([None, None, None, "left", "right", "center"]),
            ),
            min_size=4,
            max_size=4,
        ),
        max_size=5,
    ),
    st.integers(8, 60),
)
def test_any_table_is_drawn_as_rich_draws_it_character_and_style_alike(
    kinds: list[tuple[bool, bool, str]], rows: list[list[tuple[list[str], str, str | None]]], width: int
) -> None:
    columns = [
        FitColumn(f"c{n} 列", justify=justify, whole=whole, free=free)  # type: ignore[arg-type]
        for n, (whole, free, justify) in enumerate(kinds)
    ]
    cells = [
        [
            Text(" ".join(words) if n % 2 else "".join(words), style=style, justify=justify)
            for words, style, justify in row
        ]  # type: ignore[arg-type]
        for n, row in enumerate(rows)
    ]
    table = FittedTable(Text("标题"), columns, [row[: len(columns)] for row in cells])
    layout = table.layout(width)

    drawn_by_rich = rich_stacked(table, width) if layout is None else table._table(*layout)
    assert styled_cells(table, width) == styled_cells(drawn_by_rich, width)
