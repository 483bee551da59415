"""Hostile text in any field renders as literal text: no HTML, no links, no stray blocks, tables keep their columns."""

from __future__ import annotations

import re
from decimal import Decimal
from enum import Enum
from typing import Any

import msgspec
import pendulum
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from msgspec import structs

from drift.analysis import analyse_project
from drift.markdown import (
    CELL_LINE_BREAK,
    cell,
    escape_line,
    inline,
    mermaid_label,
    portfolio_markdown,
    project_markdown,
    report_markdown,
)
from store.model import Payment, Project, SourceKind

AS_OF = pendulum.date(2023, 9, 28)

HOSTILE = (
    "<script>alert(1)</script> [x](http://evil) ![i](http://evil/i.png) <http://evil.com> a | b ** bold** "
    "`code` _e_ ~~s~~ $x$ &amp; &#60; www.evil.com evil.com http://evil.com a@b.com [^1] [ref] \\ \\| # h #\n"
    "- item\n1. one\n2) two\n> quote\n===\n---\n    indented\n```\n<div>block</div>\n| x | y |\n"
)
"""Every trick of HTML, links, emphasis, blocks and tables at once, over several lines."""

BENIGN = "x\nx\nx\nx\nx\nx\nx\nx\nx\nx\nx"
"""As many lines as HOSTILE, so paragraphs split the same way and only the inline content differs."""

_STRUCTURAL = {"id", "phase", "predecessors", "source", "subject"}
"""Fields that link records to each other; hostile values there would only break the links, not the page."""

PARSERS = {
    "gfm-like": MarkdownIt("gfm-like"),  # linkify on: catches bare URLs the way GitHub's autolinker would
    "commonmark+table": MarkdownIt("commonmark").enable("table"),
}


def with_text(value: Any, text: str) -> Any:
    """value with every free-text string in it (recursively) replaced by text."""
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return text
    if isinstance(value, tuple):
        return tuple(with_text(item, text) for item in value)
    if isinstance(value, msgspec.Struct):
        changes = {
            field.name: with_text(getattr(value, field.name), text)
            for field in structs.fields(value)
            if field.name not in _STRUCTURAL
        }
        return structs.replace(value, **changes)
    return value


def with_a_payment(project: Project) -> Project:
    """The project with one payment, so the payment table has text to escape too."""
    payment = Payment(
        id="P1", date=pendulum.date(2023, 9, 1), source=SourceKind.LOCAL, amount=Decimal("10"), voucher="v", note="n"
    )
    return structs.replace(project, funding=structs.replace(project.funding, payments=(payment,)))


def renders(project: Project) -> dict[str, str]:
    analysis = analyse_project(project, AS_OF)
    other = structs.replace(project, code=project.code + "-2")
    return {
        "project_zh": project_markdown(analysis, "zh"),
        "project_en": project_markdown(analysis, "en"),
        "report_zh": report_markdown(analysis, "zh"),
        "report_en": report_markdown(analysis, "en"),
        "portfolio_en": portfolio_markdown([analysis, analyse_project(other, AS_OF)], "en"),
    }


def walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def block_shape(tokens: list[Token]) -> list[tuple[str, str]]:
    """The block structure (headings, lists, tables, paragraphs, fences), without the inline content."""
    return [(token.type, token.tag) for token in tokens if token.type != "inline"]


def raw_cells(line: str) -> int:
    """How many cells a table line holds, splitting on pipes that no backslash escapes."""
    return len(re.findall(r"(?<!\\)(?:\\\\)*\|", line)) - 1


@pytest.fixture(scope="module")
def hostile_and_benign() -> tuple[dict[str, str], dict[str, str]]:
    from store.files import load_sample

    seed = with_a_payment(load_sample()[0])
    return renders(with_text(seed, HOSTILE)), renders(with_text(seed, BENIGN))


@pytest.mark.parametrize("parser", PARSERS)
def test_hostile_text_brings_no_html_links_images_or_code_into_the_page(hostile_and_benign, parser) -> None:
    hostile, _ = hostile_and_benign
    for name, markdown in hostile.items():
        kinds = {token.type for token in walk(PARSERS[parser].parse(markdown))}
        forbidden = {
            "html_inline",
            "html_block",
            "link_open",
            "image",
            "code_inline",
            "code_block",
            "s_open",
            "em_open",
        }
        assert not kinds & forbidden, (name, kinds & forbidden)


@pytest.mark.parametrize("parser", PARSERS)
def test_hostile_text_leaves_the_block_structure_as_benign_text_does(hostile_and_benign, parser) -> None:
    hostile, benign = hostile_and_benign
    for name in hostile:
        md = PARSERS[parser]
        assert block_shape(md.parse(hostile[name])) == block_shape(md.parse(benign[name])), name


def test_hostile_text_reads_back_literally_in_paragraphs(hostile_and_benign) -> None:
    hostile, _ = hostile_and_benign
    tokens = list(walk(PARSERS["gfm-like"].parse(hostile["report_zh"])))
    # markdown-it splits text at each escape; joining an inline token's children gives what a reader sees.
    seen = ["".join(child.content for child in token.children or []) for token in tokens if token.type == "inline"]
    for line in HOSTILE.split("\n"):
        if line.strip():
            assert line.strip() in seen, line
    html = PARSERS["gfm-like"].render(hostile["report_zh"])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_table_cells_keep_the_whole_hostile_text_with_line_breaks_shown(hostile_and_benign) -> None:
    hostile, _ = hostile_and_benign
    tokens = list(walk(PARSERS["commonmark+table"].parse(hostile["project_en"])))
    cells = [
        "".join(child.content for child in tokens[n + 1].children or [])
        for n, token in enumerate(tokens)
        if token.type == "td_open"
    ]
    expected = CELL_LINE_BREAK.join(line.strip() for line in HOSTILE.split("\n") if line.strip())
    assert expected in cells


def test_every_table_line_has_as_many_cells_as_its_header(hostile_and_benign) -> None:
    hostile, _ = hostile_and_benign
    for name, markdown in hostile.items():
        in_fence = False
        header_cells = None
        for line in markdown.split("\n"):
            if line.startswith("```"):
                in_fence = not in_fence
            if in_fence or not line.startswith("|"):
                header_cells = None
                continue
            if header_cells is None:
                header_cells = raw_cells(line)
            assert raw_cells(line) == header_cells, (name, line)


_GANTT_LINE = re.compile(
    r"(gantt|    title [^\n]+|    dateFormat YYYY-MM-DD|    axisFormat %Y-%m|    inclusiveEndDates|    todayMarker off"
    r"|    section [^:#;%\n]+"
    r"|    [^:#;%`\n]+ :(?:(?:done|active|crit|milestone), )*[a-z_]+[0-9]*, \d{4}-\d{2}-\d{2}, (?:\d{4}-\d{2}-\d{2}|0d))"
)


def test_the_gantt_chart_keeps_its_grammar_whatever_the_phase_names(hostile_and_benign) -> None:
    hostile, _ = hostile_and_benign
    block = re.search(r"```mermaid\n(.*?)\n```", hostile["project_en"], re.S)
    assert block is not None
    lines = block.group(1).split("\n")
    assert (
        len(lines) == 7 + 5 + 1 + 5 + 1 + 4 + 1
    )  # header and plan section, plan, section, actual, section, events, as of
    for line in lines:
        assert _GANTT_LINE.fullmatch(line), line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a:b;c#d%e", "a：b；c＃d％e"),
        ("two\nlines", "two lines"),
        ("title evil", "› title evil"),
        ("section x", "› section x"),
        ("2023-01-01 starts like a date", "› 2023-01-01 starts like a date"),
        ("```", "ˋˋˋ"),
        ("<b>&", "＜b＞＆"),
        ("  ", "—"),
    ],
)
def test_mermaid_labels_lose_every_character_the_gantt_grammar_reads(text: str, expected: str) -> None:
    assert mermaid_label(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>", "&lt;script&gt;"),
        ("a & b", "a &amp; b"),
        ("[x](http://evil)", "\\[x\\](http\\://evil)"),
        ("**bold** _it_ `c`", "\\*\\*bold\\*\\* \\_it\\_ \\`c\\`"),
        ("a|b", "a\\|b"),
        ("# title", "\\# title"),
        ("title #", "title \\#"),
        ("C#", "C#"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("1. one", "1\\. one"),
        ("2) two", "2\\) two"),
        ("> quote", "&gt; quote"),
        ("===", "\\==="),
        ("see evil.com", "see evil\\.com"),
        ("589.20 万元", "589.20 万元"),
        ("1.04万平方米", "1.04万平方米"),
        ("襄财预执[2023]674号", "襄财预执\\[2023\\]674号"),
        ("    indented", "indented"),
        ("a@b.com", "a\\@b\\.com"),
    ],
)
def test_a_line_of_user_text_is_escaped_only_where_markdown_would_read_it(text: str, expected: str) -> None:
    assert escape_line(text) == expected


def test_a_table_cell_needs_no_escape_for_what_only_starts_a_block() -> None:
    assert cell("-") == "-"
    assert cell("1. one") == "1. one"
    assert cell("") == "—"
    assert cell("a\nb") == f"a{CELL_LINE_BREAK}b"


def test_a_heading_or_label_joins_the_lines_of_the_text() -> None:
    assert inline("one\n\n  two  \r\nthree") == "one two three"


def test_the_report_draft_holds_no_html_entity_even_for_hostile_text(hostile_and_benign) -> None:
    hostile, _ = hostile_and_benign
    for name in ("report_zh", "report_en"):
        assert not re.search(r"(?<!\\)&(?:amp|lt|gt|quot|#[0-9]+);", hostile[name]), name
    # The HOSTILE text types "&amp;" and "&#60;" itself: the draft keeps them as typed, behind a backslash.
    assert "\\&amp; \\&#60;" in hostile["report_zh"]


def test_a_name_with_markdown_characters_reads_as_typed_in_the_report_draft() -> None:
    from store.files import load_sample

    name = "A<B & C|D *E* <b>粗</b> R&D"
    seed = structs.replace(load_sample()[0], name=name, department="建设局 <x> & |y|")
    draft = report_markdown(analyse_project(seed, AS_OF), "zh")

    assert draft.splitlines()[0] == "# A\\<B & C\\|D \\*E\\* \\<b>粗\\</b> R&D绩效监控分析报告"
    assert "&lt;" not in draft and "&amp;" not in draft and "&gt;" not in draft
    title = PARSERS["gfm-like"].parse(draft)[1]
    assert "".join(child.content for child in title.children or []) == name + "绩效监控分析报告"


def test_the_markdown_snapshot_keeps_entities_for_html_renderers() -> None:
    from store.files import load_sample

    seed = structs.replace(load_sample()[0], name="A<b>&C")
    snapshot = project_markdown(analyse_project(seed, AS_OF), "en")

    assert "A&lt;b&gt;&amp;C" in snapshot
