"""`drift status`: Rich tables for a person, stable JSON for scripts, as of any date."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.ansi import without_escapes

SEED_CODE = "2306-140423-89-01-317509"
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "status_sample.json"


@pytest.fixture
def store(tmp_path: Path, run_cli) -> str:
    """A store made by `drift init` from the bundled sample."""
    path = tmp_path / "store.json"
    assert run_cli("init", "--store", str(path)).code == 0
    return str(path)


def test_status_json_matches_the_golden_file(store: str, run_cli) -> None:
    result = run_cli("status", "--json", "--store", store)

    assert result.code == 0, result.err
    if os.environ.get("DRIFT_UPDATE_GOLDEN"):  # regenerate on purpose, then read the diff before committing
        GOLDEN.write_text(result.out, encoding="utf-8")
    assert result.out == GOLDEN.read_text(encoding="utf-8")


def test_status_json_holds_the_hand_checked_seed_figures(store: str, run_cli) -> None:
    [project] = json.loads(run_cli("status", "--json", "--store", store).out)["projects"]

    assert (project["code"], project["as_of"], project["light"]) == (SEED_CODE, "2023-09-28", "red")
    assert project["summary"] == {
        "light": "red",
        "schedule_slip_days": 89,
        "execution_trail_points": "74.25",
        "indicator_risks": 3,
        "flag_count": 15,
    }
    construction = project["schedule"]["phases"][3]
    assert (construction["start"], construction["finish"], construction["finish_slip_days"]) == (
        "2023-09-28",
        "2024-02-27",
        89,
    )
    total = project["budget"]["total"]
    assert (total["annual_budget"], total["allocated"], total["paid"], total["needed_per_month"]) == (
        "589.20",
        "589.20",
        "0.00",
        "190.65",
    )
    assert total["figures"] == "paid 0.00 of 589.20 万元 · 271 of 365 days"
    assert project["budget"]["time_progress"] == {"basis": "days", "elapsed": 271, "total": 365, "percent": "74.25"}
    assert project["indicators"]["by_likelihood"] == {"certain": 7, "possible": 3, "impossible": 0, "none": 1}


def test_status_as_of_an_earlier_date_counts_only_what_had_happened(store: str, run_cli) -> None:
    as_of = {}
    for date in ("2023-07-25", "2023-06-30"):
        result = run_cli("status", "--json", "--as-of", date, "--store", store)
        [project] = json.loads(result.out)["projects"]
        as_of[date] = (
            project["as_of"],
            project["budget"]["total"]["allocated"],
            project["summary"]["schedule_slip_days"],
        )

    assert as_of == {"2023-07-25": ("2023-07-25", "507.20", 55), "2023-06-30": ("2023-06-30", "500.00", 30)}


def test_status_money_in_json_is_never_a_number(store: str, run_cli) -> None:
    [project] = json.loads(run_cli("status", "--json", "--store", store).out)["projects"]

    lines = [project["budget"]["total"], *project["budget"]["sources"]]
    for line in lines:
        for field in ("annual_budget", "allocated", "paid", "remaining_to_pay", "paid_pct_of_budget", "trail_points"):
            assert isinstance(line[field], str) and line[field].count(".") == 1 and len(line[field].split(".")[1]) == 2


def test_status_for_a_person_shows_every_section_in_english(store: str, run_cli) -> None:
    result = run_cli("status", "--store", store)

    assert result.code == 0, result.err
    for needle in (
        SEED_CODE,
        "as of 2023-09-28",
        "Overall red",
        "工程建设",
        "≈2024-02-27",
        "completion ≈2024-03-29 against the planned 2023-12-31: 89 days",
        "time progress 74.25% (days 271/365)",
        "paid 0.00 of 589.20 万元 · 271 of 365 days",
        "190.65",
        "certain 7 · possible 3 · impossible 0 · not stated 1",
        "the monitor expects 工程建设 to finish by 2023-12-31, but the forecast is 2024-02-27, 58 days later",
    ):
        assert needle in result.out, needle
    assert "\x1b[" not in result.out  # not a terminal: no escape codes


def test_status_speaks_chinese_under_a_chinese_locale(store: str, run_cli) -> None:
    result = run_cli("status", "--store", store, environ={"LANG": "zh_CN.UTF-8"})

    assert result.code == 0, result.err
    for needle in (
        "截至 2023-09-28",
        "总体 红灯",
        "序时进度 74.25%（按日 271/365）",
        "已支出 0.00 / 589.20 万元 · 已过 271 / 365 天",
    ):
        assert needle in result.out, needle


def test_status_fits_a_narrow_terminal(store: str, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # a terminal's width: into a pipe, nothing is wrapped

    result = run_cli("status", "--store", store, environ={"LANG": "zh_CN.UTF-8"})

    from rich.cells import cell_len

    assert result.code == 0
    assert max(cell_len(line) for line in without_escapes(result.out).splitlines()) <= 60


@pytest.mark.parametrize("columns", [80, 120])
def test_the_figures_behind_each_light_are_never_wrapped(
    store: str, run_cli, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("TTY_COMPATIBLE", "1")

    lines = without_escapes(run_cli("status", "--store", store).out).splitlines()

    central = [line for line in lines if "paid 0.00 of 82.00 万元 · 271 of 365 days" in line]
    assert len(central) == 1  # whole, on one line
    # Wide enough, the figures are the execution table's last column; narrower, a line of their own below it.
    assert central[0].startswith("中央补助资金") and ("74.25" in central[0]) == (columns == 120)


def test_status_honours_no_color_on_a_forced_terminal(store: str, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run_cli("status", "--store", store).out
    monkeypatch.setenv("NO_COLOR", "1")
    plain = run_cli("status", "--store", store).out

    assert "\x1b[31" in coloured or "\x1b[1;31" in coloured  # red, when colour is allowed
    assert "\x1b[3" not in plain.replace("\x1b[3m", "")  # no foreground colour at all under NO_COLOR


def test_status_prints_a_project_name_as_text_never_as_markup(tmp_path: Path, run_cli, sample_doc) -> None:
    sample_doc["projects"][0]["name"] = "[red]x[/red] 项目"
    source = tmp_path / "import.json"
    source.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")
    store = str(tmp_path / "store.json")
    assert run_cli("import", str(source), "--store", store).code == 0

    result = run_cli("status", "--store", store)

    assert "[red]x[/red] 项目" in result.out


def test_status_of_one_project_by_code(store: str, run_cli) -> None:
    result = run_cli("status", "--project", SEED_CODE, "--json", "--store", store)

    assert [p["code"] for p in json.loads(result.out)["projects"]] == [SEED_CODE]


def test_status_of_several_projects_is_a_portfolio_table(tmp_path: Path, run_cli, sample_doc) -> None:
    second = json.loads(json.dumps(sample_doc["projects"][0]))
    second["code"], second["name"], second["status_date"] = "OTHER-1", "另一个项目", "2023-06-30"
    sample_doc["projects"].append(second)
    source = tmp_path / "import.json"
    source.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")
    store = str(tmp_path / "store.json")
    assert run_cli("import", str(source), "--store", store).code == 0

    result = run_cli("status", "--store", store)

    assert result.code == 0, result.err
    lines = result.out.splitlines()
    seed_line = next(line for line in lines if SEED_CODE in line)
    other_line = next(line for line in lines if "OTHER-1" in line)
    assert lines.index(seed_line) < lines.index(other_line)  # both red; the seed slips 89 days, the other 30
    assert "89" in seed_line and "2023-09-28" in seed_line
    assert "30" in other_line and "2023-06-30" in other_line


def test_status_of_an_unknown_project_is_a_one_line_error(store: str, run_cli) -> None:
    result = run_cli("status", "--project", "NOPE", "--store", store)

    assert result.code == 2
    assert result.err == f"drift: no project NOPE in {store}\n"


@pytest.mark.parametrize("bad", ["2023-02-30", "28.9.2023", "yesterday"])
def test_status_with_a_bad_as_of_date_is_a_one_line_error(store: str, run_cli, bad: str) -> None:
    result = run_cli("status", "--as-of", bad, "--store", store)

    assert result.code == 2
    assert result.err.startswith("drift: --as-of: ") and result.err.count("\n") == 1
    assert result.out == ""


def test_status_of_a_missing_store_is_a_one_line_error(tmp_path: Path, run_cli) -> None:
    result = run_cli("status", "--store", str(tmp_path / "none.json"))

    assert result.code == 2
    assert result.err.startswith("drift: ") and result.err.count("\n") == 1


def test_status_of_an_empty_store_says_so(tmp_path: Path, run_cli) -> None:
    store = str(tmp_path / "store.json")
    run_cli("init", "--empty", "--store", store)

    assert run_cli("status", "--store", store).out.startswith("no projects in")
    assert json.loads(run_cli("status", "--json", "--store", store).out) == {
        "schema": 1,
        "projects": [],
        "portfolio": {"curve": []},
    }
