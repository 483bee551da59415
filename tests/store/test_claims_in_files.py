"""Claims in an import file: each kind's value, subject and tolerance checked, the rest kept as written."""

from __future__ import annotations

from typing import Any

import pytest

from store.codec import decode_project, encode_project
from store.errors import ValidationError
from store.model import ClaimKind, Likelihood
from store.values import parse_claim_value
from store.values import parse_date as day

Doc = dict[str, Any]


def with_claim(sample_doc: Doc, **fields: Any) -> Doc:
    project = sample_doc["projects"][0]
    project["claims"] = [{"id": "C1", "kind": "execution_rate", "value": "100%", "date": "2023-09-28", **fields}]
    return project


def test_a_claim_is_kept_as_written_and_round_trips(sample_doc: Doc) -> None:
    project = with_claim(sample_doc, subject="central", reference="自评报告 第二部分", tolerance="0.5")
    decoded = decode_project(project)
    [claim] = decoded.claims
    assert (claim.kind, claim.value, claim.date, claim.subject) == (
        ClaimKind.EXECUTION_RATE,
        "100%",
        day("2023-09-28"),
        "central",
    )
    assert str(claim.tolerance) == "0.5"
    assert encode_project(decoded)["claims"] == project["claims"]


@pytest.mark.parametrize(
    ("fields", "path", "words"),
    [
        ({"value": "一百"}, "claims[0].value", 'is not a rate such as "100%"'),
        ({"kind": "likelihood", "subject": "I1", "value": "大概"}, "claims[0].value", "is not a likelihood"),
        ({"kind": "completion_date", "value": "2023/12/31"}, "claims[0].value", "not a date"),
        ({"kind": "score", "value": "101"}, "claims[0].value", "is not a score out of 100"),
        ({"kind": "indicator_value", "value": " "}, "claims[0].value", "empty"),
        ({"subject": "nope"}, "claims[0].subject", "'nope' is not a funding source of this project"),
        ({"subject": "self_raised"}, "claims[0].subject", "(central, provincial, local)"),
        ({"kind": "completion_date", "value": "2023-12-31", "subject": "I1"}, "claims[0].subject", "(feasibility,"),
        ({"kind": "indicator_value", "value": "2"}, "claims[0].subject", "is missing: a claim of indicator_value"),
        (
            {"kind": "score", "value": "85", "subject": "central"},
            "claims[0].subject",
            "is not an indicator of this project, or nothing for the total",
        ),
        ({"kind": "likelihood", "value": "certain", "subject": "I1", "tolerance": "1"}, "claims[0].tolerance", ""),
        ({"kind": "guess"}, "claims[0].kind", "is not one of execution_rate"),
        ({"tolerance": "-1"}, "claims[0].tolerance", "not negative"),
        ({"tolerance": "100.5"}, "claims[0].tolerance", "more than a claim of execution_rate can be allowed (20)"),
        ({"kind": "completion_date", "value": "2023-12-31", "tolerance": "1.5"}, "claims[0].tolerance", "whole"),
        ({"date": "2022-12-31"}, "claims[0].date", "before the budget year 2023"),
        ({"value": "9" * 40 + "%"}, "claims[0].value", "is not a rate"),
        ({"id": " "}, "claims[0].id", "is empty"),
    ],
)
def test_a_bad_claim_is_refused_with_its_path(sample_doc: Doc, fields: Doc, path: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        decode_project(with_claim(sample_doc, **fields))
    assert caught.value.path == path
    assert words in caught.value.message


def test_two_claims_with_one_id_are_refused(sample_doc: Doc) -> None:
    project = with_claim(sample_doc)
    project["claims"].append(dict(project["claims"][0]))
    with pytest.raises(ValidationError, match="used twice"):
        decode_project(project)


@pytest.mark.parametrize(
    ("kind", "text", "read"),
    [
        (ClaimKind.EXECUTION_RATE, "100%", 100),
        (ClaimKind.EXECUTION_RATE, "105.5 %", "105.5"),  # a rate may pass 100: overspending is claimed too
        (ClaimKind.ALLOCATION_RATE, "９５％", 95),
        (ClaimKind.SCORE, "85.81分", "85.81"),
        (ClaimKind.LIKELIHOOD, "有可能", Likelihood.POSSIBLE),
        (ClaimKind.LIKELIHOOD, "impossible", Likelihood.IMPOSSIBLE),
        (ClaimKind.COMPLETION_DATE, "2023-12-31", day("2023-12-31")),
        (ClaimKind.INDICATOR_VALUE, "≥95%", "≥95%"),
    ],
)
def test_a_claimed_value_is_read_for_its_kind(kind: ClaimKind, text: str, read: object) -> None:
    value = parse_claim_value(kind, text)
    assert str(value) == str(read)
