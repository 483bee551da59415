"""`drift` on stores: corrupt files refused in one line and left untouched; init, import, validate, list."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from store.persist import Store

SEED_CODE = "2306-140423-89-01-317509"


def snapshot(path: Path) -> Any:
    """What is on disk at path, to compare before and after a command."""
    if path.is_dir():
        return sorted(p.name for p in path.iterdir())
    return path.read_bytes() if path.exists() else None


def assert_one_line_error(err: str, *needles: str) -> None:
    assert err.startswith("drift: "), err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, f"{needle!r} not in {err!r}"


def store_json(store_path: Path) -> dict[str, Any]:
    return json.loads(store_path.read_bytes())


def rewrite(store_path: Path, change: Callable[[dict[str, Any]], Any]) -> Path:
    data = store_json(store_path)
    change(data)
    store_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return store_path


def write(path: Path, payload: bytes) -> Path:
    path.write_bytes(payload)
    return path


def truncated(store_path: Path) -> Path:
    raw = store_path.read_bytes()
    return write(store_path, raw[: len(raw) // 2])


def as_directory(store_path: Path) -> Path:
    store_path.unlink()
    store_path.mkdir()
    return store_path


def bad_allocation(data: dict[str, Any]) -> None:
    data["projects"]["1"]["funding"]["allocations"][2]["amount"] = "-5"


MISSING_META = "_meta: missing the schema and revision record"

# (case, how to spoil a valid store, words the one-line error must hold)
CORRUPT: list[tuple[str, Callable[[Path], Path], str]] = [
    ("missing_file", lambda p: (p.unlink(), p)[1], "no such"),
    ("empty_file", lambda p: write(p, b""), "file is empty"),
    ("whitespace_only", lambda p: write(p, b" \n\t\n"), "file is empty"),
    ("truncated_json", truncated, "not valid JSON"),
    ("not_json", lambda p: write(p, b"projects: none\n"), "not valid JSON"),
    ("nul_bytes", lambda p: write(p, b"\x00" * 64), "not valid JSON"),
    ("non_utf8_bytes", lambda p: write(p, b"\xff\xfe{\x00}"), "not UTF-8 text (byte 0xff at offset 0)"),
    ("json_array", lambda p: write(p, b"[]"), "must be a JSON object"),
    ("json_string", lambda p: write(p, b'"store"'), "must be a JSON object"),
    ("missing_meta", lambda p: rewrite(p, lambda d: d.pop("_meta")), MISSING_META),
    ("meta_not_a_table", lambda p: rewrite(p, lambda d: d.update(_meta=[1])), "_meta: missing the schema"),
    (
        "newer_schema",
        lambda p: rewrite(p, lambda d: d["_meta"]["1"].update(schema=99)),
        "_meta.schema: schema 99 is newer than this drift understands",
    ),
    (
        "schema_as_a_string",
        lambda p: rewrite(p, lambda d: d["_meta"]["1"].update(schema="1")),
        "_meta.schema: '1' is not a schema version",
    ),
    (
        "negative_revision",
        lambda p: rewrite(p, lambda d: d["_meta"]["1"].update(revision=-1)),
        "_meta.revision: -1 is not a revision number",
    ),
    (
        "revision_as_a_float",
        lambda p: rewrite(p, lambda d: d["_meta"]["1"].update(revision=1.5)),
        "_meta.revision: 1.5 is not a revision number",
    ),
    ("projects_not_a_table", lambda p: rewrite(p, lambda d: d.update(projects=[])), "projects: must be a table"),
    (
        "project_with_a_bad_field",
        lambda p: rewrite(p, bad_allocation),
        "projects[1].funding.allocations[2].amount: '-5' must not be negative",
    ),
    (
        "project_with_an_escape_in_its_name",
        lambda p: rewrite(p, lambda d: d["projects"]["1"].update(name="\x1b]0;pwned\x07")),
        "projects[1].name: contains the control character U+001B",
    ),
    (
        "project_code_twice",
        lambda p: rewrite(p, lambda d: d["projects"].update({"2": d["projects"]["1"]})),
        "projects[2].code: project code '2306-140423-89-01-317509' appears twice",
    ),
    ("store_path_is_a_directory", as_directory, "is a directory"),
]
CORRUPT_PARAMS = [pytest.param(spoil, needle, id=case) for case, spoil, needle in CORRUPT]


@pytest.mark.parametrize(("spoil", "needle"), CORRUPT_PARAMS)
@pytest.mark.parametrize("command", [["list"], ["list", "--json"], ["validate"]])
def test_corrupt_store_is_refused_with_one_line_and_left_untouched(
    store_path: Path, run_cli, spoil: Callable[[Path], Path], needle: str, command: list[str]
) -> None:
    path = spoil(store_path)
    before = snapshot(path)

    result = run_cli(*command, "--store", str(path))

    assert result.code == 2
    assert result.out == ""
    assert_one_line_error(result.err, str(path), needle)
    assert snapshot(path) == before


@pytest.mark.parametrize(("spoil", "needle"), CORRUPT_PARAMS)
def test_validating_a_corrupt_store_named_as_a_file_is_refused_with_one_line(
    store_path: Path, run_cli, spoil: Callable[[Path], Path], needle: str
) -> None:
    path = spoil(store_path)
    before = snapshot(path)

    result = run_cli("validate", str(path))

    assert result.code == 2
    # without _meta nothing says it is a store, so it is read as an import file, which lacks "schema"
    assert_one_line_error(result.err, str(path), "schema: None" if needle == MISSING_META else needle)
    assert snapshot(path) == before


@pytest.mark.parametrize(("spoil", "needle"), [p for p in CORRUPT_PARAMS if p.id != "missing_file"])
@pytest.mark.parametrize("replace", [False, True], ids=["import", "import_replace"])
def test_importing_into_a_corrupt_store_is_refused_and_leaves_it_untouched(
    store_path: Path, sample_file: Path, run_cli, spoil: Callable[[Path], Path], needle: str, replace: bool
) -> None:
    path = spoil(store_path)
    before = snapshot(path)

    result = run_cli("import", str(sample_file), "--store", str(path), *(["--replace"] if replace else []))

    assert result.code == 2
    assert_one_line_error(result.err, str(path))
    assert snapshot(path) == before
    assert not list(path.parent.glob(".store.json.*.tmp"))


@pytest.mark.parametrize(("spoil", "needle"), [p for p in CORRUPT_PARAMS if p.id != "missing_file"])
def test_init_over_a_corrupt_store_is_refused_and_leaves_it_untouched(
    store_path: Path, run_cli, spoil: Callable[[Path], Path], needle: str
) -> None:
    path = spoil(store_path)
    before = snapshot(path)

    result = run_cli("init", "--store", str(path))

    assert result.code == 2
    assert_one_line_error(result.err, str(path))
    assert snapshot(path) == before


def test_importing_into_a_store_path_that_is_a_directory_says_so(store_path: Path, sample_file: Path, run_cli) -> None:
    path = as_directory(store_path)

    result = run_cli("import", str(sample_file), "--store", str(path))

    assert result.code == 2
    assert_one_line_error(result.err, str(path), "directory")


def test_a_corrupt_store_gives_one_line_and_no_traceback_from_a_real_process(store_path: Path) -> None:
    truncated(store_path)
    before = store_path.read_bytes()

    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "list", "--store", str(store_path)],
        capture_output=True,
        text=True,
        timeout=30,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )

    assert result.returncode == 2
    assert_one_line_error(result.stderr, str(store_path), "not valid JSON")
    assert store_path.read_bytes() == before


def test_a_store_with_a_non_numeric_document_id_is_refused_before_any_write(
    store_path: Path, sample_file: Path, run_cli
) -> None:
    rewrite(store_path, lambda d: d.update(projects={"first": d["projects"]["1"]}))
    before = store_path.read_bytes()

    listed = run_cli("list", "--store", str(store_path))
    imported = run_cli("import", str(sample_file), "--replace", "--store", str(store_path))

    assert store_path.read_bytes() == before
    assert imported.code == 2
    assert_one_line_error(imported.err, str(store_path), "projects")
    assert listed.code == 2


def test_init_under_a_path_that_goes_through_a_file_is_refused_with_one_line(tmp_path: Path, run_cli) -> None:
    (tmp_path / "plain-file").write_text("x")
    path = tmp_path / "plain-file" / "store.json"

    result = run_cli("init", "--store", str(path))

    assert result.code == 2
    assert_one_line_error(result.err, "plain-file")


def test_default_store_under_an_xdg_data_home_that_is_a_file_is_refused_with_one_line(tmp_path: Path, run_cli) -> None:
    (tmp_path / "data").write_text("x")

    result = run_cli("list", environ={"XDG_DATA_HOME": str(tmp_path / "data")})

    assert result.code == 2
    assert_one_line_error(result.err, str(tmp_path / "data"))


# --- everyday use ------------------------------------------------------------------------------------------


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["--help"], environ={})

    assert exited.value.code == 0
    out = capsys.readouterr().out
    for command in ("init", "import", "validate", "list"):
        assert f"\n    {command} " in out or f"\n  {command} " in out, out


@pytest.mark.parametrize("where", ["before", "after"])
def test_store_option_works_before_and_after_the_subcommand(store_path: Path, run_cli, where: str) -> None:
    argv = ["--store", str(store_path), "list"] if where == "before" else ["list", "--store", str(store_path)]

    result = run_cli(*argv)

    assert result.code == 0, result.err
    assert SEED_CODE in result.out


def test_drift_store_environment_variable_is_honoured(store_path: Path, tmp_path: Path, run_cli) -> None:
    result = run_cli("list", "--json", environ={"DRIFT_STORE": str(store_path), "XDG_DATA_HOME": str(tmp_path / "x")})

    assert result.code == 0, result.err
    assert [row["code"] for row in json.loads(result.out)] == [SEED_CODE]
    assert not (tmp_path / "x").exists()


def test_store_option_wins_over_the_environment_variable(store_path: Path, tmp_path: Path, run_cli) -> None:
    result = run_cli("list", "--store", str(store_path), environ={"DRIFT_STORE": str(tmp_path / "elsewhere.json")})

    assert result.code == 0, result.err
    assert SEED_CODE in result.out


def test_default_store_is_created_from_the_sample_on_first_use_with_a_note(tmp_path: Path, run_cli) -> None:
    environ = {"XDG_DATA_HOME": str(tmp_path / "data")}
    default = tmp_path / "data" / "drift" / "store.json"

    first = run_cli("list", environ=environ)
    second = run_cli("list", environ=environ)

    assert first.code == 0, first.err
    assert SEED_CODE in first.out
    assert first.err == (
        f"showing the bundled sample: created {default} from it (drift import FILE adds your projects; --store or "
        "the config file names another store)\n"
    )
    assert Store(default).load().revision == 1
    assert second.code == 0
    assert second.err == ""
    assert SEED_CODE in second.out


def test_importing_a_project_already_in_the_store_is_refused_and_leaves_it_untouched(
    store_path: Path, sample_file: Path, run_cli
) -> None:
    before = store_path.read_bytes()

    result = run_cli("import", str(sample_file), "--store", str(store_path))

    assert result.code == 2
    assert_one_line_error(result.err, SEED_CODE, str(store_path), "--replace")
    assert store_path.read_bytes() == before


def test_import_replace_overwrites_the_project_with_the_same_code(
    store_path: Path, sample_doc: dict[str, Any], tmp_path: Path, run_cli
) -> None:
    sample_doc["projects"][0]["name"] = "改过的名字"
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")

    result = run_cli("import", str(edited), "--replace", "--store", str(store_path), environ={"USER": "alice"})

    assert result.code == 0, result.err
    portfolio = Store(store_path).load()
    assert portfolio.revision == 2
    assert [(p.code, p.name) for p in portfolio.projects] == [(SEED_CODE, "改过的名字")]


def test_import_adds_a_new_project_next_to_those_there(
    store_path: Path, sample_doc: dict[str, Any], tmp_path: Path, run_cli
) -> None:
    sample_doc["projects"][0]["code"] = "NEW-1"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")

    result = run_cli("import", str(other), "--store", str(store_path), environ={"USER": "alice"})

    assert result.code == 0, result.err
    assert "revision 2" in result.out
    assert [p.code for p in Store(store_path).load().projects] == [SEED_CODE, "NEW-1"]


def test_import_into_a_missing_store_creates_it(tmp_path: Path, sample_file: Path, run_cli) -> None:
    path = tmp_path / "new.json"

    result = run_cli("import", str(sample_file), "--store", str(path))

    assert result.code == 0, result.err
    portfolio = Store(path).load()
    assert portfolio.revision == 1
    assert [p.code for p in portfolio.projects] == [SEED_CODE]


def test_import_into_a_missing_folder_is_refused_with_one_line(tmp_path: Path, sample_file: Path, run_cli) -> None:
    path = tmp_path / "nowhere" / "new.json"

    result = run_cli("import", str(sample_file), "--store", str(path))

    assert result.code == 2
    assert_one_line_error(result.err, str(path), "does not exist")
    assert not path.parent.exists()


def test_importing_a_bad_file_is_refused_with_its_path_and_leaves_the_store_untouched(
    store_path: Path, sample_doc: dict[str, Any], tmp_path: Path, run_cli
) -> None:
    sample_doc["projects"][0]["code"] = "NEW-1"
    sample_doc["projects"][0]["funding"]["allocations"][2]["amount"] = "-5"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(sample_doc), encoding="utf-8")
    before = store_path.read_bytes()

    result = run_cli("import", str(bad), "--store", str(store_path))

    assert result.code == 2
    assert result.err == f"drift: {bad}: projects[0].funding.allocations[2].amount: '-5' must not be negative\n"
    assert store_path.read_bytes() == before


def test_validate_accepts_the_sample_import_file(sample_file: Path, run_cli) -> None:
    result = run_cli("validate", str(sample_file))

    assert result.code == 0, result.err
    assert result.out.strip() == f"{sample_file}: valid, 1 project"


def test_validate_accepts_a_store_named_as_a_file_and_the_store_itself(store_path: Path, run_cli) -> None:
    as_file = run_cli("validate", str(store_path))
    as_store = run_cli("validate", "--store", str(store_path))

    assert (as_file.code, as_store.code) == (0, 0)
    assert as_file.out.strip() == as_store.out.strip() == f"{store_path}: valid, 1 project"


def test_validate_changes_nothing(store_path: Path, run_cli) -> None:
    before = snapshot(store_path.parent)
    content = store_path.read_bytes()

    run_cli("validate", "--store", str(store_path))

    assert snapshot(store_path.parent) == before
    assert store_path.read_bytes() == content


def test_list_json_gives_code_name_and_annual_budget(store_path: Path, run_cli) -> None:
    result = run_cli("list", "--json", "--store", str(store_path))

    assert result.code == 0, result.err
    (row,) = json.loads(result.out)
    assert row["code"] == SEED_CODE
    assert row["name"] == "2023年度襄垣县城镇老旧小区改造项目"
    assert row["annual_budget"] == "589.20"
    assert row["budget_year"] == 2023
    assert row["status_date"] == "2023-09-28"


def test_list_of_an_empty_store_says_so(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "empty.json"
    assert run_cli("init", "--empty", "--store", str(path)).code == 0

    result = run_cli("list", "--store", str(path))

    assert result.code == 0
    assert f"no projects in {path} yet" in result.out


def test_init_creates_the_store_from_the_sample(tmp_path: Path, run_cli) -> None:
    path = tmp_path / "deep" / "er" / "store.json"

    result = run_cli("init", "--store", str(path))

    assert result.code == 0, result.err
    assert [p.code for p in Store(path).load().projects] == [SEED_CODE]


def test_list_into_a_pipe_is_one_tab_separated_line_per_project_never_wrapped(store_path: Path, run_cli) -> None:
    long_name = "某县" + "老旧小区改造" * 12
    new = ("new", "--code", "P-2", "--name", long_name, "--year", "2024", "--store", str(store_path), "--by", "ann")
    assert run_cli(*new).code == 0

    result = run_cli("list", "--store", str(store_path), "--lang", "en")

    assert result.out.splitlines() == [
        "Code\tName\tDepartment\tYear\tStatus date\tAnnual budget (万元)",
        "2306-140423-89-01-317509\t2023年度襄垣县城镇老旧小区改造项目\t襄垣县住房和城乡建设管理局\t2023\t2023-09-28\t589.20",
        f"P-2\t{long_name}\t—\t2024\t—\tnot said",
    ]


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_the_version_is_one_line_with_either_flag(flag: str) -> None:
    result = subprocess.run([sys.executable, "-m", "tui.cli", flag], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout) == (0, f"drift {version('drift-monitor')}\n")
