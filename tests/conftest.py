"""Shared fixtures: the bundled sample as a dict and as records, a store made from it, and the CLI runner."""

from __future__ import annotations

import copy
import json
import os
import pwd
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from store import tables
from store.files import load_sample, sample_path
from store.model import Project
from store.persist import Store
from tests.backends import database, empty_store_at, postgres_server, postgres_standby, store_at

__all__ = [
    "database",
    "empty_store_at",
    "postgres_server",
    "postgres_standby",
    "store_at",
]  # the fixtures of both back-ends, for every test

settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, print_blob=True, suppress_health_check=[HealthCheck.too_slow]
)
"""CI (`.ci/run`, with CI set) draws the same examples every run and shares no example database between runs;
local runs keep exploring new examples and replaying the failures they found. Recent Hypothesis does the same
on its own when it sees CI; this profile holds it for every version pyproject.toml allows."""
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def truecolor_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test sees the same terminal, a truecolor one with colour, whatever the shell running pytest says.

    How the dashboard draws a light depends on the colour system it detects and on NO_COLOR (tui/colours.py), so
    its snapshots would too; tests of other terminals say which one they mean.
    """
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True, scope="session")
def no_user_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test reads or writes the files of whoever runs pytest: a store opened with the process's environment looks
    for the user's rules under $XDG_CONFIG_HOME (store/rulesfile.py), here an empty folder, and remembers what it
    checked under $XDG_CACHE_HOME (store/checked.py), here the session's own. Tests of those files set their own.
    For the whole session, so that the tmux servers of the end-to-end tests start with it too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.getbasetemp() / "no-user-config"))
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "user-cache"))
        yield


SEED_CODE = "2306-140423-89-01-317509"
"""The project code of the seed monitoring report, the one project in the bundled sample."""

_SAMPLE_DOC: dict[str, Any] = json.loads(sample_path().read_text(encoding="utf-8"))


@pytest.fixture
def sample_doc() -> dict[str, Any]:
    """A fresh deep copy of the sample import file as JSON data; mutate it freely."""
    return copy.deepcopy(_SAMPLE_DOC)


@pytest.fixture
def sample_file() -> Path:
    """The bundled sample import file, as installed."""
    return sample_path()


@pytest.fixture
def sample_projects() -> tuple[Project, ...]:
    """The sample's projects, decoded and validated."""
    return load_sample()


@pytest.fixture
def store_path(tmp_path: Path, sample_projects: tuple[Project, ...]) -> Path:
    """A store file in a fresh folder holding the sample, at revision 1."""
    path = tmp_path / "store.json"
    Store(path).create(sample_projects)
    return path


@dataclass
class CliResult:
    """What one run of `drift` returned and printed."""

    code: int
    out: str
    err: str


CliRunner = Callable[..., CliResult]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Runs tui.cli.main in-process with an explicit environment and returns code, stdout and stderr."""
    from tui.cli import main

    # Rich wraps to 80 columns when it is not on a terminal; a wide console keeps long tmp paths on one line.
    monkeypatch.setenv("COLUMNS", "1000")

    def run(*argv: str, environ: Mapping[str, str] | None = None) -> CliResult:
        capsys.readouterr()  # drop anything printed before this run
        code = main(list(argv), environ={} if environ is None else dict(environ))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def analysed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The codes of the projects tui.memo analysed for a headline, in order, since the test began: what the memory
    of headlines spared shows as what is missing."""
    from drift.analysis import analyse_project
    from tui import memo

    codes: list[str] = []

    def counted(project: Project, *args: object) -> object:
        codes.append(project.code)
        return analyse_project(project, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(memo, "analyse_project", counted)
    return codes


@pytest.fixture
def as_account(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Makes the saves that follow run as another system account, as that person's own drift would."""

    def become(name: str) -> None:
        monkeypatch.setattr(pwd, "getpwuid", lambda uid: SimpleNamespace(pw_name=name))

    return become


@pytest.fixture
def store_with_unknown_parts(tmp_path: Path, run_cli: CliRunner) -> Path:
    """The sample plus X2 "NoPhases": on pace (50 of 100 paid, 49.59% of the year gone), without phases or indicators,
    so its light is green with the schedule and the indicators unknown."""
    store = str(tmp_path / "store.json")
    new = ("new", "--code", "X2", "--name", "NoPhases", "--year", "2023", "--annual-budget", "100")
    pay = ("pay", "--project", "X2", "--date", "2023-06-01", "--source", "local", "--amount", "50")
    assert run_cli("--store", store, "init").code == 0
    assert run_cli("--store", store, *new, "--source", "local=100", "--status-date", "2023-06-30").code == 0
    assert run_cli("--store", store, *pay).code == 0
    return tmp_path / "store.json"


def built_lines(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The codes of the projects built from a store's lines from now on."""
    built: list[str] = []
    decode = tables.decode_project

    def building(doc: object, **options: bool) -> Project:
        project = decode(doc, **options)
        if isinstance(doc, memoryview):
            built.append(project.code)
        return project

    monkeypatch.setattr(tables, "decode_project", building)
    return built
