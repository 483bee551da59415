"""Each kind of bad field in an import file is refused with the file, the exact field path and why."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from store.codec import decode_project
from store.errors import ValidationError
from store.files import decode_import, read_import_file

Doc = dict[str, Any]


def project(doc: Doc) -> Doc:
    return doc["projects"][0]


def funding(doc: Doc) -> Doc:
    return project(doc)["funding"]


def phase(doc: Doc, index: int) -> Doc:
    return project(doc)["phases"][index]


def add_payment(doc: Doc, **fields: Any) -> None:
    funding(doc)["payments"] = [{"id": "P1", "date": "2023-10-08", "source": "local", "amount": "10", **fields}]


def second_project(doc: Doc) -> None:
    doc["projects"].append(json.loads(json.dumps(project(doc))))


# (what is wrong, how to break the sample, the exact path, words the message must hold)
CASES: list[tuple[str, Callable[[Doc], Any], str, str]] = [
    (
        "missing_required_field",
        lambda d: project(d).pop("budget_year"),
        "projects[0].budget_year",
        "is required",
    ),
    ("number_where_text_is_expected", lambda d: project(d).update(name=5), "projects[0].name", "5 must be text"),
    (
        "string_where_a_whole_number_is_expected",
        lambda d: project(d).update(budget_year="2023"),
        "projects[0].budget_year",
        "'2023' must be a whole number",
    ),
    (
        "string_where_a_count_is_expected",
        lambda d: project(d)["survey"].update(issued="40"),
        "projects[0].survey.issued",
        "'40' must be a whole number",
    ),
    (
        "boolean_where_a_whole_number_is_expected",
        lambda d: project(d)["scale"].update(buildings=True),
        "projects[0].scale.buildings",
        "True must be a whole number",
    ),
    ("list_where_an_object_is_expected", lambda d: project(d).update(funding=[]), "projects[0].funding", "object"),
    ("object_where_a_list_is_expected", lambda d: project(d).update(phases={}), "projects[0].phases", "must be a list"),
    ("unknown_field", lambda d: project(d).update(colour="red"), "projects[0]", "unknown field 'colour'"),
    (
        "unknown_nested_field",
        lambda d: funding(d)["sources"][0].update(share="10"),
        "projects[0].funding.sources[0]",
        "unknown field 'share'",
    ),
    ("unknown_top_level_field", lambda d: d.update(extra=1), "extra", "unknown field"),
    (
        "bad_date_format",
        lambda d: funding(d)["allocations"][0].update(date="2023/05/15"),
        "projects[0].funding.allocations[0].date",
        "'2023/05/15' is not a date: write it as 2023-05-15",
    ),
    (
        "date_without_leading_zeros",
        lambda d: project(d).update(status_date="2023-9-28"),
        "projects[0].status_date",
        "'2023-9-28' is not a date: write it as 2023-09-28",
    ),
    (
        "impossible_date",
        lambda d: phase(d, 0).update(planned_start="2023-02-30"),
        "projects[0].phases[0].planned_start",
        "'2023-02-30' is not a day in the calendar",
    ),
    (
        "negative_money",
        lambda d: funding(d)["allocations"][2].update(amount="-5"),
        "projects[0].funding.allocations[2].amount",
        "'-5' must not be negative",
    ),
    (
        "non_numeric_money",
        lambda d: funding(d).update(annual_budget="lots"),
        "projects[0].funding.annual_budget",
        "'lots' is not an amount",
    ),
    (
        "money_with_seven_decimals",
        lambda d: funding(d).update(total_budget="1.0000001"),
        "projects[0].funding.total_budget",
        "at most 6 decimals",
    ),
    (
        "money_as_json_float",
        lambda d: funding(d).update(annual_budget=589.2),
        "projects[0].funding.annual_budget",
        "589.2 must be a decimal string",
    ),
    (
        "money_as_json_integer",
        lambda d: funding(d)["sources"][0].update(annual_budget=82),
        "projects[0].funding.sources[0].annual_budget",
        "not a JSON number",
    ),
    (
        "unknown_funding_source_kind",
        lambda d: funding(d)["sources"][0].update(kind="federal"),
        "projects[0].funding.sources[0].kind",
        "'federal' is not one of central, provincial, municipal, county, local, special_bonds, social_capital,"
        " self_raised, other",
    ),
    (
        "unknown_likelihood",
        lambda d: project(d)["indicators"][0].update(likelihood="maybe"),
        "projects[0].indicators[0].likelihood",
        "'maybe' is not one of certain, possible, impossible",
    ),
    (
        "duplicate_phase_id",
        lambda d: phase(d, 1).update(id="feasibility"),
        "projects[0].phases[1].id",
        "'feasibility' is used twice",
    ),
    (
        "duplicate_allocation_id",
        lambda d: funding(d)["allocations"][2].update(id="A1"),
        "projects[0].funding.allocations[2].id",
        "'A1' is used twice",
    ),
    (
        "duplicate_indicator_id",
        lambda d: project(d)["indicators"][3].update(id="I1"),
        "projects[0].indicators[3].id",
        "'I1' is used twice",
    ),
    (
        "unknown_predecessor",
        lambda d: phase(d, 2).update(predecessors=["permits"]),
        "projects[0].phases[2].predecessors",
        "'permits' is not another phase of this project",
    ),
    (
        "phase_that_precedes_itself",
        lambda d: phase(d, 2).update(predecessors=["tendering"]),
        "projects[0].phases[2].predecessors",
        "'tendering' is not another phase of this project",
    ),
    (
        "predecessor_cycle",
        lambda d: phase(d, 0).update(predecessors=["acceptance"]),
        "projects[0].phases[0].predecessors",
        "phase 'feasibility' depends on itself through its predecessors",
    ),
    (
        "event_of_an_unknown_phase",
        lambda d: project(d)["events"][1].update(phase="permits"),
        "projects[0].events[1].phase",
        "'permits' is not a phase of this project",
    ),
    (
        "actual_end_before_actual_start",
        lambda d: phase(d, 3).update(actual_end="2023-09-01"),
        "projects[0].phases[3].actual_end",
        "2023-09-01 is before actual_start 2023-09-28",
    ),
    (
        "planned_end_before_planned_start",
        lambda d: phase(d, 0).update(planned_end="2023-01-31"),
        "projects[0].phases[0].planned_end",
        "2023-01-31 is before planned_start 2023-02-01",
    ),
    (
        "period_end_before_start",
        lambda d: project(d)["period"].update(end="2022-12-31"),
        "projects[0].period.end",
        "2022-12-31 is before start 2023-01-01",
    ),
    (
        "allocation_dated_outside_the_budget_year",
        lambda d: funding(d)["allocations"][1].update(date="2025-01-02"),
        "projects[0].funding.allocations[1].date",
        "2025-01-02 is outside 2022–2024: money of the budget year 2023 moves",
    ),
    (
        "payment_before_the_budget_year",
        lambda d: add_payment(d, date="2021-12-31"),
        "projects[0].funding.payments[0].date",
        "2021-12-31 is outside 2022–2024",
    ),
    (
        "allocation_from_a_source_not_listed",
        lambda d: funding(d)["allocations"][0].update(source="self_raised"),
        "projects[0].funding.allocations[0].source",
        "'self_raised' is not a funding source of this project",
    ),
    (
        "payment_from_a_source_not_listed",
        lambda d: add_payment(d, source="other"),
        "projects[0].funding.payments[0].source",
        "'other' is not a funding source of this project",
    ),
    (
        "two_sources_of_one_kind_without_ids_of_their_own",
        lambda d: funding(d)["sources"][2].update(kind="central"),
        "projects[0].funding.sources[2].id",
        "'central' is used twice: give each source of one kind an id of its own",
    ),
    ("duplicate_project_code_in_one_file", second_project, "projects[1].code", "appears twice"),
    (
        "escape_character_in_a_text_field",
        lambda d: project(d).update(name="\x1b[31m红色"),
        "projects[0].name",
        "contains the control character U+001B",
    ),
    (
        "nul_character_in_a_nested_text_field",
        lambda d: project(d)["findings"][1].update(cause="a\x00b"),
        "projects[0].findings[1].cause",
        "contains the control character U+0000",
    ),
    (
        "c1_control_character_in_a_list_of_text",
        lambda d: project(d)["basis"].__setitem__(3, "x\x9by"),
        "projects[0].basis[3]",
        "contains the control character U+009B",
    ),
    (
        "control_character_in_a_target",
        lambda d: project(d)["indicators"][1].update(target="100\x1b%"),
        "projects[0].indicators[1].target",
        "contains the control character U+001B",
    ),
    (
        "target_with_a_comparator_and_a_broken_number",
        lambda d: project(d)["indicators"][5].update(target="≤1 0%"),
        "projects[0].indicators[5].target",
        "is not a target",
    ),
    (
        "empty_target",
        lambda d: project(d)["indicators"][0].update(target="  "),
        "projects[0].indicators[0].target",
        "is not a target",
    ),
    (
        "projects_not_a_list",
        lambda d: d.update(projects={"a": 1}),
        "projects",
        "must be a list of projects",
    ),
    ("newer_schema", lambda d: d.update(schema=99), "schema", "schema 99 is newer than this drift understands"),
    ("schema_as_a_string", lambda d: d.update(schema="1"), "schema", "'1' is not a schema version"),
    ("missing_schema", lambda d: d.pop("schema"), "schema", "None is not a schema version"),
]


@pytest.mark.parametrize(("break_it", "path", "gist"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_field_is_refused_with_its_file_path_and_reason(
    sample_doc: Doc, break_it: Callable[[Doc], Any], path: str, gist: str
) -> None:
    break_it(sample_doc)

    with pytest.raises(ValidationError) as caught:
        decode_import(sample_doc, "x.json")

    error = caught.value
    assert error.file == "x.json"
    assert error.path == path
    assert gist in error.message
    assert str(error) == f"x.json: {path}: {error.message}"


def test_negative_allocation_message_reads_as_in_the_spec(sample_doc: Doc) -> None:
    funding(sample_doc)["allocations"][2]["amount"] = "-5"

    with pytest.raises(ValidationError, match=r"^x\.json: ") as caught:
        decode_import(sample_doc, "x.json")

    assert str(caught.value) == "x.json: projects[0].funding.allocations[2].amount: '-5' must not be negative"


def test_import_file_that_is_not_an_object_is_refused_with_the_file_name() -> None:
    with pytest.raises(ValidationError, match=r"^x\.json: an import file must be a JSON object"):
        decode_import([], "x.json")


def test_reading_a_bad_import_file_names_the_file_on_disk(tmp_path: Path, sample_doc: Doc) -> None:
    project(sample_doc)["indicators"][10]["likelihood"] = "sure"
    path = tmp_path / "bad import.json"
    path.write_text(json.dumps(sample_doc), encoding="utf-8")

    with pytest.raises(ValidationError) as caught:
        read_import_file(path)

    assert str(caught.value).startswith(f"{path}: projects[0].indicators[10].likelihood: 'sure' is not one of")


def test_tab_and_newline_are_allowed_in_text(sample_doc: Doc) -> None:
    project(sample_doc)["background"] = "第一段\n\t第二段"

    (decoded,) = decode_import(sample_doc, "x.json")

    assert decoded.background == "第一段\n\t第二段"


def test_target_with_a_comparator_but_no_number_is_refused(sample_doc: Doc) -> None:
    project(sample_doc)["indicators"][10]["target"] = "≥abc"

    with pytest.raises(ValidationError) as caught:
        decode_import(sample_doc, "x.json")

    assert caught.value.path == "projects[0].indicators[10].target"
    assert "is not a target" in caught.value.message


def test_percent_complete_over_100_is_refused(sample_doc: Doc) -> None:
    phase(sample_doc, 3)["percent_complete"] = "150"

    with pytest.raises(ValidationError) as caught:
        decode_import(sample_doc, "x.json")

    assert caught.value.path == "projects[0].phases[3].percent_complete"
    assert "between 0 and 100" in caught.value.message


# Text that reads like msgspec's own "- at `$.path`", or a field name across lines, in what a user may write.
QUOTED_PATHS = [
    (
        lambda d: project(d)["indicators"][0].update(likelihood="x - at `$.nope`"),
        "projects[0].indicators[0].likelihood",
        "'x - at `$.nope`' is not one of certain, possible, impossible",
    ),
    (
        lambda d: phase(d, 1).update(percent_complete="x - at `$.bogus`"),
        "projects[0].phases[1].percent_complete",
        "'x - at `$.bogus`' is not a percentage",
    ),
    (
        lambda d: phase(d, 0).update(planned_start="x - at `$.nope`"),
        "projects[0].phases[0].planned_start",
        "'x - at `$.nope`' is not a date",
    ),
    (lambda d: project(d).update({"x\ny": 1}), "projects[0]", "unknown field 'x\\ny'"),
    (lambda d: funding(d).update({"x` - at `$.y": 1}), "projects[0].funding", "unknown field 'x` - at `$.y'"),
]


@pytest.mark.parametrize("as_bytes", [False, True], ids=["parsed", "bytes"])
@pytest.mark.parametrize(("break_it", "path", "gist"), QUOTED_PATHS)
def test_a_value_quoting_a_path_is_refused_at_its_own_field(
    sample_doc: Doc, break_it: Callable[[Doc], Any], path: str, gist: str, as_bytes: bool
) -> None:
    break_it(sample_doc)
    document = project(sample_doc)

    with pytest.raises(ValidationError) as caught:
        decode_project(orjson.dumps(document) if as_bytes else document)

    assert caught.value.located(prefix="projects[0]").path == path
    assert gist in caught.value.message


def test_projects_read_from_a_store_keep_one_copy_of_a_short_text_they_repeat(sample_doc: Doc) -> None:
    line = orjson.dumps(project(sample_doc))

    first, second = decode_project(line), decode_project(line, checked_before=True)

    assert first.phases[0].name == second.phases[0].name
    assert first.phases[0].name is second.phases[0].name  # units, levels, ids: 128 MiB at 10,000 projects otherwise
    assert first.background is not second.background  # a passage is kept as read
