"""`drift export`: Markdown on stdout or written atomically to a file, one-line errors for what a user can get wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

SEED_CODE = "2306-140423-89-01-317509"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.fixture
def store(tmp_path: Path, run_cli) -> str:
    """A store made by `drift init` from the bundled sample."""
    path = tmp_path / "store.json"
    assert run_cli("init", "--store", str(path)).code == 0
    return str(path)


@pytest.fixture
def two_project_store(tmp_path: Path, run_cli, sample_doc) -> str:
    """The sample and a copy of it under another code, name and status date."""
    second = json.loads(json.dumps(sample_doc["projects"][0]))
    second["code"], second["name"], second["status_date"] = "OTHER-1", "另一个项目", "2023-06-30"
    sample_doc["projects"].append(second)
    source = tmp_path / "import.json"
    source.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")
    path = str(tmp_path / "store.json")
    assert run_cli("import", str(source), "--store", path).code == 0
    return path


def golden(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_export_prints_the_sample_snapshot_in_either_language(store: str, run_cli, lang: str) -> None:
    result = run_cli("export", "--store", store, "--lang", lang)

    assert result.code == 0, result.err
    assert result.out == golden(f"export_sample_{lang}.md")
    assert result.err == ""


def test_export_follows_the_locale_when_no_language_is_given(store: str, run_cli) -> None:
    result = run_cli("export", "--store", store, environ={"LANG": "zh_CN.UTF-8"})

    assert result.out == golden("export_sample_zh.md")


def test_the_report_template_drafts_the_monitoring_report(store: str, run_cli) -> None:
    result = run_cli("export", "--template", "report", "--lang", "zh", "--store", store)

    assert result.code == 0, result.err
    assert result.out == golden("export_report_zh.md")


def test_output_to_a_file_writes_exactly_what_stdout_would_show(store: str, run_cli, tmp_path: Path) -> None:
    target = tmp_path / "snapshots" / "seed.md"
    target.parent.mkdir()

    result = run_cli("export", "-o", str(target), "--store", store)

    assert result.code == 0, result.err
    assert result.out == ""
    assert result.err == f"wrote {target}\n"
    assert target.read_bytes() == golden("export_sample_en.md").encode("utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["seed.md"]  # no temporary file left behind


def test_output_replaces_an_existing_file_whole(store: str, run_cli, tmp_path: Path) -> None:
    target = tmp_path / "seed.md"
    target.write_text("old snapshot, much longer than nothing " * 1000, encoding="utf-8")

    assert run_cli("export", "-o", str(target), "--lang", "zh", "--store", store).code == 0

    assert target.read_text(encoding="utf-8") == golden("export_sample_zh.md")


def test_output_into_a_missing_folder_is_refused_in_one_line(store: str, run_cli, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "seed.md"

    result = run_cli("export", "-o", str(target), "--store", store)

    assert result.code == 2
    assert result.err == f"drift: -o {target}: the folder {target.parent} does not exist\n"
    assert result.out == ""
    assert not target.parent.exists()


def test_output_onto_a_folder_is_refused_in_one_line(store: str, run_cli, tmp_path: Path) -> None:
    result = run_cli("export", "-o", str(tmp_path), "--store", store)

    assert result.code == 2
    assert result.err == f"drift: -o {tmp_path}: is a folder; give a file name\n"


def test_output_under_a_file_posing_as_a_folder_is_refused(store: str, run_cli, tmp_path: Path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")

    result = run_cli("export", "-o", str(blocker / "seed.md"), "--store", store)

    assert result.code == 2
    assert result.err == f"drift: -o {blocker / 'seed.md'}: {blocker} is not a folder\n"


def test_output_onto_the_store_itself_is_refused(store: str, run_cli) -> None:
    before = Path(store).read_bytes()

    result = run_cli("export", "-o", store, "--store", store)

    assert result.code == 2
    assert result.err == f"drift: -o {store}: that is the store itself; choose another file\n"
    assert Path(store).read_bytes() == before


def test_a_store_of_several_projects_exports_the_portfolio(two_project_store: str, run_cli) -> None:
    result = run_cli("export", "--store", two_project_store)

    assert result.code == 0, result.err
    assert result.out.startswith("# Portfolio: 2 projects\n")
    headings = [line for line in result.out.split("\n") if line.startswith("## ")]
    assert headings == ["## 2023年度襄垣县城镇老旧小区改造项目", "## 另一个项目"]


def test_summary_prints_only_the_portfolio_table(two_project_store: str, run_cli) -> None:
    result = run_cli("export", "--summary", "--store", two_project_store)

    tokens = MarkdownIt("commonmark").enable("table").parse(result.out)
    assert [token.type for token in tokens if token.type.endswith("_open") and token.level == 0] == [
        "heading_open",
        "table_open",
        "paragraph_open",  # OTHER-1's as-of date 2023-06-30 leaves out the sample's allocations and dates after it
    ]
    assert result.out.rstrip().splitlines()[-1] == ("1 project has records after its as-of date, not counted: OTHER-1")
    assert sum(1 for token in tokens if token.type == "tr_open") == 3
    rows = [line for line in result.out.split("\n") if line.startswith(f"| {SEED_CODE}") or line.startswith("| OTHER")]
    assert "+89" in rows[0] and "2023-09-28" in rows[0]
    assert "+30" in rows[1] and "2023-06-30" in rows[1]


def test_project_picks_one_project_of_several(two_project_store: str, run_cli) -> None:
    result = run_cli("export", "--project", "OTHER-1", "--store", two_project_store)

    assert result.code == 0, result.err
    assert result.out.startswith("# 另一个项目\n")
    assert "- **As of**: 2023-06-30" in result.out


def test_the_report_of_a_portfolio_needs_a_project(two_project_store: str, run_cli) -> None:
    result = run_cli("export", "--template", "report", "--store", two_project_store)

    assert result.code == 2
    assert result.err == (
        "drift: the report template covers one project: choose it with --project CODE"
        f" (2 projects in {two_project_store})\n"
    )
    chosen = run_cli("export", "--template", "report", "--project", "OTHER-1", "--store", two_project_store)
    assert chosen.code == 0 and chosen.out.startswith("# 另一个项目: performance monitoring analysis report\n")


def test_as_of_an_earlier_date_counts_only_what_had_happened(store: str, run_cli) -> None:
    result = run_cli("export", "--as-of", "2023-07-25", "--store", store)

    assert result.code == 0, result.err
    assert "- **As of**: 2023-07-25" in result.out
    assert "| **Total** | 589.20 | 507.20 | 0.00 |" in result.out


@pytest.mark.parametrize("bad", ["2023-02-30", "28.9.2023", "yesterday"])
def test_a_bad_as_of_date_is_a_one_line_error(store: str, run_cli, bad: str) -> None:
    result = run_cli("export", "--as-of", bad, "--store", store)

    assert result.code == 2
    assert result.err.startswith("drift: --as-of: ") and result.err.count("\n") == 1
    assert result.out == ""


def test_an_unknown_project_is_a_one_line_error(store: str, run_cli) -> None:
    result = run_cli("export", "--project", "NOPE", "--store", store)

    assert result.code == 2
    assert result.err == f"drift: no project NOPE in {store}\n"


def test_an_empty_store_has_nothing_to_export(tmp_path: Path, run_cli) -> None:
    path = str(tmp_path / "store.json")
    run_cli("init", "--empty", "--store", path)

    result = run_cli("export", "--store", path)

    assert result.code == 2
    assert result.err == f"drift: no projects in {path} yet\n"


def test_summary_and_template_cannot_be_combined(store: str, run_cli) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli("export", "--summary", "--template", "report", "--store", store)

    assert exit_info.value.code == 2


def test_an_as_of_date_typed_as_offices_write_it_is_that_day(store: str, run_cli) -> None:
    result = run_cli("export", "--as-of", "2023年7月25日", "--store", store)

    assert result.code == 0, result.err
    assert "- **As of**: 2023-07-25" in result.out
