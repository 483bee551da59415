"""The rules a payment or an allocation obeys, held once in store.codec and used by the reader, the CLI and the forms."""

from __future__ import annotations

import re

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.codec import funding_source_problem, listed_source, money_date, money_date_problem
from store.errors import ValidationError
from store.model import Project
from store.values import MONEY_PATTERN, parse_money


@pytest.fixture
def seed(sample_projects: tuple[Project, ...]) -> Project:
    return sample_projects[0]  # budget year 2023; sources central, provincial, local


def test_a_listed_source_is_no_problem_and_is_read_as_its_id(seed: Project) -> None:
    assert funding_source_problem(seed, "local") == ""
    assert listed_source(seed, " local ") == "local"


def test_no_source_is_money_of_the_whole_project(seed: Project) -> None:
    assert funding_source_problem(seed, "") == ""
    assert listed_source(seed, "  ") == ""


def test_a_source_the_project_does_not_list_says_to_list_it_first_and_names_the_ones_it_does(seed: Project) -> None:
    with pytest.raises(ValidationError) as caught:
        listed_source(seed, "bank")

    assert caught.value.message == (
        "'bank' is not a funding source of this project: list it under funding.sources first (it lists"
        " 中央补助资金 (central), 省级补助资金 (provincial), 县级财政资金 (local); leave the source out for money of"
        " the whole project)"
    )
    assert caught.value.path == ""  # each caller names its own option, column or field


def test_money_moves_from_the_year_before_to_the_year_after_the_budget_year(seed: Project) -> None:
    assert money_date_problem(seed, pendulum.date(2022, 1, 1)) == ""  # an advance allocation (提前下达)
    assert money_date_problem(seed, pendulum.date(2024, 12, 31)) == ""  # carried-over money paid (结转)
    assert money_date_problem(seed, pendulum.date(2021, 12, 31)) == (
        "2021-12-31 is outside 2022–2024: money of the budget year 2023 moves from the year before it"
        " (advance allocations) to the year after it (carried-over money)"
    )
    with pytest.raises(ValidationError, match="2025-01-01 is outside 2022–2024"):
        money_date(seed, pendulum.date(2025, 1, 1))


_AMOUNT_LIKE = st.one_of(
    st.from_regex(r"-?0{0,3}[0-9]{1,14}(\.[0-9]{0,8})?", fullmatch=True),
    st.sampled_from(["1000000000000", "1000000000000.000000", "1000000000000.000001", "999999999999.999999", "0"]),
    st.text(alphabet="0123456789.-e+ ,\n", max_size=16),
)


@given(_AMOUNT_LIKE)
def test_the_store_readers_pattern_for_money_accepts_exactly_what_parse_money_accepts(text: str) -> None:
    try:
        parse_money(text)
        accepted = True
    except ValidationError:
        accepted = False

    assert (re.search(MONEY_PATTERN, text) is not None) == accepted
