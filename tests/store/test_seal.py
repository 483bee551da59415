"""A save seals the projects it checked, and a reader skips the checks only for those very bytes; read again, only the
lines that changed are read."""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest

from store import layout, tables
from store.edits import add_payment
from store.errors import ValidationError
from store.model import Project
from store.persist import Store
from store.tables import SEAL, decode_file, seal
from tests.conftest import CliRunner

PAY = ("pay", "--date", "2023-10-01", "--source", "central", "--amount", "1", "--by", "tester")


def sealed_store(store_path: Path, run_cli: CliRunner) -> bytes:
    """The sample store after one `drift pay`, as drift wrote and sealed it."""
    assert run_cli(*PAY, "--store", str(store_path)).code == 0
    return store_path.read_bytes()


def recorded_seal(raw: bytes) -> str:
    return json.loads(raw)["_meta"]["1"][SEAL]


def forged(raw: bytes) -> tuple[bytes, bytes, bytes]:
    """The sealed store with its first budget as a JSON number, which only the check pass refuses, under a seal
    recomputed for the changed bytes; the bytes with the old seal; and the figure."""
    amount = re.search(rb'"annual_budget":"([0-9.]+)"', raw)
    assert amount is not None
    lines = layout.split(raw.replace(amount[0], b'"annual_budget":' + amount[1], 1))
    assert lines is not None
    return (
        lines.raw.replace(recorded_seal(raw).encode(), seal(lines.parsed()["projects"]).encode()),
        lines.raw,
        amount[1],
    )


def test_a_save_records_the_seal_of_the_projects_it_wrote(store_path: Path, run_cli: CliRunner) -> None:
    raw = sealed_store(store_path, run_cli)

    lines = layout.split(raw)

    assert lines is not None
    assert recorded_seal(raw) == seal(lines.parsed()["projects"])
    assert len(recorded_seal(raw)) == 32


def test_a_store_made_by_create_is_not_sealed_so_its_first_read_checks_everything(store_path: Path) -> None:
    assert SEAL not in json.loads(store_path.read_bytes())["_meta"]["1"]


@pytest.mark.parametrize(
    ("edit", "field", "reason"),
    [
        ('"amount":"', '"amount":"-', "must not be negative"),
        ('"amount":"', '"amount":"1e', "is not an amount"),
        ('"code":', '"colour":"red","code":', "unknown field 'colour'"),
        ('"budget_year":2023', '"budget_year":"2023"', "must be a whole number"),
        ('"planned_start":"2023-', '"planned_start":"2023/', "is not a date in the form YYYY-MM-DD"),
    ],
)
def test_a_hand_edit_under_the_old_seal_is_checked_in_full_and_refused(
    store_path: Path, run_cli: CliRunner, edit: str, field: str, reason: str
) -> None:
    raw = sealed_store(store_path, run_cli).decode()
    assert edit in raw
    store_path.write_text(raw.replace(edit, field, 1), encoding="utf-8")  # the _meta seal left as it was

    for command in (("list",), PAY):
        result = run_cli(*command, "--store", str(store_path))

        assert result.code == 2
        assert reason in result.err and f"{store_path}: projects[1]" in result.err


def test_a_sealed_document_is_built_without_the_checks_and_an_unsealed_one_is_checked(
    store_path: Path, run_cli: CliRunner
) -> None:
    # Reading the forged store proves the checks were skipped for sealed bytes, and only for them.
    forged_bytes, unsealed, amount = forged(sealed_store(store_path, run_cli))

    portfolio, _, _ = decode_file(forged_bytes, store_path)

    assert str(portfolio.projects[0].funding.annual_budget) == amount.decode()
    with pytest.raises(ValidationError, match=r"projects\[1\]\.funding\.annual_budget: .*must be a decimal string"):
        decode_file(unsealed, store_path)  # the seal of the bytes drift wrote does not cover these


def test_drift_validate_checks_every_project_whatever_the_seal_says(store_path: Path, run_cli: CliRunner) -> None:
    store_path.write_bytes(forged(sealed_store(store_path, run_cli))[0])

    listed = run_cli("list", "--store", str(store_path))
    validated = run_cli("validate", "--store", str(store_path))

    assert listed.code == 0  # the forged seal is taken at its word by an ordinary read ...
    assert validated.code == 2  # ... never by validate
    assert "projects[1].funding.annual_budget" in validated.err and "must be a decimal string" in validated.err


def test_a_store_sealed_and_read_again_gives_the_same_projects(store_path: Path, run_cli: CliRunner) -> None:
    before = Store(store_path).load()  # unsealed: every check

    sealed_store(store_path, run_cli)
    after = Store(store_path).load()  # sealed: built only

    assert [p.code for p in after.projects] == [p.code for p in before.projects]
    assert after.projects[0].funding.payments[:-1] == before.projects[0].funding.payments
    assert after.projects[0].phases == before.projects[0].phases
    assert after.projects[0].indicators == before.projects[0].indicators


def test_a_save_after_another_reads_again_only_the_project_the_other_changed(
    tmp_path: Path, sample_projects: tuple[Project, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = sample_projects[0]
    others = [dataclasses.replace(seed, code=f"{seed.code}-{n}") for n in range(1, 5)]
    path = tmp_path / "store.json"
    Store(path).create([seed, *others])
    mine, theirs = Store(path), Store(path)
    mine.load()
    theirs.load()
    theirs.apply([add_payment(others[2].code, date="2023-10-08", source="local", amount="7")], by="b", at=NOW)
    read: list[str] = []
    decode = tables.decode_project

    def reading(doc: object, **options: bool) -> Project:
        project = decode(doc, **options)
        if isinstance(doc, memoryview):  # a line of the file; a save also checks the document it writes, as a dict
            read.append(project.code)
        return project

    monkeypatch.setattr(tables, "decode_project", reading)

    saved = mine.apply([add_payment(seed.code, date="2023-10-09", source="local", amount="5")], by="a", at=NOW)

    assert read == [others[2].code]  # the one the other save changed: the rest were read from the same bytes before
    assert [
        p.funding.payments[-1].amount for p in saved.portfolio.projects if p.code in (seed.code, others[2].code)
    ] == [
        Decimal("5"),
        Decimal("7"),
    ]
    fresh = Store(path).load()  # reading every line
    assert {p.code: p for p in fresh.projects} == {p.code: p for p in saved.portfolio.projects}


NOW = pendulum.datetime(2023, 10, 9, 9, 0, tz="Asia/Shanghai")
