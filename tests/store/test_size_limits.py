"""Size limits: one person's paste cannot stall everyone's load; the predecessor check is linear in the phases."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pendulum
import pytest
from msgspec import structs

from store.codec import check_project
from store.errors import ValidationError
from store.files import decode_import, load_sample, sample_path
from store.model import Phase, Project

SAMPLE: dict[str, Any] = json.loads(sample_path().read_text(encoding="utf-8"))["projects"][0]


def _refusal(change) -> ValidationError:
    project = copy.deepcopy(SAMPLE)
    change(project)
    with pytest.raises(ValidationError) as refused:
        decode_import({"schema": 1, "projects": [project]}, "in.json")
    return refused.value


def _accepts(change) -> None:
    project = copy.deepcopy(SAMPLE)
    change(project)
    decode_import({"schema": 1, "projects": [project]}, "in.json")


def test_a_two_million_character_name_is_refused_with_its_path_and_length_in_one_short_line() -> None:
    refused = _refusal(lambda p: p.update(name="名" * 2_000_000))

    assert refused.path == "projects[0].name"
    assert refused.message == "is 2,000,000 characters long; at most 2,000"


@pytest.mark.parametrize(
    ("path", "limit", "put"),
    [
        ("name", 2_000, lambda p, text: p.update(name=text)),
        ("phases[0].name", 2_000, lambda p, text: p["phases"][0].update(name=text)),
        ("indicators[0].target", 2_000, lambda p, text: p["indicators"][0].update(target=text)),
        ("basis[0]", 2_000, lambda p, text: p["basis"].__setitem__(0, text)),
        ("background", 20_000, lambda p, text: p.update(background=text)),
        ("notes[0].text", 20_000, lambda p, text: p["notes"][0].update(text=text)),
        ("recommendations[0]", 20_000, lambda p, text: p["recommendations"].__setitem__(0, text)),
        ("phases[0].remark", 20_000, lambda p, text: p["phases"][0].update(remark=text)),
    ],
)
def test_text_up_to_its_limit_is_kept_and_one_character_more_is_refused(path: str, limit: int, put) -> None:
    _accepts(lambda p: put(p, "字" * limit))
    refused = _refusal(lambda p: put(p, "字" * (limit + 1)))

    assert refused.path == f"projects[0].{path}"
    assert refused.message == f"is {limit + 1:,} characters long; at most {limit:,}"


def test_a_list_of_more_than_10000_records_is_refused_with_its_path() -> None:
    _accepts(lambda p: p.update(recommendations=["建议"] * 10_000))
    refused = _refusal(lambda p: p.update(recommendations=["建议"] * 10_001))

    assert refused.path == "projects[0].recommendations"
    assert refused.message == "holds 10,001 records; at most 10,000"


def _chain(n: int) -> list[dict[str, Any]]:
    """n phases, each after the one before: the longest predecessor chain a project can hold."""
    return [
        {
            "id": f"p{i}",
            "name": f"阶段{i}",
            "planned_start": "2023-01-01",
            "planned_end": "2023-12-31",
            **({"predecessors": [f"p{i - 1}"]} if i else {}),
        }
        for i in range(n)
    ]


def test_a_chain_of_10000_phases_is_accepted_and_a_cycle_closed_at_its_end_is_named() -> None:
    _accepts(lambda p: (p.update(phases=_chain(10_000)), p.update(events=[])))

    def closed(p: dict[str, Any]) -> None:
        phases = _chain(10_000)
        phases[0]["predecessors"] = ["p9999"]
        p.update(phases=phases, events=[])

    refused = _refusal(closed)

    assert refused.path == "projects[0].phases[0].predecessors"
    assert refused.message == "phase 'p0' depends on itself through its predecessors"


class _CountedId(str):
    """A phase id that counts how often it is hashed: each look-up in a set or dict of ids hashes it once."""

    hashed = 0

    def __hash__(self) -> int:
        _CountedId.hashed += 1
        return str.__hash__(self)


def test_the_predecessor_check_looks_at_each_link_a_bounded_number_of_times() -> None:
    n = 2_000
    day = pendulum.date(2023, 1, 1)
    ids = [_CountedId(f"p{i}") for i in range(n)]
    phases = tuple(
        Phase(id=ids[i], name="x", planned_start=day, planned_end=day, predecessors=(ids[i - 1],) if i else ())
        for i in reversed(range(n))  # listed last first: a check that walks the list in order meets them worst
    )
    (seed,) = load_sample()
    project: Project = structs.replace(seed, phases=phases, events=())
    _CountedId.hashed = 0

    check_project(project)

    # Linear: a few look-ups per phase and per link (about 7 here); the quadratic check made n²/2, 2,000,000.
    assert _CountedId.hashed <= 20 * n


def test_drift_new_with_a_pasted_page_as_name_is_refused_in_one_line_and_nothing_is_saved(
    run_cli, store_path: Path
) -> None:
    before = store_path.read_bytes()
    name = "x" * 2_001

    result = run_cli(
        "new",
        "--code",
        "N-1",
        "--name",
        name,
        "--year",
        "2024",
        "--annual-budget",
        "1",
        "--store",
        str(store_path),
        "--by",
        "ann",
    )

    assert result.code == 2
    assert result.err == "drift: projects[N-1].name: is 2,001 characters long; at most 2,000\n"
    assert store_path.read_bytes() == before


@pytest.mark.parametrize(
    ("option", "limit"),
    [("--by", 2_000), ("--note", 20_000)],
)
def test_a_pasted_page_as_the_author_or_the_why_of_a_change_is_refused_and_nothing_is_saved(
    run_cli, store_path: Path, option: str, limit: int
) -> None:
    before = store_path.read_bytes()
    others = ["--by", "ann"] if option == "--note" else []

    result = run_cli(
        "project", "--status-date", "2023-10-31", option, "x" * (limit + 1), *others, "--store", str(store_path)
    )

    assert result.code == 2
    assert result.err == f"drift: {option[2:]}: is {limit + 1:,} characters long; at most {limit:,}\n"
    assert store_path.read_bytes() == before
