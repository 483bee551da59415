"""`drift validate A B C` checks every file given, says of each whether it is valid, and exits 2 if any is not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tui.cli import build_parser


def spoiled(tmp_path: Path, sample_doc: dict[str, Any], name: str, **fields: Any) -> Path:
    sample_doc["projects"][0].update(fields)
    path = tmp_path / name
    path.write_text(json.dumps(sample_doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_every_file_is_checked_though_the_first_is_bad(
    run_cli, tmp_path: Path, sample_doc: dict[str, Any], sample_file: Path, store_path: Path
) -> None:
    typed_date = spoiled(tmp_path, sample_doc, "typed.json", status_date="2023/9/28")
    missing = tmp_path / "missing.json"
    store_bytes = store_path.read_bytes()

    result = run_cli("validate", str(typed_date), str(sample_file), str(missing), str(store_path))

    assert result.code == 2
    assert result.err.splitlines() == [
        f"drift: {typed_date}: projects[0].status_date: '2023/9/28' is not a date: write it as 2023-09-28",
        f"drift: {missing}: no such file",
        "drift: 2 of 4 files are invalid",
    ]
    assert result.out.splitlines() == [f"{sample_file}: valid, 1 project", f"{store_path}: valid, 1 project"]
    assert store_path.read_bytes() == store_bytes


def test_files_that_are_all_valid_exit_0_with_a_line_each(run_cli, sample_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.json"
    copy.write_bytes(sample_file.read_bytes())

    result = run_cli("validate", str(sample_file), str(copy))

    assert result.code == 0, result.err
    assert result.out.splitlines() == [f"{sample_file}: valid, 1 project", f"{copy}: valid, 1 project"]
    assert result.err == ""


def test_a_single_bad_file_is_one_line_as_every_command_error(
    run_cli, tmp_path: Path, sample_doc: dict[str, Any]
) -> None:
    bad = spoiled(tmp_path, sample_doc, "bad.json", budget_year="2023")

    result = run_cli("validate", str(bad))

    assert result.code == 2
    assert result.out == ""
    assert result.err.count("\n") == 1 and result.err.startswith(f"drift: {bad}: projects[0].budget_year")


def test_the_help_says_what_validate_checks(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["validate", "--help"])

    help_text = " ".join(capsys.readouterr().out.split()).lower()
    assert "check the store, or every file given, without changing anything; exit 2 if any is bad" in help_text
    assert "import or store files to check, each reported on its own line (default: the store" in help_text
