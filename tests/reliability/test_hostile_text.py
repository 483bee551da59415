"""Hostile text: control characters are refused at input; markup, emoji, RTL and CJK reach the terminal as characters."""

from __future__ import annotations

import csv
import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from markdown_it import MarkdownIt
from msgspec import structs

from drift.analysis import analyse_project
from drift.markdown import portfolio_markdown, project_markdown, report_markdown
from store.files import load_sample
from store.model import Allocation, Event, Finding, Payment, SourceKind
from store.persist import Store

from .helpers import BOLD, HOSTILE_NAME, LINK, assert_one_line_error, hostile_project, on_disk

ESCAPES = {
    "CSI clear screen": "\x1b[2J",
    "OSC 52 clipboard": "\x1b]52;c;ZXZpbA==\x07",
    "OSC 8 link": "\x1b]8;;http://x\x1b\\",
    "C1 CSI": "\x9b31m",
    "bell": "\x07",
    "NUL": "\x00",
    "carriage return": "\r",
    "DEL": "\x7f",
}
"""Control characters and sequences a terminal acts on, each of which drift must refuse where text is typed."""

RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""What must never leave drift on its way to a terminal (tab and newline are layout, not controls)."""

TEXT_OPTIONS: list[tuple[list[str], str]] = [
    *(
        (["pay", "--date", "2023-10-08", "--source", "local", "--amount", "1"], o)
        for o in ("--voucher", "--description")
    ),
    *(
        (["allocate", "--date", "2023-10-08", "--source", "local", "--amount", "1"], o)
        for o in ("--document", "--description")
    ),
    (["phase", "construction"], "--remark"),
    (["event", "--date", "2023-10-08"], "--name"),
    *((["event", "--date", "2023-10-08", "--name", "验收"], o) for o in ("--document", "--title", "--issuer")),
    *((["indicator", "I1"], o) for o in ("--to-date", "--forecast", "--cause", "--analysis", "--remark")),
    (["project"], "--progress-summary"),
    (["finding", "add"], "--problem"),
    *((["finding", "add", "--problem", "p"], o) for o in ("--cause", "--recommendation")),
    (["finding", "edit", "1"], "--cause"),
    (["recommendation", "add"], "--text"),
    (["compliance", "add"], "--item"),
    *((["compliance", "add", "--item", "i"], o) for o in ("--status", "--risk")),
    (["new", "--name", "n", "--year", "2024", "--annual-budget", "1"], "--code"),
    *((["new", "--code", "N-1", "--year", "2024", "--annual-budget", "1"], o) for o in ("--name",)),
    *(
        (["new", "--code", "N-1", "--name", "n", "--year", "2024", "--annual-budget", "1"], o)
        for o in ("--department", "--unit")
    ),
    (["pay", "--date", "2023-10-08", "--source", "local", "--amount", "1"], "--note"),
    (["phase", "construction", "--remark", "r"], "--note"),
    (["undo"], "--note"),
    (["backup", "--restore", "1"], "--note"),
]
"""Every editing command and each of its free-text options, with the other options it needs to get that far."""


@pytest.mark.parametrize("escape", list(ESCAPES.values()), ids=list(ESCAPES))
@pytest.mark.parametrize(("argv", "option"), TEXT_OPTIONS, ids=[f"{a[0]} {o}" for a, o in TEXT_OPTIONS])
def test_every_editing_command_refuses_a_control_character_in_one_line_naming_the_option(
    store_path: Path, run_cli, argv: list[str], option: str, escape: str
) -> None:
    before = on_disk(store_path)
    by = [] if option == "--by" else ["--by", "alice"]

    result = run_cli(*argv, f"{option}=x{escape}y", *by, "--store", str(store_path))

    assert result.code == 2
    assert_one_line_error(result.err, f"{option}: contains the control character U+{ord(escape[0]):04X}")
    assert not RAW_CONTROL.search(result.out + result.err)
    assert on_disk(store_path) == before


@pytest.mark.parametrize("escape", list(ESCAPES.values()), ids=list(ESCAPES))
@pytest.mark.parametrize(
    "argv",
    [["pay", "--date", "2023-10-08", "--source", "local", "--amount", "1"], ["undo"], ["backup", "--restore", "1"]],
    ids=["pay", "undo", "backup"],
)
def test_who_makes_a_change_may_not_hold_a_control_character_either(
    store_path: Path, run_cli, argv: list[str], escape: str
) -> None:
    before = on_disk(store_path)

    result = run_cli(*argv, f"--by=x{escape}y", "--store", str(store_path))

    assert result.code == 2
    assert_one_line_error(result.err, "--by: contains the control character")
    assert on_disk(store_path) == before


@pytest.mark.parametrize("column", ["voucher", "note"])
@pytest.mark.parametrize(
    "escape", [e for e in ESCAPES.values() if e != "\x00"], ids=[k for k, e in ESCAPES.items() if e != "\x00"]
)
def test_a_ledger_cell_with_a_control_character_is_refused_naming_line_and_column(
    store_path: Path, tmp_path: Path, run_cli, column: str, escape: str
) -> None:
    ledger = tmp_path / "ledger.csv"
    with ledger.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "source", "amount", "voucher", "note"])
        writer.writerow(["2023-10-08", "local", "1", "记-1", "首笔"])
        writer.writerow(
            [
                "2023-10-09",
                "local",
                "2",
                *(["x" + escape + "y", ""] if column == "voucher" else ["记-2", "x" + escape + "y"]),
            ]
        )
    before = on_disk(store_path)

    result = run_cli("import-payments", str(ledger), "--by", "alice", "--store", str(store_path))

    assert result.code == 2
    assert result.err.splitlines() == [
        f"{ledger}:3: {column}: contains the control character U+{ord(escape[0]):04X}; remove it",
        f"drift: {ledger}: 1 bad row; nothing was saved",
    ]
    assert not RAW_CONTROL.search(result.out + result.err)
    assert on_disk(store_path) == before


def test_a_ledger_with_a_nul_byte_is_refused_without_sending_it_on(store_path: Path, tmp_path: Path, run_cli) -> None:
    ledger = tmp_path / "ledger.csv"
    ledger.write_bytes(b"date,source,amount,voucher\n2023-10-08,local,1,x\x00y\n")
    before = on_disk(store_path)

    result = run_cli("import-payments", str(ledger), "--by", "alice", "--store", str(store_path))

    assert result.code == 2
    assert result.err.endswith(f"drift: {ledger}: 1 bad row; nothing was saved\n")
    assert not RAW_CONTROL.search(result.out + result.err)
    assert on_disk(store_path) == before


# What reaches the terminal


@pytest.fixture
def hostile_store(tmp_path: Path) -> Path:
    path = tmp_path / "store.json"
    Store(path).create([hostile_project()])
    return path


@pytest.mark.parametrize(
    "command", [["list"], ["status"], ["check"], ["log"], ["list", "--json"], ["status", "--json"]]
)
def test_markup_looking_text_is_printed_literally_and_no_control_byte_is_sent(
    hostile_store: Path, run_cli, command: list[str]
) -> None:
    assert (
        run_cli(
            "pay",
            "--date",
            "2023-10-08",
            "--source",
            "local",
            "--amount",
            "1",
            "--voucher",
            f"{LINK}v[/link]",
            "--by",
            f"{BOLD}bob",
            "--store",
            str(hostile_store),
        ).code
        == 0
    )

    result = run_cli(*command, "--store", str(hostile_store))

    assert result.code in (0, 3), result.err  # check exits 3 when it finds deviations
    assert BOLD in result.out
    assert LINK in result.out or command == ["check"]  # check names phases and indicators, where only [bold] is
    assert not RAW_CONTROL.search(result.out + result.err)


@pytest.mark.parametrize("command", [["list"], ["status"], ["check"], ["log"]])
def test_on_a_colour_terminal_the_only_escape_sequences_are_drifts_own_colours(
    hostile_store: Path, run_cli, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")  # Rich then writes as to a terminal: styles, and links if any were made
    monkeypatch.setenv("COLORTERM", "truecolor")
    assert (
        run_cli(
            "pay",
            "--date",
            "2023-10-08",
            "--source",
            "local",
            "--amount",
            "1",
            "--voucher",
            f"{LINK}v[/link]",
            "--by",
            "bob",
            "--store",
            str(hostile_store),
        ).code
        == 0
    )

    result = run_cli(*command, "--store", str(hostile_store))

    without_colours = re.sub(r"\x1b\[[0-9;]*m", "", result.out + result.err)
    assert not RAW_CONTROL.search(without_colours), repr(RAW_CONTROL.search(without_colours))  # no OSC 8, 52, no CSI
    assert (BOLD if command != ["log"] else LINK) in without_colours


def test_the_store_cannot_be_made_to_hold_an_escape_sequence_in_a_project(
    store_path: Path, tmp_path: Path, run_cli
) -> None:
    document = json.loads(store_path.read_bytes())
    document["projects"]["1"]["name"] = "\x1b]52;c;ZXZpbA==\x07"
    document["projects"]["1"]["funding"]["allocations"][0]["document"] = "\x9b31m"
    store_path.write_text(json.dumps(document), encoding="utf-8")  # written by hand, as "\u001b" escapes
    before = on_disk(store_path)

    for command in (["list"], ["status"], ["status", "--json"], ["check"], ["export"], ["list", "--json"]):
        result = run_cli(*command, "--store", str(store_path))

        assert result.code == 2, command
        assert_one_line_error(result.err, str(store_path), "projects[1].name: contains the control character U+001B")
        assert not RAW_CONTROL.search(result.out + result.err)
    assert on_disk(store_path) == before


@pytest.mark.parametrize(
    ("field", "value", "code_point"),
    [
        ("note", "\x9b31m red \x1b]52;c;ZXZpbA==\x07", "U+009B"),
        ("by", "mallory\x1b[2J", "U+001B"),
        ("new", "\x07", "U+0007"),
        ("old", {"nested": ["ok", "\x1b]8;;http://x\x1b\\"]}, "U+001B"),
    ],
    ids=["note", "by", "new", "old-nested"],
)
def test_a_history_with_an_escape_sequence_written_by_hand_is_refused_by_log_and_undo(
    store_path: Path, run_cli, field: str, value: object, code_point: str
) -> None:
    pay = ("pay", "--date", "2023-10-08", "--source", "local", "--amount", "1", "--by", "alice")
    assert run_cli(*pay, "--store", str(store_path)).code == 0
    document = json.loads(store_path.read_bytes())
    document["history"]["1"][field] = value
    store_path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")  # by hand, as raw characters
    before = on_disk(store_path)

    for command in (["log"], ["log", "--json"], ["undo", "--by", "alice"]):
        result = run_cli(*command, "--store", str(store_path))

        assert result.code == 2, command
        assert_one_line_error(
            result.err, str(store_path), f"history[1].{field}: contains the control character {code_point}"
        )
        assert not RAW_CONTROL.search(result.out + result.err)
    assert on_disk(store_path) == before


# The Markdown export

SNEAKY = [
    "\u202e<b>gnp.exe</b>",  # right-to-left override, then HTML
    "\u202ehttp://evil.com\u202c",
    "[x]\u200b(http://evil)",  # zero-width space between link text and target
    "[x](\u200bhttp://evil)",
    "ht\u200btp://evil.com www\u200b.evil.com evil.\u200bcom",
    "<scr\u200bipt>alert(1)</script> <\u200bimg src=x onerror=alert(1)>",
    "\u2066<img src=x>\u2069 \u2067[x](http://evil)\u2069",
    "\ufeff<a href=http://evil>x</a>",
    "a" * 5_000 + "[x](http://evil) <script>x</script> http://evil.com" + "b" * 5_000,
    "|" * 10_000,
]
"""Bidi overrides, zero-width characters and 10,000-character strings wrapped around links and HTML."""


def walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


@pytest.mark.parametrize("sneaky", SNEAKY, ids=lambda text: repr(text[:24]))
def test_bidi_zero_width_and_very_long_text_bring_no_html_or_link_into_the_rendered_page(sneaky: str) -> None:
    seed = load_sample()[0]
    project = structs.replace(
        seed,
        name=sneaky,
        department=sneaky,
        progress_summary=sneaky,
        findings=(Finding(problem=sneaky, cause=sneaky, recommendation=sneaky),),
        indicators=(
            structs.replace(seed.indicators[0], deviation_cause=sneaky, remark=sneaky),
            *seed.indicators[1:],
        ),
        funding=structs.replace(
            seed.funding,
            allocations=(
                Allocation(
                    id="A1",
                    date=pendulum.date(2023, 5, 15),
                    amount=Decimal("500"),
                    source=SourceKind.LOCAL,
                    document=sneaky,
                ),
            ),
            payments=(
                Payment(
                    id="P1",
                    date=pendulum.date(2023, 9, 1),
                    amount=Decimal("1"),
                    source=SourceKind.LOCAL,
                    voucher=sneaky,
                ),
            ),
        ),
        events=(Event("E1", pendulum.date(2023, 5, 16), name=sneaky, document=sneaky),),
    )
    analysis = analyse_project(project, pendulum.date(2023, 9, 28))
    pages = [project_markdown(analysis, "en"), report_markdown(analysis, "zh"), portfolio_markdown([analysis], "en")]
    parser = MarkdownIt("gfm-like")
    for page in pages:
        kinds = {token.type for token in walk(parser.parse(page))}
        assert not kinds & {"html_inline", "html_block", "link_open", "image"}
        rendered = parser.render(page)
        assert not re.search(r"<(a|img|script|b)[\s>]", rendered)


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\u2060", "\u200d"], ids=["ZWSP", "SHY", "WJ", "ZWJ"])
def test_an_invisible_character_before_a_domains_dot_does_not_make_a_link(invisible: str) -> None:
    page = project_markdown(
        analyse_project(structs.replace(load_sample()[0], name=f"evil{invisible}.com"), pendulum.date(2023, 9, 28)),
        "en",
    )

    kinds = {token.type for token in walk(MarkdownIt("gfm-like").parse(page))}

    assert "link_open" not in kinds


# The dashboard


def screen_text(svg: str) -> str:
    """The characters on screen, from an SVG screenshot: each <text> run, joined by line."""
    lines: dict[str, list[str]] = {}
    for y, content in re.findall(r'<text [^>]*y="([0-9.]+)"[^>]*>([^<]*)</text>', svg):
        lines.setdefault(y, []).append(html.unescape(content).replace("\xa0", " "))
    return "\n".join("".join(parts) for parts in lines.values())


VIEWS = {
    "overview": [HOSTILE_NAME[:24], f"{LINK}部门[/link]", f"{BOLD}文号"],
    "schedule": [f"{BOLD}可研[/bold]"],
    "budget": [f"{BOLD}襄财", f"{LINK}记-1"],
    "indicators": [f"{BOLD}原因[/bold]", f"{LINK}备注"],
    "findings": [f"{LINK}问题[/link]"],
}


@pytest.mark.parametrize("view", VIEWS)
async def test_the_dashboard_shows_markup_emoji_rtl_and_cjk_as_plain_characters(hostile_store: Path, view: str) -> None:
    from tui.app import DriftApp

    app = DriftApp(Store(hostile_store), lang="en")
    # Tall enough for the budget view's records under its execution curve.
    async with app.run_test(size=(200, 70)) as pilot:
        for _ in range(2):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        pilot.app.screen.action_show_view(view)
        await pilot.pause()
        text = screen_text(app.export_screenshot())

    for expected in VIEWS[view]:
        assert expected in text, (expected, text)
    assert "http://x" not in re.sub(re.escape("[link=http://x]"), "", text)  # no link made of it either
