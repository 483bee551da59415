"""Both back-ends for one test: a store file, or a database of a PostgreSQL server the tests start (.ci/postgres)."""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.backend import open_store
from store.locations import is_database
from store.model import Project

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("json", "postgresql")

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server for the session: $DRIFT_TEST_POSTGRES when set, else one started here (and
    stopped at the end) by .ci/postgres, which installs Debian's packages if they are missing. Where none can be had,
    the PostgreSQL tests are skipped on a developer's machine and fail in CI, which must never skip them."""
    if url := os.environ.get("DRIFT_TEST_POSTGRES"):
        yield url
        return
    started = subprocess.run([str(ROOT / ".ci" / "postgres"), "start"], capture_output=True, text=True, check=False)
    if started.returncode != 0:
        problem = f"no PostgreSQL server could be started: {started.stderr.strip() or started.stdout.strip()}"
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    url, folder = started.stdout.split()
    try:
        yield url
    finally:
        subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", folder], check=False)


@pytest.fixture(scope="session")
def postgres_standby(postgres_server: str) -> Iterator[str]:
    """The URL of a hot standby of the session's server (.ci/postgres standby), as a bureau's read-only replica."""
    started = subprocess.run(
        [str(ROOT / ".ci" / "postgres"), "standby", postgres_server], capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        pytest.fail(f"no standby could be started: {started.stderr.strip() or started.stdout.strip()}")
    url, folder = started.stdout.split()
    try:
        yield url
    finally:
        subprocess.run([str(ROOT / ".ci" / "postgres"), "stop", folder], check=False)


def new_database(server: str) -> str:
    """The URL of a new, empty database on the server."""
    import psycopg

    name = f"drift_test_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def drop_database(server: str, url: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


@pytest.fixture
def database(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty database, dropped after the test."""
    url = new_database(postgres_server)
    yield url
    drop_database(postgres_server, url)


@pytest.fixture(params=BACKENDS)
def empty_store_at(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a store not made yet goes, on each back-end: a file's path, or a new database's URL."""
    if request.param == "json":
        yield str(tmp_path / "store.json")
        return
    server = request.getfixturevalue("postgres_server")
    url = new_database(server)
    try:
        yield url
    finally:
        drop_database(server, url)


@pytest.fixture
def store_at(empty_store_at: str, sample_projects: tuple[Project, ...]) -> str:
    """A store holding the sample at revision 1, on each back-end: its location."""
    open_store(empty_store_at).create(sample_projects)
    return empty_store_at


def stored(location: str) -> bytes:
    """Everything a store keeps, as bytes: the file, or every row of the database's tables in order. Equal before
    and after means nothing was written."""
    if not is_database(location):
        return Path(location).read_bytes()
    import psycopg

    with psycopg.connect(location) as conn:
        rows = [
            conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()  # type: ignore[call-overload]
            for table in ("drift_meta", "drift_projects", "drift_history", "drift_rules")
        ]
    return repr(rows).encode()


def hand_edit(location: str, old: str, new: str) -> None:
    """Change text in a store behind drift's back, as someone with an editor (or psql) would: in the file, or in
    the rows of the projects and the history."""
    if not is_database(location):
        path = Path(location)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in the store"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return
    import psycopg

    with psycopg.connect(location) as conn:
        changed = 0
        for table, column in (("drift_projects", "doc"), ("drift_history", "entry")):
            query = f"UPDATE {table} SET {column} = replace({column}, %s, %s) WHERE strpos({column}, %s) > 0"
            changed += conn.execute(query, (old, new, old)).rowcount  # type: ignore[call-overload]
        assert changed, f"{old!r} is not in the store"
