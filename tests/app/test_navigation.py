"""Pilot tests: keys move between screens and views, and the state follows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from msgspec import structs
from textual.widgets import Input, TabbedContent

from store.errors import Words
from tests.app.conftest import settle
from tui.screens.as_of import AsOfDialog
from tui.screens.help import HelpScreen
from tui.screens.portfolio import PortfolioScreen
from tui.screens.project import ProjectScreen
from tui.widgets.portfolio_table import PortfolioTable

SEED = "2306-140423-89-01-317509"


async def test_a_single_project_store_opens_on_the_projects_overview_with_the_portfolio_underneath(
    sample_store, make_app
):
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.code == SEED
        assert app.screen.active_view == "overview"
        assert app.focused is app.screen.query_one("#overview-body").parent  # its keys (j, k, /) work at once
        await pilot.press("escape")
        assert isinstance(app.screen, PortfolioScreen)


async def test_number_keys_switch_the_project_views(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(TabbedContent).active == "overview"
        for key, view in (("2", "schedule"), ("3", "budget"), ("4", "indicators"), ("5", "findings")):
            await pilot.press(key)
            assert app.screen.query_one(TabbedContent).active == view


async def test_filtering_the_portfolio_keeps_only_matching_rows_and_enter_opens_one(two_project_store, make_app):
    app = make_app(two_project_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PortfolioTable)
        assert table.row_count == 2
        await pilot.press("slash")
        assert app.screen.query_one("#filter", Input).has_focus
        await pilot.press(*"9999")
        assert table.row_count == 1
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.code == "9999-TEST-2"


async def test_l_switches_every_label_between_chinese_and_english(sample_store, make_app):
    app = make_app(sample_store, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        tabs = app.screen.query_one(TabbedContent)
        assert str(tabs.get_tab("budget").label) == "Budget"
        await pilot.press("l")
        assert app.lang == "zh"
        assert str(tabs.get_tab("budget").label) == "资金"


async def test_question_mark_lists_the_keys_and_escape_closes_it(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = [key for key, _ in app.screen.bindings]
        assert "q" in keys and "esc" in keys
        await pilot.press("escape")
        assert isinstance(app.screen, ProjectScreen)


async def test_a_broken_store_ends_the_app_with_the_reason(tmp_path, make_app):
    from store.persist import Store

    path = tmp_path / "store.json"
    path.write_text("{not json")
    app = make_app(Store(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
    assert app.return_code == 2
    assert "not valid JSON" in app.return_value


async def test_a_recomputes_everything_for_another_date_and_refuses_an_impossible_one(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.analysis(SEED).as_of.isoformat() == "2023-09-28"
        await pilot.press("a")
        assert isinstance(app.screen, AsOfDialog)
        await pilot.press(*"2023-02-30", "enter")
        assert isinstance(app.screen, AsOfDialog), "an impossible date must not close the dialog"
        assert "not a day in the calendar" in str(app.screen.query_one("#as-of-error").render())
        await pilot.press(*["backspace"] * 10, *"2023-07-25", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
        analysis = app.analysis(SEED)
        assert analysis.as_of.isoformat() == "2023-07-25"
        assert str(analysis.budget.total.allocated) == "507.20"  # the central 82 only arrived on 07-27
        assert analysis.schedule.phase("tendering").status == "overdue"
        assert "2023-07-25" in str(app.screen.query_one("#headline").render())


async def test_escape_in_the_as_of_dialog_changes_nothing(sample_store, make_app):
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("a", *"2023-01-01", "escape")
        assert app.as_of is None
        assert app.analysis(SEED).as_of.isoformat() == "2023-09-28"


@pytest.mark.parametrize(("typed", "view"), [("Budget", "budget"), ("History", "history")])
async def test_the_palette_jumps_to_a_view_of_the_project(sample_store, make_app, typed: str, view: str):
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*typed)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.active_view == view


async def test_s_cycles_the_portfolio_sort_and_keeps_the_selected_project(two_project_store, make_app):
    app = make_app(two_project_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PortfolioScreen)
        assert screen.sort_key == "light"
        await pilot.press("down")
        selected = screen.selected_code
        assert selected == screen.visible_codes()[1]
        await pilot.press("s")
        assert screen.sort_key == "slip"
        assert screen.selected_code == selected
        for _ in range(4):
            await pilot.press("s")
        assert screen.sort_key == "code"
        assert screen.visible_codes() == [SEED, "9999-TEST-2"]
        await pilot.press("s")
        assert screen.sort_key == "name"
        assert screen.visible_codes() == [SEED, "9999-TEST-2"]  # "2023年度…" sorts before "另一个项目…"


async def test_enter_on_an_indicator_shows_the_whole_row(sample_store, make_app):
    from tui.widgets.indicators import IndicatorDetail

    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4", "down", "down", "enter")
        assert isinstance(app.screen, IndicatorDetail)
        assert app.screen.item.indicator.level3 == "安全事故发生率"
        await pilot.press("escape")
        assert isinstance(app.screen, ProjectScreen)


async def test_a_project_name_with_markup_is_shown_literally(two_project_store, make_app):
    app = make_app(two_project_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(PortfolioTable)
        names = [table.cells_of(key)[1].plain for key in table.keys]
        assert "另一个项目 [bold]x[/bold]" in names
        rendered = "".join(segment.text for y in range(3) for segment in table.render_line(y))
        assert "另一个项目 [bold]" in rendered


async def test_a_payment_typed_into_the_budget_form_is_saved_with_its_history(sample_store, make_app):
    from tui.screens.forms import PaymentForm

    app = make_app(sample_store)
    app.user = "alice"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3", "p")
        assert isinstance(app.screen, PaymentForm)
        form = app.screen
        form.query_one("#date").value = "2023-09-15"
        form.query_one("#source").value = "central"
        form.query_one("#amount").value = "-5"
        await pilot.pause()
        assert "negative" in form.error_text("amount")
        form.query_one("#amount").value = "41.00"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
        payment = sample_store.load().project(SEED).funding.payments[0]
        assert (str(payment.amount), payment.date.isoformat(), payment.source) == ("41.00", "2023-09-15", "central")
        assert {entry.by for entry in sample_store.history()} == {"alice"}
        assert str(app.analysis(SEED).budget.total.paid) == "41.00"  # the views recomputed
        await pilot.press("u")
        await settle(pilot)
        assert sample_store.load().project(SEED).funding.payments == ()


async def test_a_form_refused_by_the_store_keeps_what_was_typed(sample_store, make_app):
    from store.errors import StoreError
    from tui.screens.forms import StatusDateForm

    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)

        def refuse(edits):
            raise StoreError("another drift is saving; try again")

        app.save_edits = refuse
        await pilot.press("d")
        form = app.screen
        assert isinstance(form, StatusDateForm)
        form.query_one("#status_date").value = "2023-10-31"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert form.query_one("#status_date").value == "2023-10-31"
        assert "try again" in form.error_text("form")


async def test_a_read_only_store_says_why_when_an_edit_key_is_pressed(sample_store, make_app, monkeypatch):
    reason = Words("error.read_only_file", {"path": "store.json"})
    monkeypatch.setattr(type(sample_store), "read_only_reason", lambda self: reason)
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        assert app.screen.check_action("add_payment", ()) is True  # shown as any key: greyed out is unseen in NO_COLOR
        await pilot.press("p")
        await pilot.pause()
        toasts = [str(notice.message) for notice in app._notifications]
        assert isinstance(app.screen, ProjectScreen)  # no form opened
        assert "read-only" in str(app.sub_title)

    assert toasts == ["read-only: store.json is read-only for you"]


async def test_e_previews_the_project_as_markdown(sample_store, make_app):
    from tui.screens.export import ExportScreen

    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        assert "| 招投标 |" in app.screen.markdown
        assert app.screen.suggested_path.name == "2306-140423-89-01-317509-2023-09-28.md"


async def test_a_view_key_pressed_while_the_project_screen_is_still_being_built_shows_that_view(sample_store, make_app):
    # Pressing 3 the instant Enter opened a project raised NoMatches from inside Textual's TabbedContent (1 run in 40).
    app = make_app(sample_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.pop_screen()
        await pilot.pause()
        screen = ProjectScreen(SEED)
        app.push_screen(screen)
        screen.action_show_view("budget")  # the same tick: nothing of the screen is mounted yet
        await settle(pilot)
        assert app.screen is screen
        assert screen.active_view == "budget"


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_the_footer_never_hides_help_and_quit_and_lower_keys_give_way_first(sample_store, make_app, size) -> None:
    from textual.widgets._footer import FooterKey  # Textual exports no public name for a footer's key

    app = make_app(sample_store, lang="zh")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("3")  # the Budget view: the most keys
        await pilot.pause()
        keys = [key.key for key in app.screen.query(FooterKey) if "-command-palette" not in key.classes]

    assert {"question_mark", "q", "escape"} <= set(keys)
    if size[0] >= 120:
        assert {"p", "A", "f", "a", "l"} <= set(keys)  # room for every key
    else:
        assert "l" not in keys  # the language gives way before help and quit; `?` lists it


async def test_view_as_of_and_set_the_status_date_have_different_names_in_both_languages() -> None:
    from drift.i18n import MESSAGES

    assert MESSAGES["key.as_of"][0] != MESSAGES["key.status_date"][0]
    assert MESSAGES["key.as_of"][1] != MESSAGES["key.status_date"][1]


async def test_help_lists_every_key_of_the_budget_view_hidden_ones_too_in_chinese(sample_store, make_app) -> None:
    """r (Schedule, Indicators), c (Findings) and n (a project without stated allocations) answer elsewhere."""
    app = make_app(sample_store, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3", "question_mark")
        await pilot.pause()
        listed = dict(app.screen.bindings)

    assert listed == {
        "esc": "返回",
        "1": "概况",
        "2": "进度",
        "3": "资金",
        "4": "指标",
        "5": "问题",
        "6": "修改记录",
        "e": "导出",
        "p": "支出",
        "A": "下达",
        "j": "下移",
        "k": "上移",
        "g": "到第一行",
        "G": "到最后一行",
        "f": "累计数",
        "F": "改累计数",
        "d": "设状态日",
        "u": "撤销",
        "q": "退出",
        "?": "帮助",
        "a": "查看日期",
        "l": "中/英",
        "R": "重新读取",
        "^p": "命令面板",
    }


async def test_the_palette_offers_drifts_keys_in_chinese_and_its_help_replaces_textuals_keys_panel(
    sample_store, make_app
) -> None:
    app = make_app(sample_store, lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"帮助")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        opened = app.screen

    assert titles[0] == "帮助"
    assert {"查看日期", "中/英", "导出", "配色主题"} <= set(titles)
    assert "Keys" not in titles and "Quit" not in titles and "Theme" not in titles
    assert isinstance(opened, HelpScreen)


def test_dashboard_edits_without_user_or_logname_are_declared_by_the_login_name_as_the_clis(
    sample_store, monkeypatch
) -> None:
    from store.history import system_account
    from tui.app import DriftApp

    monkeypatch.delenv("USER", raising=False)
    monkeypatch.delenv("LOGNAME", raising=False)

    assert DriftApp(sample_store).user == system_account() != "unknown"


async def test_a_saved_change_with_a_600_character_note_keeps_its_toast_to_a_line(sample_store, make_app) -> None:
    from rich.cells import cell_len

    from store.edits import add_payment
    from store.values import parse_date

    app = make_app(sample_store)
    note = "说明" * 300
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        edit = add_payment(
            "2306-140423-89-01-317509", date=parse_date("2023-09-20"), source="central", amount=Decimal(1), note=note
        )
        app.save_edits([edit])
        await settle(pilot)
        toasts = [str(notice.message) for notice in app._notifications]

    saved = next(message for message in toasts if "payments" in message)
    assert all(cell_len(line) <= 160 for line in saved.splitlines())
    assert saved.splitlines()[-1].endswith("…")


def test_a_20000_character_note_is_cut_in_the_payments_table_not_a_thousand_lines_long() -> None:
    import io

    from rich.console import Console

    from drift.analysis import analyse_project
    from drift.tables import payment_table
    from store.files import load_sample
    from store.model import Payment
    from store.values import parse_date
    from tui.widgets.report import rich_table

    seed = load_sample()[0]
    note = "备注" * 10_000
    payment = Payment(id="P1", date=parse_date("2023-09-20"), amount=Decimal(1), source="central", note=note)
    project = structs.replace(seed, funding=structs.replace(seed.funding, payments=(payment,)))
    console = Console(width=80, file=io.StringIO(), record=True, color_system=None)
    console.print(rich_table(payment_table(analyse_project(project, parse_date("2023-09-28")), "zh"), "zh"))
    lines = console.export_text().splitlines()

    assert len(lines) < 20
    assert any("…" in line for line in lines)


async def test_the_footer_chooses_its_keys_again_when_the_terminal_narrows(sample_store, make_app) -> None:
    from textual.widgets._footer import FooterKey  # Textual exports no public name for a footer's key

    app = make_app(sample_store, lang="zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        wide = {key.key for key in app.screen.query(FooterKey)}
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        narrow = {key.key for key in app.screen.query(FooterKey)}

    assert "l" in wide and "l" not in narrow
    assert {"question_mark", "q"} <= narrow


async def test_what_is_typed_in_one_burst_after_slash_goes_into_the_filter(two_project_store, make_app):
    from textual import events

    app = make_app(two_project_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key, character in [("slash", "/"), *((digit, digit) for digit in "9999")]:  # one read over SSH
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).value == "9999"
        assert app.screen.query_one(PortfolioTable).row_count == 1
        await pilot.press("-")  # typed on: added, not put in place of what the filter's focus would have selected
        assert app.screen.query_one("#filter", Input).value == "9999-"
