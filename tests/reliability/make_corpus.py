"""Writes corpus/: a small valid store spoiled one way per file, and EXPECTED.json; run it again after a schema change."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"

PROJECT: dict[str, Any] = {
    "code": "C-1",
    "name": "示例项目",
    "budget_year": 2023,
    "department": "某某局",
    "status_date": "2023-09-28",
    "funding": {
        "annual_budget": "100",
        "sources": [
            {"kind": "central", "name": "中央补助资金", "annual_budget": "60"},
            {"kind": "local", "name": "县级财政资金", "annual_budget": "40"},
        ],
        "allocations": [
            {"id": "A1", "date": "2023-05-15", "source": "central", "amount": "60", "document": "某财[2023]1号"}
        ],
        "payments": [{"id": "P1", "date": "2023-08-01", "source": "central", "amount": "10", "voucher": "记-1"}],
    },
    "phases": [
        {
            "id": "design",
            "name": "设计",
            "planned_start": "2023-03-01",
            "planned_end": "2023-05-31",
            "actual_start": "2023-03-05",
            "actual_end": "2023-06-10",
        },
        {
            "id": "build",
            "name": "施工",
            "planned_start": "2023-06-01",
            "planned_end": "2023-11-30",
            "predecessors": ["design"],
            "actual_start": "2023-06-15",
        },
    ],
    "indicators": [
        {
            "id": "I1",
            "level1": "产出指标",
            "level2": "数量指标",
            "level3": "改造小区数",
            "target": "2",
            "to_date": "1",
            "likelihood": "possible",
        }
    ],
}

STORE: dict[str, Any] = {"_meta": {"1": {"schema": 1, "revision": 1}}, "projects": {"1": PROJECT}, "history": {}}
"""The valid store every bad file starts from; valid_store.json beside this script holds it as is."""


def encoded(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n"


def spoiled(change: Callable[[dict[str, Any]], Any]) -> bytes:
    document = copy.deepcopy(STORE)
    change(document)
    return encoded(document)


def project(document: dict[str, Any]) -> dict[str, Any]:
    return document["projects"]["1"]


def payment(document: dict[str, Any]) -> dict[str, Any]:
    return project(document)["funding"]["payments"][0]


def phase(document: dict[str, Any], index: int) -> dict[str, Any]:
    return project(document)["phases"][index]


VALID = encoded(STORE)

# file name: (its bytes, [a fragment naming the field or place, a fragment of the reason])
CASES: dict[str, tuple[bytes, list[str]]] = {
    "truncated.json": (VALID[: len(VALID) // 2], ["line ", "not valid JSON (unexpected end of data"]),
    "empty.json": (b"", ["", "file is empty"]),
    "not-json.json": (b"projects: none\n", ["line 1 column 1", "not valid JSON"]),
    "nul-bytes.json": (b"\x00" * 64, ["line 1 column 1", "not valid JSON"]),
    "non-utf8.json": (VALID.replace("示例项目".encode(), b"caf\xe9"), ["offset", "not UTF-8 text (byte 0xe9"]),
    "top-level-array.json": (b"[]\n", ["", "the store must be a JSON object of tables"]),
    "missing-meta.json": (spoiled(lambda d: d.pop("_meta")), ["_meta", "missing the schema and revision record"]),
    "unknown-schema-version.json": (
        spoiled(lambda d: d["_meta"]["1"].update(schema=99)),
        ["_meta.schema", "schema 99 is newer than this drift understands"],
    ),
    "revision-as-text.json": (
        spoiled(lambda d: d["_meta"]["1"].update(revision="1")),
        ["_meta.revision", "'1' is not a revision number"],
    ),
    "name-not-text.json": (spoiled(lambda d: project(d).update(name=5)), ["projects[1].name", "5 must be text"]),
    "budget-year-as-text.json": (
        spoiled(lambda d: project(d).update(budget_year="2023")),
        ["projects[1].budget_year", "'2023' must be a whole number"],
    ),
    "funding-missing.json": (spoiled(lambda d: project(d).pop("funding")), ["projects[1].funding", "is required"]),
    "unknown-field.json": (
        spoiled(lambda d: project(d).update(colour="red")),
        ["projects[1]", "unknown field 'colour'"],
    ),
    "duplicate-phase-ids.json": (
        spoiled(lambda d: phase(d, 1).update(id="design", predecessors=[])),
        ["projects[1].phases[1].id", "'design' is used twice"],
    ),
    "duplicate-payment-ids.json": (
        spoiled(lambda d: project(d)["funding"]["payments"].append(dict(payment(d)))),
        ["projects[1].funding.payments[1].id", "'P1' is used twice"],
    ),
    "duplicate-project-codes.json": (
        spoiled(lambda d: d["projects"].update({"2": copy.deepcopy(project(d))})),
        ["projects[2].code", "project code 'C-1' appears twice"],
    ),
    "non-numeric-document-id.json": (
        spoiled(lambda d: d.update(projects={"first": project(d)})),
        ["projects[first]", "document id 'first' must be a whole number"],
    ),
    "february-30.json": (
        spoiled(lambda d: payment(d).update(date="2023-02-30")),
        ["projects[1].funding.payments[0].date", "'2023-02-30' is not a day in the calendar"],
    ),
    "date-in-another-format.json": (
        spoiled(lambda d: project(d).update(status_date="2023/09/28")),
        ["projects[1].status_date", "'2023/09/28' is not a date: write it as 2023-09-28"],
    ),
    "negative-money.json": (
        spoiled(lambda d: payment(d).update(amount="-10")),
        ["projects[1].funding.payments[0].amount", "'-10' must not be negative"],
    ),
    "non-numeric-money.json": (
        spoiled(lambda d: project(d)["funding"].update(annual_budget="lots")),
        ["projects[1].funding.annual_budget", "'lots' is not an amount"],
    ),
    "money-as-a-json-number.json": (
        spoiled(lambda d: project(d)["funding"].update(annual_budget=100.5)),
        ["projects[1].funding.annual_budget", "must be a decimal string"],
    ),
    "payment-before-the-budget-year.json": (
        spoiled(lambda d: payment(d).update(date="2021-12-31")),
        ["projects[1].funding.payments[0].date", "2021-12-31 is outside 2022–2024"],
    ),
    "actual-end-before-actual-start.json": (
        spoiled(lambda d: phase(d, 0).update(actual_end="2023-03-01")),
        ["projects[1].phases[0].actual_end", "2023-03-01 is before actual_start 2023-03-05"],
    ),
    "unknown-funding-source.json": (
        spoiled(lambda d: payment(d).update(source="federal")),
        ["projects[1].funding.payments[0].source", "'federal' is not a funding source of this project"],
    ),
    "payment-from-an-unlisted-source.json": (
        spoiled(lambda d: payment(d).update(source="provincial")),
        ["projects[1].funding.payments[0].source", "'provincial' is not a funding source of this project"],
    ),
    "percent-over-100.json": (
        spoiled(lambda d: phase(d, 1).update(percent_complete="120")),
        ["projects[1].phases[1].percent_complete", "'120' must be between 0 and 100"],
    ),
    "unknown-likelihood.json": (
        spoiled(lambda d: project(d)["indicators"][0].update(likelihood="maybe")),
        ["projects[1].indicators[0].likelihood", "'maybe' is not one of certain, possible, impossible"],
    ),
    "phases-in-a-cycle.json": (
        spoiled(lambda d: phase(d, 0).update(predecessors=["build"])),
        ["projects[1].phases[0].predecessors", "depends on itself through its predecessors"],
    ),
    "escape-sequence-in-name.json": (
        spoiled(lambda d: project(d).update(name="\x1b]52;c;ZXZpbA==\x07 \x1b[2J")),
        ["projects[1].name", "contains the control character U+001B"],
    ),
    "c1-control-in-voucher.json": (
        spoiled(lambda d: payment(d).update(voucher="\x9b31m记-1")),
        ["projects[1].funding.payments[0].voucher", "contains the control character U+009B"],
    ),
    "history-not-a-table.json": (
        spoiled(lambda d: d.update(history=[])),
        ["history", "must be a table of history entries"],
    ),
}


def main() -> None:
    CORPUS.mkdir(exist_ok=True)
    for old in CORPUS.glob("*.json"):
        old.unlink()
    for name, (payload, _) in CASES.items():
        (CORPUS / name).write_bytes(payload)
    expected = {name: fragments for name, (_, fragments) in CASES.items()}
    (CORPUS / "EXPECTED.json").write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (HERE / "valid_store.json").write_bytes(VALID)


if __name__ == "__main__":
    main()
