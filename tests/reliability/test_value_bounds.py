"""Values that validate can be analysed: amounts, budget years and dates are bounded at input and in the store."""

from __future__ import annotations

import contextlib
import copy
import datetime
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import pendulum
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from drift.analysis import analyse_project
from store.codec import decode_project
from store.errors import ValidationError
from store.files import decode_import, sample_path
from store.persist import Store
from tui.cli import main

SAMPLE: dict[str, Any] = json.loads(sample_path().read_text(encoding="utf-8"))["projects"][0]


@pytest.mark.parametrize(
    ("argv", "option", "needle"),
    [
        (
            ["pay", "--date", "2023-10-08", "--source", "local", "--amount", "1" * 27],
            "--amount",
            "largest amount",
        ),
        (["project", "--status-date", "9999-12-31"], "--status-date", "1900–2200"),
        (
            ["new", "--code", "N-1", "--name", "n", "--year", "0000", "--annual-budget", "1"],
            "--year",
            "1900–2200",
        ),
    ],
    ids=["27_digit_amount", "status_date_9999_12_31", "budget_year_0000"],
)
def test_the_reported_values_that_broke_every_command_are_refused_in_one_line_and_nothing_is_saved(
    run_cli, store_path: Path, argv: list[str], option: str, needle: str
) -> None:
    before = store_path.read_bytes()

    result = run_cli(*argv, "--store", str(store_path), "--by", "alice")

    assert result.code == 2
    assert result.err.startswith(f"drift: {option}: ") and result.err.count("\n") == 1, result.err
    assert needle in result.err
    assert store_path.read_bytes() == before


@pytest.mark.parametrize(
    ("change", "path", "needle"),
    [
        (lambda p: p["funding"].update(annual_budget="1000000000000.000001"), "funding.annual_budget", "largest"),
        (lambda p: p.update(status_date="2201-01-01"), "status_date", "1900–2200"),
        (lambda p: p["phases"][0].update(planned_start="1899-12-31"), "phases[0].planned_start", "1900–2200"),
        (lambda p: p.update(budget_year=2201), "budget_year", "1900–2200"),
        (lambda p: p.update(budget_year=0), "budget_year", "1900–2200"),
    ],
    ids=["amount", "status_date", "phase_date", "year_2201", "year_0"],
)
def test_an_import_file_beyond_the_bounds_is_refused_with_the_field_path(change, path: str, needle: str) -> None:
    project = copy.deepcopy(SAMPLE)
    change(project)

    with pytest.raises(ValidationError) as refused:
        decode_import({"schema": 1, "projects": [project]}, "in.json")

    assert refused.value.path == f"projects[0].{path}"
    assert needle in refused.value.message


def test_the_bounds_themselves_are_accepted() -> None:
    project = copy.deepcopy(SAMPLE)
    project["funding"]["annual_budget"] = "1000000000000.000000"
    project["budget_year"] = 2200
    project["status_date"] = "2200-12-31"
    project["funding"]["allocations"] = []
    project["funding"]["reported"] = []  # the seed's figures of 2023, two centuries from the budget year
    project["phases"][0]["planned_start"] = "1900-01-01"

    decoded = decode_project(project)

    assert (decoded.budget_year, str(decoded.status_date)) == (2200, "2200-12-31")


# Anything that validates can be analysed: values drawn at, just inside and just outside every bound.

FIRST, LAST = datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)
"""The bounds drift documents for dates; beyond them lie the calendar's own ends, years 1 and 9999."""
INSIDE_AMOUNTS = ["0", "0.000001", "589.20", "999999999999.999999", "1000000000000"]
BEYOND_AMOUNTS = ["1000000000000.000001", "1" * 27]


def _dates(low: datetime.date, high: datetime.date) -> st.SearchStrategy[datetime.date]:
    edges = [low, low + datetime.timedelta(days=1), high - datetime.timedelta(days=1), high]
    return st.sampled_from(edges) | st.dates(low, high)


@st.composite
def boundary_projects(draw: st.DrawFn) -> tuple[dict[str, Any], datetime.date]:
    """The sample with its year, dates and amounts at and near the bounds, or at and near the calendar's ends."""
    beyond = draw(st.booleans())  # half the examples try values outside the bounds, which must be refused
    low, high = (datetime.date(1, 1, 1), datetime.date(9999, 12, 31)) if beyond else (FIRST, LAST)
    amounts = st.sampled_from(INSIDE_AMOUNTS + BEYOND_AMOUNTS if beyond else INSIDE_AMOUNTS)
    project = copy.deepcopy(SAMPLE)
    year = draw(
        st.sampled_from([low.year, low.year + 1, 2023, high.year - 1, high.year]) | st.integers(low.year, high.year)
    )
    project["budget_year"] = year
    in_year = _dates(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    funding = project["funding"]
    funding["annual_budget"] = draw(amounts)
    funding["total_budget"] = draw(amounts)
    for source in funding["sources"]:
        source["annual_budget"], source["forecast"] = draw(amounts), draw(amounts)
    kinds = [source["kind"] for source in funding["sources"]]
    for name in ("allocations", "payments"):
        funding[name] = [
            {"id": f"R{n}", "date": draw(in_year).isoformat(), "source": draw(st.sampled_from(kinds)), "amount": a}
            for n, a in enumerate(draw(st.lists(amounts, max_size=3)))
        ]
    funding["spending_plan"] = [
        {"date": d.isoformat(), "amount": a} for d, a in sorted(draw(st.lists(st.tuples(in_year, amounts), max_size=3)))
    ]
    dates = _dates(low, high)
    project["status_date"] = draw(st.none() | dates.map(datetime.date.isoformat))
    start, end = sorted(draw(st.tuples(dates, dates)))
    project["period"] = {"start": start.isoformat(), "end": end.isoformat()}
    for phase in project["phases"]:
        planned = sorted(draw(st.tuples(dates, dates)))
        phase["planned_start"], phase["planned_end"] = (d.isoformat() for d in planned)
        phase.pop("actual_start", None), phase.pop("actual_end", None)
        actual = draw(st.none() | st.lists(dates, min_size=1, max_size=2).map(sorted))
        if actual is not None:
            phase["actual_start"] = actual[0].isoformat()
            if len(actual) == 2:
                phase["actual_end"] = actual[1].isoformat()
        if draw(st.booleans()):
            phase["expected_end"] = draw(dates).isoformat()
    for milestone in project["events"]:
        milestone["date"] = draw(dates).isoformat()
    measures = st.sampled_from(["0", "-1", "100%", "≥95%", "0.000001", "9" * 40, "1" + "0" * 60 + "%", "提升"])
    for indicator in project["indicators"]:
        indicator["to_date"], indicator["forecast"] = draw(measures), draw(measures)
        indicator["target"] = draw(measures.filter(lambda text: text != "-1"))
    for phase in project["phases"]:
        phase["percent_complete"] = draw(st.sampled_from(["0", "0.000001", "99.999999999999999999999999999999", "100"]))
    return project, draw(_dates(FIRST, LAST))  # as --as-of accepts


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(boundary_projects())
def test_anything_that_validates_can_be_analysed_and_shown_by_status_check_and_export(
    drawn: tuple[dict[str, Any], datetime.date],
) -> None:
    doc, as_of = drawn
    try:
        project = decode_project(doc)
    except ValidationError:
        event("refused")
        return  # refused with a field path: the other half of the promise, proved above
    event("validated")
    analyse_project(project, pendulum.date(as_of.year, as_of.month, as_of.day))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.json"
        Store(path, keep_backups=0).create([project])
        for argv in (["status"], ["check"], ["export"], ["status", "--as-of", as_of.isoformat()]):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main([*argv, "--store", str(path)], environ={})
            assert code in (0, 3), (argv, code, err.getvalue())  # 3: `check` found deviations
