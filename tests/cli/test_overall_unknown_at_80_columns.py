"""At 80 columns `drift status` keeps the unknown parts beside a portfolio light whole: the names give way."""

from __future__ import annotations

from pathlib import Path


def test_the_overall_cell_keeps_the_word_unknown_at_80_columns(tmp_path: Path, run_cli, monkeypatch) -> None:
    store = str(tmp_path / "store.json")
    assert run_cli("--store", store, "init").code == 0
    assert (
        run_cli(
            "--store",
            store,
            "new",
            "--code",
            "X2",
            "--name",
            "NoPhases",
            "--year",
            "2023",
            "--annual-budget",
            "100",
            "--source",
            "local=100",
            "--status-date",
            "2023-06-30",
        ).code
        == 0
    )
    assert (
        run_cli(
            "--store", store, "pay", "--project", "X2", "--date", "2023-06-01", "--source", "local", "--amount", "50"
        ).code
        == 0
    )
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli("--store", store, "--lang", "en", "status")
    row = " ".join(line for line in result.out.splitlines() if line.startswith("X2") or line.startswith(" "))
    x2 = next(line for line in result.out.splitlines() if line.startswith("X2"))
    assert "unknown" in x2 or "unknown" in row, result.out
