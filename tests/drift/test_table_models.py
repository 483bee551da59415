"""One table model per section: every renderer draws every column of it, except those it names as left out."""

from __future__ import annotations

from collections.abc import Callable

import pendulum
import pytest
from msgspec import structs
from rich.console import Console, RenderableType

from drift import tables
from drift.analysis import ProjectAnalysis, analyse_project
from drift.curve import project_curve
from drift.document import TABLE_FIELDS, project_document
from drift.markdown import portfolio_table as markdown_portfolio
from drift.markdown.curve import curve_blocks
from drift.markdown.snapshot import MARKDOWN_LEFT_OUT, budget_table, flag_list, schedule_table
from drift.portfolio import portfolio_row, roll_up
from store.model import Project, TimeBasis
from tui.widgets import report
from tui.widgets.report import RICH_LEFT_OUT

AS_OF = pendulum.date(2023, 9, 28)


def rich_text(renderable: RenderableType) -> str:
    console = Console(width=400, record=True)
    console.print(renderable)
    return console.export_text()


def with_extra_column(build: Callable[..., tables.Table]) -> Callable[..., tables.Table]:
    """The model build makes, with one more column whose cells say which row they are in."""

    def extra(*args: object, **kwargs: object) -> tables.Table:
        model = build(*args, **kwargs)
        column = tables.Column("extra", "md.col.note", group=tables.MONEY)
        rows = tuple(structs.replace(row, cells=(*row.cells, f"EXTRA{n}")) for n, row in enumerate(model.rows))
        return structs.replace(model, columns=(*model.columns, column), rows=rows)

    return extra


SECTIONS: dict[str, tuple[str, Callable[[ProjectAnalysis], str], Callable[[ProjectAnalysis], RenderableType]]] = {
    "schedule": ("schedule_table", lambda a: schedule_table(a, "en"), lambda a: report.schedule_table(a, "en")),
    "budget": ("budget_table", lambda a: budget_table(a, "en"), lambda a: report.budget_table(a, "en")),
    "portfolio": (
        "portfolio_table",
        lambda a: markdown_portfolio([a], "en"),
        lambda a: report.portfolio_view([portfolio_row(a)], "en"),
    ),
    "flags": ("flag_table", lambda a: flag_list(a, "en"), lambda a: report.flag_list(a, "en")),
    "curve": (
        "curve_table",
        lambda a: "\n\n".join(curve_blocks(project_curve(a.project, a.as_of), 2023, TimeBasis.DAYS, "en", 2)),
        lambda a: report.curve_table(a, "en"),
    ),
}


@pytest.mark.parametrize("section", list(SECTIONS))
def test_a_column_added_to_a_model_appears_in_the_terminal_and_on_the_page(
    section: str, seed: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    builder, markdown, rich = SECTIONS[section]
    monkeypatch.setattr(tables, builder, with_extra_column(getattr(tables, builder)))
    analysis = analyse_project(seed, AS_OF)

    page, terminal = markdown(analysis), rich_text(rich(analysis))

    assert "EXTRA0" in page
    assert "EXTRA0" in terminal
    if section != "flags":  # a flag is one line, not a table with headers
        assert "| Note |" in page
        assert "Note" in terminal


@pytest.mark.parametrize("left_out", [RICH_LEFT_OUT, MARKDOWN_LEFT_OUT])
def test_every_column_a_renderer_leaves_out_is_a_column_of_the_model(
    left_out: dict[str, tuple[str, ...]], seed: Project
) -> None:
    analysis = analyse_project(seed, AS_OF)
    models = {
        "schedule": tables.schedule_table(analysis, "en"),
        "budget": tables.budget_table(analysis, "en"),
        "portfolio": tables.portfolio_table(roll_up([analysis]), "en"),
    }
    for section, keys in left_out.items():
        assert set(keys) < set(models[section].keys()), section


def test_no_column_is_left_out_by_every_renderer() -> None:
    for section in RICH_LEFT_OUT.keys() & MARKDOWN_LEFT_OUT:
        assert not set(RICH_LEFT_OUT[section]) & set(MARKDOWN_LEFT_OUT[section]), section


def test_left_out_names_an_unknown_column_loudly(seed: Project) -> None:
    model = tables.schedule_table(analyse_project(seed, AS_OF), "en")
    with pytest.raises(KeyError):
        model.without(["no such column"])


def test_a_renderers_own_order_keeps_the_columns_it_does_not_name(seed: Project) -> None:
    model = tables.portfolio_table(roll_up([analyse_project(seed, AS_OF)]), "en")
    keys = model.keys()
    assert model.ordered(["flags", "code"]).keys() == (
        "flags",
        "code",
        *(k for k in keys if k not in ("flags", "code")),
    )
    assert len(model.ordered(["flags"]).rows[0].cells) == len(model.columns)


def fields_at(document: object, path: str) -> list[object]:
    """The values at a dotted path of a JSON document, [] stepping into each item of a list; KeyError if missing."""
    values = [document]
    for step in path.split("."):
        each = step.endswith("[]")
        name = step.removesuffix("[]")
        values = [value[name] for value in values if isinstance(value, dict)]  # KeyError: no such field
        if each:
            values = [item for value in values if isinstance(value, list) for item in value]
    return values


def test_the_json_names_a_field_for_every_column_of_every_model(seed: Project) -> None:
    analysis = analyse_project(seed, AS_OF)
    document = project_document(analysis, "en")
    models = {
        "schedule": tables.schedule_table(analysis, "en"),
        "budget": tables.budget_table(analysis, "en"),
        "portfolio": tables.portfolio_table(roll_up([analysis]), "en"),
        "flags": tables.flag_table(analysis, "en"),
        "curve": tables.curve_table(project_curve(seed, AS_OF), "en"),
    }
    assert models.keys() == TABLE_FIELDS.keys()
    for section, model in models.items():
        assert set(model.keys()) == set(TABLE_FIELDS[section]), section
        for paths in TABLE_FIELDS[section].values():
            for path in paths:
                assert fields_at(document, path), path


def test_drift_status_for_several_projects_names_the_unknown_parts_beside_the_light_as_the_export_does(
    seed: Project,
) -> None:
    unknown = structs.replace(seed, code="NO-PHASES", phases=(), events=())
    analyses = [analyse_project(unknown, AS_OF), analyse_project(seed, AS_OF)]

    terminal = rich_text(report.portfolio_view(roll_up(analyses), "en"))
    page = markdown_portfolio(analyses, "en")

    assert "schedule unknown" in terminal
    assert "schedule unknown" in page
