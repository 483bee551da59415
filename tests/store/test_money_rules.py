"""The rules a payment or an allocation obeys, held once in store.codec and used by the reader, the CLI and the forms."""

from __future__ import annotations

import pendulum
import pytest

from store.codec import budget_year_problem, funding_source_problem, in_budget_year, listed_source
from store.errors import ValidationError
from store.model import Project, SourceKind


@pytest.fixture
def seed(sample_projects: tuple[Project, ...]) -> Project:
    return sample_projects[0]  # budget year 2023; sources central, provincial, local


def test_a_listed_source_is_no_problem_and_is_read_as_its_kind(seed: Project) -> None:
    assert funding_source_problem(seed, "local") == ""
    assert listed_source(seed, " local ") is SourceKind.LOCAL


def test_a_source_the_project_does_not_list_names_the_ones_it_does(seed: Project) -> None:
    assert funding_source_problem(seed, "other") == (
        "'other' is not a funding source of this project: list it under funding.sources first "
        "(it lists 中央补助资金 (central), 省级补助资金 (provincial), 县级财政资金 (local))"
    )


def test_a_source_that_is_no_kind_at_all_names_every_kind(seed: Project) -> None:
    with pytest.raises(ValidationError) as caught:
        listed_source(seed, "bank")

    assert caught.value.message == "'bank' is not one of central, provincial, local, self_raised, other"
    assert caught.value.path == ""  # each caller names its own option, column or field


def test_a_date_outside_the_budget_year_is_refused_on_either_side(seed: Project) -> None:
    assert budget_year_problem(seed, pendulum.date(2023, 12, 31)) == ""
    assert budget_year_problem(seed, pendulum.date(2022, 12, 31)) == "2022-12-31 is outside the budget year 2023"
    with pytest.raises(ValidationError, match="2024-01-01 is outside the budget year 2023"):
        in_budget_year(seed, pendulum.date(2024, 1, 1))
