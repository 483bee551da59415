"""What a server does that a file cannot: a password in the URL, a read-only database, a role without rights, a
dropped connection, a stray table, two `drift init` at once. Each is one line and leaves the store as it was."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pendulum
import pytest

from store.backend import Backend, open_store
from store.edits import add_payment
from store.errors import StoreError
from store.locations import shown_url
from store.model import Project
from tests.backends import stored

pytestmark = pytest.mark.usefixtures("postgres_server")

CODE = "2306-140423-89-01-317509"
SECRET = "s3cr3t-pw"
AT = pendulum.datetime(2023, 10, 16, 9, 30, tz="Asia/Shanghai")
PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--amount", "100", "--by", "alice")


def one_line(err: str) -> bool:
    return err.startswith("drift: ") and err.count("\n") == 1 and "Traceback" not in err


def admin(database: str):
    """A connection to the database that commits each statement."""
    import psycopg

    return psycopg.connect(database, autocommit=True)


def as_role(database: str, role: str) -> str:
    """The database's URL for another role."""
    return database.replace("://drift@", f"://{role}@")


@pytest.fixture
def role(database: str) -> Iterator[str]:
    """A role of its own for this database (roles are the server's, not a database's), dropped after the test."""
    name = "drift_role_" + database.rsplit("_", 2)[-2] + "_" + database.rsplit("_", 1)[-1]
    with admin(database) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {name}")
        conn.execute(f"CREATE ROLE {name} LOGIN")
    yield name
    with admin(database) as conn:
        conn.execute(f"DROP OWNED BY {name}")
        conn.execute(f"DROP ROLE {name}")


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://drift:pw@db.example:5432/drift", "postgresql://drift@db.example:5432/drift"),
        ("postgresql://drift@db/x?sslmode=require&password=pw", "postgresql://drift@db/x?sslmode=require"),
        ("postgresql:///x?host=/tmp&PASSWORD=pw", "postgresql:///x?host=/tmp"),
        ("postgresql://u:pw@[::1/x", "postgresql://u@[::1/x"),  # not a URL at all: its password is still hidden
        ("postgres://drift@db/x", "postgres://drift@db/x"),
        # libpq takes ?, # and / for part of a password where a URL parser ends it there
        ("postgresql://drift:pw?x@db/x", "postgresql://drift@db/x"),
        ("postgresql://drift:pw#x@db/x", "postgresql://drift@db/x"),
        ("postgresql://drift:pw/x@db/x", "postgresql://drift@db/x"),
        ("postgresql://drift:p@w@db/x", "postgresql://drift@db/x"),
        ("postgresql://dr%20ift:pw@db/x", "postgresql://dr%20ift@db/x"),
    ],
)
def test_a_url_is_shown_without_its_password(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def test_no_command_prints_the_password_of_the_url_it_was_given(database: str, run_cli, tmp_path: Path) -> None:
    in_user = database.replace("://drift@", f"://drift:{SECRET}@")
    in_query = f"{database}?password={SECRET}"
    runs = [run_cli("--store", in_user, "init"), run_cli("--store", in_query, "init")]  # made; then "already exists"
    for url in (in_user, in_query):
        for command in (
            ["list"],
            ["status"],
            ["status", "--project", "NOPE"],
            ["validate"],
            ["rules"],
            ["config"],
            ["log"],
            [*PAY, "--project", "NOPE"],
            ["export", "--summary"],
            ["migrate", "--to", in_user],
        ):
            runs.append(run_cli("--store", url, *command))
    runs.append(run_cli("config", environ={"DRIFT_STORE": in_user}))
    runs.append(run_cli("--store", f"postgresql://drift:{SECRET}@[::1/x", "list"))

    assert [run.code for run in runs[:2]] == [0, 2]
    assert all(SECRET not in run.out + run.err for run in runs)
    assert f"{database}: already exists" in runs[1].err
    assert runs[-1].code == 2 and one_line(runs[-1].err) and "postgresql://drift@[::1/x" in runs[-1].err


def test_no_password_is_printed_however_libpq_splits_the_url(database: str, run_cli) -> None:
    """Passwords made by a generator hold ?, #, / and @; libpq may read them whole, or cut them elsewhere and quote
    a piece in its error."""
    run_cli("--store", database, "init")
    host = database.split("@", 1)[1]
    urls = [f"postgresql://drift:{SECRET}{mark}x@{host}" for mark in ("?", "#", "/", "%zz", "@")]
    urls += [f"postgresql://drift:ab@{SECRET}@{host}", f"postgresql://drift:{SECRET}@{host.rsplit('/', 1)[0]}/x%FF"]

    runs = [run_cli("--store", url, command) for url in urls for command in ("list", "config")]

    assert all(SECRET not in run.out + run.err for run in runs), [run.err for run in runs if SECRET in run.err]
    assert all(run.code == 0 or one_line(run.err) for run in runs)
    assert [run.code for run in runs[:4]] == [0, 0, 0, 0]  # ? and # are the password's, as libpq reads them


def test_a_server_that_ends_idle_sessions_at_once_ends_no_command_with_a_traceback(
    database: str, sample_projects: tuple[Project, ...], run_cli
) -> None:
    open_store(database).create(sample_projects)
    with admin(database) as conn:
        conn.execute(f"ALTER DATABASE {database.rsplit('/', 1)[1]} SET idle_in_transaction_session_timeout = '1ms'")

    runs = [run_cli("--store", database, command) for command in ("list", "log", "status", "rules", "validate") * 2]

    assert all(run.code in (0, 2) and (run.code == 0 or one_line(run.err)) for run in runs), [r.err for r in runs]


def test_a_read_waits_for_a_table_lock_at_most_the_lock_timeout_and_says_so(
    database: str, sample_projects: tuple[Project, ...]
) -> None:
    from store.postgres import PostgresStore

    open_store(database).create(sample_projects)
    store = PostgresStore(database, lock_timeout=0.3)
    with admin(database) as holder:
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE drift_meta IN ACCESS EXCLUSIVE MODE")
        started = time.monotonic()
        with pytest.raises(StoreError) as refused:
            store.load()
        waited = time.monotonic() - started
        holder.execute("ROLLBACK")

    assert str(refused.value) == (
        f"{database}: cannot read: another session has held a lock on the store for over 0.3s; try again"
    )
    assert waited < 5
    assert store.load().revision == 1


def test_editors_paying_and_undoing_at_once_on_one_project_are_never_refused_for_crossing(
    database: str, sample_projects: tuple[Project, ...]
) -> None:
    """An undo locks the rows, then the revision, as every save does: in one order, no save waits in a circle."""
    open_store(database).create(sample_projects)
    editors = [
        subprocess.Popen([sys.executable, "-c", _PAY_AND_UNDO, database, CODE, f"u{n}"], stderr=subprocess.PIPE)
        for n in range(8)
    ]
    problems = [editor.communicate(timeout=300)[1].decode() for editor in editors]

    assert [editor.returncode for editor in editors] == [0] * 8, problems
    assert open_store(database).load().projects[0].funding.payments == ()
    assert open_store(database).verify_history().count == 8 * 3 * (4 + 4)  # date, source, amount, voucher; and back


_PAY_AND_UNDO = """
import sys
import pendulum
from store.backend import open_store
from store.edits import add_payment

location, code, by = sys.argv[1:]
store = open_store(location)
for n in range(3):
    store.apply([add_payment(code, date="2023-09-01", source="local", amount="1", voucher=f"{by}-{n}")], by=by,
                at=pendulum.now())
    store.undo(by=by, at=pendulum.now())
"""


def test_a_read_only_database_refuses_each_save_in_one_line_and_says_so_before(
    database: str, sample_projects: tuple[Project, ...], run_cli
) -> None:
    open_store(database).create(sample_projects)
    with admin(database) as conn:
        conn.execute(f"ALTER DATABASE {database.rsplit('/', 1)[1]} SET default_transaction_read_only = on")
    before = stored(database)

    paid = run_cli("--store", database, *PAY)
    undone = run_cli("--store", database, "undo", "--by", "alice")
    listed = run_cli("--store", database, "list")

    assert paid.code == 2 and one_line(paid.err)
    assert paid.err.startswith(f"drift: cannot save: {database}: cannot execute ")
    assert "read-only transaction" in paid.err
    assert undone.code == 2 and one_line(undone.err)
    assert listed.code == 0 and CODE in listed.out
    assert str(open_store(database).read_only_reason()) == (
        f"{database} takes no changes (default_transaction_read_only is on)"
    )
    assert stored(database) == before


def test_a_role_that_may_only_read_reads_and_is_refused_each_save(
    database: str, role: str, sample_projects: tuple[Project, ...], run_cli
) -> None:
    open_store(database).create(sample_projects)
    with admin(database) as conn:
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    reader = as_role(database, role)
    before = stored(database)

    listed = run_cli("--store", reader, "list")
    paid = run_cli("--store", reader, *PAY)

    assert listed.code == 0 and CODE in listed.out
    assert paid.code == 2 and one_line(paid.err)
    assert paid.err == f"drift: cannot save: {reader}: permission denied for table drift_projects\n"
    assert str(open_store(reader).read_only_reason()) == f"the role {role} may not change {reader}"
    assert open_store(database).read_only_reason() is None
    assert stored(database) == before


def test_a_role_given_the_grants_docs_name_for_an_editor_edits_adds_and_undoes(
    database: str, role: str, sample_projects: tuple[Project, ...], run_cli
) -> None:
    """docs/postgresql.md's table of grants, held to what an editor does."""
    open_store(database).create(sample_projects)
    with admin(database) as conn:
        for grant in (
            "SELECT, INSERT, UPDATE, DELETE ON drift_projects",
            "SELECT, INSERT ON drift_history",
            "SELECT, UPDATE ON drift_meta",
            "SELECT ON drift_rules",
        ):
            conn.execute(f"GRANT {grant} TO {role}")
    editor = as_role(database, role)

    runs = [
        run_cli("--store", editor, *PAY),
        run_cli("--store", editor, "new", "--code", "N-1", "--name", "新项目", "--year", "2024", "--by", "alice"),
        run_cli("--store", editor, "undo", "--by", "alice"),
    ]

    assert [run.code for run in runs] == [0, 0, 0], [run.err for run in runs]
    assert open_store(editor).read_only_reason() is None
    assert open_store(database).load().revision == 4


def test_a_role_that_may_not_read_is_told_so_in_one_line_by_every_command(
    database: str, role: str, sample_projects: tuple[Project, ...], run_cli
) -> None:
    open_store(database).create(sample_projects)
    stranger = as_role(database, role)

    runs = [run_cli("--store", stranger, *command) for command in (["list"], ["status"], ["log"], ["validate"], PAY)]

    assert [run.code for run in runs] == [2] * 5
    assert all(one_line(run.err) and "permission denied for table drift_" in run.err for run in runs)
    assert runs[0].err == f"drift: {stranger}: cannot read: permission denied for table drift_meta\n"


def test_a_connection_the_server_dropped_is_made_again_for_the_next_read_and_save(
    database: str, sample_projects: tuple[Project, ...]
) -> None:
    store = open_store(database)
    store.create(sample_projects)
    with admin(database) as conn:  # what a server's restart, or an administrator, does to every client
        ended = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = 'drift' AND datname = %s",
            (database.rsplit("/", 1)[1],),
        ).fetchone()

    assert ended == (1,)
    assert store.load().revision == 1
    store.apply([add_payment(CODE, date="2023-10-08", source="local", amount="100")], by="alice", at=AT)
    assert open_store(database).load().revision == 2


def test_a_table_of_drifts_name_left_in_the_database_is_said_and_nothing_is_made(database: str, run_cli) -> None:
    with admin(database) as conn:
        conn.execute("CREATE TABLE drift_rules (anything integer)")

    made = run_cli("--store", database, "init")

    assert made.code == 2
    assert made.err == (
        f'drift: {database}: relation "drift_rules" already exists, but no store is there: drop drift\'s tables '
        "(drift_*) there or name another database\n"
    )
    with admin(database) as conn:
        assert conn.execute("SELECT to_regclass('drift_meta')").fetchone() == (None,)


def test_two_stores_made_at_once_in_one_database_make_one_and_the_other_is_told(
    database: str, sample_projects: tuple[Project, ...]
) -> None:
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def make() -> None:
        store = open_store(database)
        store.exists()  # connected before the barrier: both then create at the same moment
        start.wait()
        try:
            store.create(sample_projects)
            outcomes.append("made")
        except StoreError as error:
            outcomes.append(str(error))

    threads = [threading.Thread(target=make) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["made", f"{database}: already exists"]
    assert open_store(database).load().revision == 1


def test_a_replica_serves_every_reading_refuses_each_save_and_follows_the_primarys_saves(
    database: str, postgres_standby: str, sample_projects: tuple[Project, ...], run_cli
) -> None:
    """A hot standby takes no LISTEN and sends no notifications: a dashboard there asks for the revision instead."""
    open_store(database).create(sample_projects)
    replica_url = postgres_standby.rsplit("/", 1)[0] + "/" + database.rsplit("/", 1)[1]
    replica = open_store(replica_url)
    replayed(lambda: readable(replica))
    seen = replica.file_key()

    open_store(database).apply([add_payment(CODE, date="2023-10-08", source="local", amount="100")], by="a", at=AT)
    replayed(lambda: replica.file_key() == (2,))
    listed = run_cli("--store", replica_url, "list")
    paid = run_cli("--store", replica_url, *PAY)

    assert seen == (1,)
    assert str(replica.read_only_reason()) == f"{replica_url} is a read-only replica"
    assert replica.load().projects[0].funding.payments[0].amount == 100
    assert listed.code == 0 and CODE in listed.out
    assert paid.code == 2 and one_line(paid.err)
    assert paid.err.startswith(f"drift: cannot save: {replica_url}: cannot execute SELECT FOR UPDATE in a read-only")


def readable(store: Backend) -> bool:
    try:
        return store.exists()
    except StoreError:  # the database itself not replayed yet
        return False


def replayed(done: Callable[[], bool]) -> None:
    """Wait, at most 30 s, for the standby to replay what the primary committed."""
    deadline = time.monotonic() + 30
    while not done():
        assert time.monotonic() < deadline, "not seen on the standby within 30 s"
        time.sleep(0.05)
