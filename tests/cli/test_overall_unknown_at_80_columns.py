"""At 80 columns `drift status` keeps the unknown parts beside a portfolio light whole: the names give way."""

from __future__ import annotations

from pathlib import Path


def test_the_overall_cell_keeps_the_word_unknown_at_80_columns(
    store_with_unknown_parts: Path, run_cli, monkeypatch
) -> None:
    store = str(store_with_unknown_parts)
    monkeypatch.setenv("COLUMNS", "80")
    result = run_cli("--store", store, "--lang", "en", "status")
    row = " ".join(line for line in result.out.splitlines() if line.startswith("X2") or line.startswith(" "))
    x2 = next(line for line in result.out.splitlines() if line.startswith("X2"))
    assert "unknown" in x2 or "unknown" in row, result.out
