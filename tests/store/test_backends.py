"""The JSON file and PostgreSQL keep the same promises: the same history and hashes, nothing lost among many editors
or to a killed one, a hand-edited record refused, a stale or empty save writing nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import orjson
import pendulum
import pytest
from msgspec import structs

from store.backend import open_store
from store.edits import ConflictError, UnknownRecordError, add_payment, edit_record
from store.errors import StaleRevisionError, ValidationError
from store.model import Project
from tests.backends import hand_edit, stored

CODE = "2306-140423-89-01-317509"
AT = pendulum.datetime(2023, 10, 16, 9, 30, tz="Asia/Shanghai")


def copies(sample: tuple[Project, ...], count: int) -> list[Project]:
    """The sample project under count codes of its own: C01, C02 …"""
    return [structs.replace(sample[0], code=f"C{n:02}") for n in range(1, count + 1)]


def test_the_same_edits_give_the_same_history_entries_and_hashes_in_a_file_and_in_a_database(
    tmp_path: Path, database: str, sample_projects: tuple[Project, ...]
) -> None:
    histories, heads, projects = [], [], []
    for location in (str(tmp_path / "store.json"), database):
        store = open_store(location)
        store.create(sample_projects)
        store.apply([add_payment(CODE, date="2023-10-08", source="local", amount="100")], by="alice", at=AT)
        project = store.load().projects[0]
        store.apply([edit_record(project, "payments", "P1", amount="120.50")], by="bob", at=AT.add(hours=1))
        store.undo(by="bob", at=AT.add(hours=2))
        histories.append([entry.to_json() for entry in store.history()])
        heads.append(store.verify_history().head)
        projects.append(open_store(location).load())

    assert histories[0] == histories[1]
    assert len(histories[0]) == 3 + 1 + 1  # date, source and amount added; the amount changed; and changed back
    assert heads[0] == heads[1] == histories[0][-1]["hash"]
    assert projects[0] == projects[1]
    assert projects[1].revision == 4
    assert projects[1].projects[0].funding.payments[0].amount == Decimal("100")


def test_edits_of_different_fields_from_the_same_read_both_land_and_of_the_same_field_the_second_is_a_conflict(
    store_at: str,
) -> None:
    setup = open_store(store_at)
    setup.apply([add_payment(CODE, date="2023-10-08", source="local", amount="100")], by="setup", at=AT)
    alice, bob, carol = (open_store(store_at) for _ in range(3))
    seen = [person.load().projects[0] for person in (alice, bob, carol)]  # all read revision 2

    alice.apply([edit_record(seen[0], "payments", "P1", amount="111")], by="alice", at=AT)
    bob.apply([edit_record(seen[1], "payments", "P1", voucher="记-12")], by="bob", at=AT)
    before = stored(store_at)
    with pytest.raises(ConflictError, match=r"payments P1 amount: theirs 111, yours 222 \(you read 100\)"):
        carol.apply([edit_record(seen[2], "payments", "P1", amount="222")], by="carol", at=AT)

    assert stored(store_at) == before
    (payment,) = open_store(store_at).load().projects[0].funding.payments
    assert (payment.amount, payment.voucher) == (Decimal("111"), "记-12")
    assert open_store(store_at).load().revision == 4


def test_a_save_that_changes_nothing_writes_nothing(store_at: str) -> None:
    store = open_store(store_at)
    project = store.load().projects[0]
    before = stored(store_at)

    saved = store.apply([edit_record(project, "project", None, name=project.name)], by="alice", at=AT)

    assert saved.entries == ()
    assert saved.revision == 1
    assert stored(store_at) == before


def test_a_stale_update_and_an_edit_of_a_removed_project_are_refused_and_write_nothing(store_at: str) -> None:
    store = open_store(store_at)
    store.apply([add_payment(CODE, date="2023-10-08", source="local", amount="100")], by="alice", at=AT)
    before = stored(store_at)

    with pytest.raises(StaleRevisionError, match=r"revision 2, yours 1"):
        store.update(lambda current: current.projects, expected_revision=1)
    with pytest.raises(UnknownRecordError, match="no project 'GONE'"):
        store.apply([add_payment("GONE", date="2023-10-08", amount="1")], by="alice", at=AT)

    assert stored(store_at) == before


def test_a_record_changed_by_hand_into_something_invalid_is_refused_naming_the_project_and_the_field(
    store_at: str,
) -> None:
    open_store(store_at).apply([add_payment(CODE, date="2023-10-08", source="local", amount="100")], by="a", at=AT)
    hand_edit(store_at, '"amount":"100"', '"amount":"-5"')

    with pytest.raises(ValidationError) as refused:
        open_store(store_at).load()

    message = str(refused.value)
    assert message.startswith(f"{open_store(store_at).path}: projects[")
    assert "funding.payments[0].amount: '-5' must not be negative" in message


def test_a_project_added_by_two_people_at_once_is_added_once(empty_store_at: str, sample_projects) -> None:
    open_store(empty_store_at).create()
    first, second = open_store(empty_store_at), open_store(empty_store_at)
    first.load(), second.load()
    from store.edits import AddProject, project_values

    add = AddProject(CODE, project_values(sample_projects[0]))
    first.apply([add], by="alice", at=AT)
    with pytest.raises(ValidationError, match="already in the store"):
        second.apply([add], by="bob", at=AT)

    assert [p.code for p in open_store(empty_store_at).load().projects] == [CODE]


_EDITOR = textwrap.dedent(
    """
    import sys
    import pendulum
    from store.backend import open_store
    from store.edits import add_payment

    location, code, count, by = sys.argv[1:5]
    store = open_store(location)
    store.lock_timeout = 60
    for n in range(1, int(count) + 1):
        store.apply([add_payment(code, date="2023-10-08", source="local", amount=str(n), voucher=f"{by}-{n}")],
                    by=by, at=pendulum.now())
    """
)


def test_many_editors_at_once_lose_nothing(empty_store_at: str, sample_projects: tuple[Project, ...]) -> None:
    """8 people, each recording 10 payments, half of them on the same project: 80 saves, every one kept once."""
    open_store(empty_store_at).create(copies(sample_projects, 4))
    editors = [
        subprocess.Popen(
            [sys.executable, "-c", _EDITOR, empty_store_at, f"C{n % 4 + 1:02}", "10", f"user{n}"],
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(8)
    ]
    errors = [editor.communicate(timeout=300)[1] for editor in editors]

    assert [editor.returncode for editor in editors] == [0] * 8, errors
    portfolio = open_store(empty_store_at).load()
    vouchers = sorted(p.voucher for project in portfolio.projects for p in project.funding.payments)
    assert vouchers == sorted(f"user{n}-{k}" for n in range(8) for k in range(1, 11))
    assert portfolio.revision == 1 + 80
    report = open_store(empty_store_at).verify_history()
    assert report.count == 80 * 4  # date, source, amount and voucher of each payment
    assert report.projects == (4, 4)


_WRITER = textwrap.dedent(
    """
    import os, sys
    import pendulum
    from store.backend import open_store
    from store.edits import add_payment

    location, code, acks, prefix = sys.argv[1:5]
    store = open_store(location)
    ack = os.open(acks, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    n = 0
    while True:
        n += 1
        payment = add_payment(code, date="2023-10-08", source="local", amount=str(n), voucher=f"{prefix}-{n}")
        store.apply([payment], by="writer", at=pendulum.datetime(2023, 10, 8, tz="Asia/Shanghai"))
        os.write(ack, f"{n}\\n".encode())  # only once apply has returned: acknowledged
    """
)


def test_a_writer_killed_at_random_moments_keeps_every_acknowledged_save_and_a_valid_store(
    store_at: str, tmp_path: Path
) -> None:
    rng = random.Random(20261202)
    acknowledged: set[str] = set()
    for kill in range(1, 16):
        acks = tmp_path / f"acks-{kill}"
        writer = subprocess.Popen([sys.executable, "-c", _WRITER, store_at, CODE, str(acks), f"k{kill}"])
        deadline = time.monotonic() + 60
        while not (acks.exists() and acks.read_bytes()) and time.monotonic() < deadline:
            time.sleep(0.005)  # past Python's start: the first save is made, the kill lands among the next ones
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=30)
        lines = acks.read_text().splitlines() if acks.exists() else []
        acked = {f"k{kill}-{n}" for n in lines}

        portfolio = open_store(store_at).load()  # validates every record, or raises
        vouchers = [payment.voucher for payment in portfolio.projects[0].funding.payments]
        assert len(vouchers) == len(set(vouchers)), f"kill {kill}: a save was applied twice"
        assert acknowledged | acked <= set(vouchers), f"kill {kill}: acknowledged saves lost"
        extra = {v for v in vouchers if v.startswith(f"k{kill}-")} - acked
        assert extra <= {f"k{kill}-{len(lines) + 1}"}, f"kill {kill}: unexpected saves {extra}"
        acknowledged |= acked | extra
        assert portfolio.revision == 1 + len(vouchers), "every save added exactly one payment"
    assert open_store(store_at).verify_history().projects == (1, 1)


def test_a_database_tells_a_dashboard_of_each_save_by_its_notification(
    database: str, sample_projects: tuple[Project, ...]
) -> None:
    """file_key() of a database is the revision the saves' notifications said: no query is made to learn it."""
    watcher = open_store(database)
    watcher.create(sample_projects)
    assert watcher.file_key() == (1,)
    colleague = open_store(database)
    colleague.apply([add_payment(CODE, date="2023-10-08", amount="1")], by="bob", at=AT)
    colleague.apply([add_payment(CODE, date="2023-10-09", amount="2")], by="bob", at=AT)

    deadline = time.monotonic() + 10
    while watcher.file_key() != (3,):
        assert time.monotonic() < deadline, f"still {watcher.file_key()}"
        time.sleep(0.01)


LISTED = (
    "Code\tName\tDepartment\tYear\tStatus date\tAnnual budget (万元)\n"
    f"{CODE}\t2023年度襄垣县城镇老旧小区改造项目\t襄垣县住房和城乡建设管理局\t2023\t2023-09-28\t589.20\n"
)


def test_drift_list_shows_the_same_from_a_file_and_from_a_databases_columns(store_at: str, run_cli) -> None:
    assert run_cli("--store", store_at, "list").out == LISTED
    (row,) = orjson.loads(run_cli("--store", store_at, "list", "--json").out)
    assert row["annual_budget"] == "589.20" and row["status_date"] == "2023-09-28" and row["code_made"] is False


def test_an_edit_leaves_every_project_where_it_stands_in_the_store_s_order(
    empty_store_at: str, sample_projects: tuple[Project, ...], run_cli
) -> None:
    """A payment to the first of three projects, from the whole store and from the project read alone: `drift list`
    and every read keep the store's order (a file once moved an edited project to its end; a database never did)."""
    store = open_store(empty_store_at)
    store.create(copies(sample_projects, 3))
    store.apply([add_payment("C01", date="2023-10-08", source="local", amount="1")], by="alice", at=AT)
    assert run_cli("--store", empty_store_at, *PAY, "--project", "C02", "--voucher", "V2").code == 0

    listed = [line.split("\t")[0] for line in run_cli("--store", empty_store_at, "list").out.splitlines()[1:]]
    assert listed == ["C01", "C02", "C03"]
    assert [p.code for p in open_store(empty_store_at).load().projects] == ["C01", "C02", "C03"]


PAY = ("pay", "--date", "2023-10-09", "--source", "local", "--amount", "2", "--by", "bob")


def test_a_project_renamed_by_hand_in_the_database_is_found_by_validate(
    database: str, sample_projects: tuple[Project, ...], run_cli
) -> None:
    """`drift list` reads a database's columns: a doc changed behind drift's back, its columns not, is a fault. The
    server gives the changed doc its digest, so no remembered analysis of the old one is shown for it."""
    open_store(database).create(sample_projects)
    before = open_store(database).projects().digests
    hand_edit(database, '"name":"2023年度', '"name":"改名 2023年度')

    refused = run_cli("--store", database, "validate")

    assert refused.code == 2
    assert f"projects[{CODE}]: the columns name, department" in refused.err
    assert "改名 2023年度" in refused.err
    assert run_cli("--store", database, "list").out.count("改名") == 0  # the columns: what validate refuses
    assert open_store(database).projects().digests != before
    assert open_store(database).projects()[0].name.startswith("改名 2023年度")


def test_a_doc_changed_with_the_servers_digest_turned_off_is_refused(
    database: str, sample_projects: tuple[Project, ...], run_cli
) -> None:
    """Only a doc whose digest is not its own (the trigger that makes it turned off) is refused on reading: it
    would be shown with the analysis remembered of another text."""
    import psycopg

    open_store(database).create(sample_projects)
    with psycopg.connect(database) as conn:
        conn.execute("ALTER TABLE drift_projects DISABLE TRIGGER drift_digest")
    hand_edit(database, '"name":"2023年度', '"name":"改名 2023年度')

    refused = run_cli("--store", database, "status")

    assert refused.code == 2
    assert (
        refused.err
        == f"drift: {database}: projects[{CODE}]: the row's digest is not that of its doc: it was changed by hand\n"
    )


def test_a_database_named_in_the_config_file_is_the_store_and_its_rules_are_named_by_its_url(
    database: str, sample_projects: tuple[Project, ...], run_cli, tmp_path: Path
) -> None:
    import psycopg

    open_store(database).create(sample_projects)
    with psycopg.connect(database) as conn:
        conn.execute(
            "INSERT INTO drift_rules (toml) VALUES (%s)", ("schedule_yellow_days = 10\nschedule_red_days = 45\n",)
        )
    (tmp_path / "drift").mkdir()
    (tmp_path / "drift" / "config.toml").write_text(f'store = "{database}"\n', encoding="utf-8")
    environ = {"XDG_CONFIG_HOME": str(tmp_path)}

    listed = run_cli("list", environ=environ)
    shown = run_cli("config", environ=environ)
    rules = run_cli("rules", "--json", environ=environ)

    assert listed.code == 0 and CODE in listed.out
    (store_line,) = [line.split() for line in shown.out.splitlines() if line.split()[0] == "store"]
    assert store_line[1] == database
    red = orjson.loads(rules.out)["rules"]["schedule_red_days"]
    assert (red["value"], red["source"]) == (45, f"{database} (table drift_rules)")


def test_each_project_streamed_to_a_dashboard_names_its_remembered_analysis_before_the_rest_are_read(
    empty_store_at: str, sample_projects: tuple[Project, ...]
) -> None:
    """A first screen shows remembered headlines, found by each project's digest, as the projects arrive: without
    the digest, each project of the first screen would be analysed anew."""
    open_store(empty_store_at).create(copies(sample_projects, 3))
    store = open_store(empty_store_at)
    digests: list[bytes | None] = []

    store.read(lambda project: digests.append(store.line_digest(project)))

    assert len(digests) == 3 and None not in digests and len(set(digests)) == 3
