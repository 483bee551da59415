"""`drift status` prints the execution curve's points as a table; `--as-of` moves them."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def store(tmp_path: Path, run_cli) -> str:
    """A store made by `drift init` from the bundled sample (589.20 万元 budgeted, nothing paid, status 2023-09-28)."""
    path = tmp_path / "store.json"
    assert run_cli("init", "--store", str(path)).code == 0
    return str(path)


def rows(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines() if line.startswith("2023-")]


def test_one_projects_status_ends_its_money_with_the_curves_points(store: str, run_cli) -> None:
    out = run_cli("status", "--store", store).out

    assert "Paid of the annual budget against time progress, 2023" in out
    # Allocated: 500 of 589.20 on 05-15 (84.86 %), all of it by 07-27; nothing paid; time 31/365 … 271/365 days.
    assert rows(out) == [
        ["2023-01", "2023-01-31", "0.00", "8.49", "0.00"],
        ["2023-02", "2023-02-28", "0.00", "16.16", "0.00"],
        ["2023-03", "2023-03-31", "0.00", "24.66", "0.00"],
        ["2023-04", "2023-04-30", "0.00", "32.88", "0.00"],
        ["2023-05", "2023-05-31", "0.00", "41.37", "84.86"],
        ["2023-06", "2023-06-30", "0.00", "49.59", "84.86"],
        ["2023-07", "2023-07-31", "0.00", "58.08", "100.00"],
        ["2023-08", "2023-08-31", "0.00", "66.58", "100.00"],
        ["2023-09", "2023-09-28", "(as", "of)", "0.00", "74.25", "100.00"],
    ]


def test_an_earlier_as_of_date_ends_the_curve_there(store: str, run_cli) -> None:
    out = run_cli("status", "--as-of", "2023-03-31", "--store", store).out

    assert [row[:2] for row in rows(out)] == [
        ["2023-01", "2023-01-31"],
        ["2023-02", "2023-02-28"],
        [
            "2023-03",
            "2023-03-31",
        ],
    ]
    assert rows(out)[-1][2:4] == ["(as", "of)"]
