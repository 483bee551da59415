"""What a user's drift checked it remembers privately, and skips the checks only for those very bytes; read again, a
Store reads only the lines that changed."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pendulum
import pytest
from msgspec import structs

from store import checked as checked_module
from store import layout, persist, tables
from store.checked import CheckedSeals, checks_version
from store.edits import add_payment
from store.errors import ValidationError
from store.model import Project
from store.persist import Store
from store.tables import decode_file, document_digests, seal_of
from tests.conftest import CliRunner

PAY = ("pay", "--date", "2023-10-01", "--source", "central", "--amount", "1", "--by", "tester")


def user(tmp_path: Path, name: str) -> dict[str, str]:
    """The environment of a user whose drift remembers what it checked in a cache folder of their own."""
    return {"XDG_CACHE_HOME": str(tmp_path / name / "cache")}


def paid(store_path: Path, run_cli: CliRunner, environ: dict[str, str]) -> bytes:
    """The sample store after one `drift pay` by this user, whose drift now holds it checked."""
    assert run_cli(*PAY, "--store", str(store_path), environ=environ).code == 0
    return store_path.read_bytes()


def seal(projects: layout.Table) -> str:
    return seal_of(projects, document_digests(projects))


def projects_table(raw: bytes) -> layout.Table:
    lines = layout.split(raw)
    assert lines is not None
    table = lines.parsed()["projects"]
    assert isinstance(table, layout.Table)
    return table


def with_money_as_a_number(raw: bytes) -> tuple[bytes, bytes]:
    """The store with its first budget as a JSON number, which only the check pass refuses; and the figure."""
    amount = re.search(rb'"annual_budget":"([0-9.]+)"', raw)
    assert amount is not None
    return raw.replace(amount[0], b'"annual_budget":' + amount[1], 1), amount[1]


def bad_store(tmp_path: Path, store_path: Path, run_cli: CliRunner) -> tuple[dict[str, str], bytes, bytes]:
    """Alice's store, paid by her, then given a budget as a JSON number in place: her environment, the bytes and the
    figure."""
    alice = user(tmp_path, "alice")
    bad, amount = with_money_as_a_number(paid(store_path, run_cli, alice))
    store_path.write_bytes(bad)
    return alice, bad, amount


def remembered_bad_store(tmp_path: Path, store_path: Path, run_cli: CliRunner) -> tuple[dict[str, str], CheckedSeals]:
    """Alice's store with a budget as a JSON number, its seal in her memory."""
    alice, bad, _ = bad_store(tmp_path, store_path, run_cli)
    memory = CheckedSeals(alice)
    memory.add(seal(projects_table(bad)))
    return alice, memory


def test_a_save_remembers_what_it_wrote_as_checked_in_a_file_only_the_user_may_write(
    tmp_path: Path, store_path: Path, run_cli: CliRunner
) -> None:
    alice = user(tmp_path, "alice")

    raw = paid(store_path, run_cli, alice)

    memory = Path(alice["XDG_CACHE_HOME"]) / "drift" / "checked"
    header, read, written = memory.read_text(encoding="ascii").splitlines()  # the store as pay read it and wrote it
    assert header == "drift-checked 1"
    assert written == seal(projects_table(raw)) != read
    assert memory.stat().st_mode & 0o777 == 0o600 and memory.parent.stat().st_mode & 0o777 == 0o700
    assert "checked" not in json.loads(raw)["_meta"]["1"]  # nothing in the shared file says "checked"


@pytest.mark.parametrize(
    ("edit", "field", "reason"),
    [
        ('"amount":"', '"amount":"-', "must not be negative"),
        ('"amount":"', '"amount":"1e', "is not an amount"),
        ('"code":', '"colour":"red","code":', "unknown field 'colour'"),
        ('"budget_year":2023', '"budget_year":"2023"', "must be a whole number"),
        ('"planned_start":"2023-', '"planned_start":"2023/', "is not a date in the form YYYY-MM-DD"),
    ],
)
def test_a_hand_edit_of_a_store_the_user_checked_is_checked_in_full_and_refused(
    tmp_path: Path, store_path: Path, run_cli: CliRunner, edit: str, field: str, reason: str
) -> None:
    alice = user(tmp_path, "alice")
    raw = paid(store_path, run_cli, alice).decode()
    assert edit in raw
    store_path.write_text(raw.replace(edit, field, 1), encoding="utf-8")

    for command in (("list",), PAY):
        result = run_cli(*command, "--store", str(store_path), environ=alice)

        assert result.code == 2
        assert reason in result.err and f"{store_path}: projects[1]" in result.err


def test_bytes_the_user_checked_are_built_without_the_checks_and_no_one_elses_are(
    tmp_path: Path, store_path: Path, run_cli: CliRunner
) -> None:
    # Alice's own drift is made to remember bad bytes as checked: only her reads skip the checks, which proves the
    # shortcut is taken, and only on her word. Bob's drift, and validate, check them in full.
    alice, bad, amount = bad_store(tmp_path, store_path, run_cli)
    bob = user(tmp_path, "bob")
    CheckedSeals(alice).add(seal(projects_table(bad)))

    portfolio = Store(store_path, environ=alice).load()
    listed_by_bob = run_cli("list", "--store", str(store_path), environ=bob)
    validated = run_cli("validate", "--store", str(store_path), environ=alice)

    assert str(portfolio.projects[0].funding.annual_budget) == amount.decode()
    for refused in (listed_by_bob, validated):
        assert refused.code == 2
        assert "projects[1].funding.annual_budget" in refused.err and "must be a decimal string" in refused.err


def test_a_memory_file_others_may_write_is_not_believed(tmp_path: Path, store_path: Path, run_cli: CliRunner) -> None:
    alice, memory = remembered_bad_store(tmp_path, store_path, run_cli)
    assert memory.path is not None
    os.chmod(memory.path, 0o666)

    with pytest.raises(ValidationError, match="must be a decimal string"):
        Store(store_path, environ=alice).load()


def test_a_seal_made_by_other_checks_is_not_this_drifts(
    tmp_path: Path, store_path: Path, run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, _ = remembered_bad_store(tmp_path, store_path, run_cli)  # remembered by a drift whose rules were other ...

    monkeypatch.setattr(tables, "checks_version", lambda: b"the code of the rules, changed")

    with pytest.raises(ValidationError, match="must be a decimal string"):  # ... so this one checks again
        Store(store_path, environ=alice).load()


def test_a_form_only_the_check_pass_reads_stays_readable_a_line_at_a_time_once_remembered(
    tmp_path: Path, store_path: Path, run_cli: CliRunner
) -> None:
    alice = user(tmp_path, "alice")
    raw = paid(store_path, run_cli, alice)
    hand_typed = raw.replace(b'"share":"100"', b'"share":"100%"', 1)  # as read by parse_percent, written by hand
    assert hand_typed != raw
    CheckedSeals(alice).add(seal(projects_table(hand_typed)))

    read = decode_file(hand_typed, store_path, checked=CheckedSeals(alice))

    assert isinstance(read.tables, layout.Lines)  # not parsed whole: the dashboard still shows projects as read
    assert read.portfolio.projects == Store(store_path, environ=alice).load().projects


def test_a_store_remembered_and_read_again_gives_the_same_projects(
    tmp_path: Path, store_path: Path, run_cli: CliRunner
) -> None:
    alice = user(tmp_path, "alice")
    before = Store(store_path, environ=alice).load()  # every check

    paid(store_path, run_cli, alice)
    after = Store(store_path, environ=alice).load()  # built only

    assert [p.code for p in after.projects] == [p.code for p in before.projects]
    assert after.projects[0].funding.payments[:-1] == before.projects[0].funding.payments
    assert after.projects[0].phases == before.projects[0].phases
    assert after.projects[0].indicators == before.projects[0].indicators


def test_a_save_after_another_reads_again_only_the_project_the_other_changed(
    tmp_path: Path, sample_projects: tuple[Project, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = sample_projects[0]
    others = [structs.replace(seed, code=f"{seed.code}-{n}") for n in range(1, 5)]
    path = tmp_path / "store.json"
    Store(path).create([seed, *others])
    mine, theirs = Store(path), Store(path)
    mine.load()
    theirs.load()
    theirs.apply([add_payment(others[2].code, date="2023-10-08", source="local", amount="7")], by="b", at=NOW)
    read: list[str] = []
    decode = tables.decode_project

    def reading(doc: object, **options: bool) -> Project:
        project = decode(doc, **options)
        if isinstance(doc, memoryview):  # a line of the file; a save also checks the document it writes, as a dict
            read.append(project.code)
        return project

    monkeypatch.setattr(tables, "decode_project", reading)

    saved = mine.apply([add_payment(seed.code, date="2023-10-09", source="local", amount="5")], by="a", at=NOW)

    assert read == [others[2].code]  # the one the other save changed: the rest were read from the same bytes before
    assert [
        p.funding.payments[-1].amount for p in saved.portfolio.projects if p.code in (seed.code, others[2].code)
    ] == [
        Decimal("5"),
        Decimal("7"),
    ]
    fresh = Store(path).load()  # reading every line
    assert {p.code: p for p in fresh.projects} == {p.code: p for p in saved.portfolio.projects}


NOW = pendulum.datetime(2023, 10, 9, 9, 0, tz="Asia/Shanghai")


def test_a_drift_that_cannot_read_the_code_of_its_rules_believes_no_memory(
    tmp_path: Path, store_path: Path, run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, _ = remembered_bad_store(tmp_path, store_path, run_cli)
    checks_version.cache_clear()
    monkeypatch.setattr(checked_module, "RULE_FILES", ("no-such-module.py",))
    try:
        with pytest.raises(ValidationError, match="must be a decimal string"):
            Store(store_path, environ=alice).load()
    finally:
        checks_version.cache_clear()


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda folder: os.chmod(folder, 0o777), id="a folder others may write"),
        pytest.param(
            lambda folder: (folder / "checked").write_text(
                "# a report the user exported, moved here\n" + (folder / "checked").read_text().split("\n", 1)[1]
            ),
            id="a file drift did not write",
        ),
    ],
)
def test_a_memory_that_may_not_be_drifts_own_is_not_believed(
    tmp_path: Path, store_path: Path, run_cli: CliRunner, spoil: Callable[[Path], object]
) -> None:
    alice, memory = remembered_bad_store(tmp_path, store_path, run_cli)
    assert memory.folder is not None
    spoil(memory.folder)

    with pytest.raises(ValidationError, match="must be a decimal string"):
        Store(store_path, environ=alice).load()


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda path: path.mkdir(parents=True), id="a folder in its place"),
        pytest.param(
            lambda path: (
                path.parent.mkdir(mode=0o700, parents=True) or path.write_bytes(b"drift-checked 1\n\xc3\xa9\n")
            ),
            id="junk in it",
        ),
    ],
)
def test_a_memory_that_cannot_be_read_costs_only_the_shortcut(
    tmp_path: Path, store_path: Path, run_cli: CliRunner, spoil: Callable[[Path], object]
) -> None:
    alice = user(tmp_path, "alice")
    memory = CheckedSeals(alice).path
    assert memory is not None
    spoil(memory)
    if memory.is_file():
        memory.chmod(0o600)

    assert run_cli("list", "--store", str(store_path), environ=alice).code == 0
    assert run_cli(*PAY, "--store", str(store_path), environ=alice).code == 0


def test_a_line_written_into_the_file_just_after_a_save_is_read_and_checked_not_remembered(
    tmp_path: Path, sample_projects: tuple[Project, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file's key is taken just after a save's rename: a line written into the file in that moment has the key
    # the Store trusts. Its next save must still read and check that line, and remember nothing of it.
    alice = user(tmp_path, "alice")
    seed = sample_projects[0]
    path = tmp_path / "store.json"
    Store(path).create([seed, structs.replace(seed, code=f"{seed.code}-2")])
    store = Store(path, environ=alice)
    store.load()
    key_of = persist.read_file_key

    def written_into_first(file: Path) -> tuple[int, ...]:
        raw = file.read_bytes()
        file.write_bytes(raw.replace(f'"name":"{seed.name}"'.encode(), b'"name":"\\u001b[2J"', 1))
        monkeypatch.setattr(persist, "read_file_key", key_of)
        return key_of(file)

    monkeypatch.setattr(persist, "read_file_key", written_into_first)
    store.apply([add_payment(seed.code, date="2023-10-09", source="local", amount="5")], by="a", at=NOW)
    spoiled = path.read_bytes()
    assert b"\\u001b[2J" in spoiled

    with pytest.raises(ValidationError, match="control character U\\+001B"):
        store.apply([add_payment(f"{seed.code}-2", date="2023-10-09", source="local", amount="5")], by="a", at=NOW)
    assert not CheckedSeals(alice).holds(seal(projects_table(spoiled)))


def test_a_store_of_an_older_schema_is_not_remembered_as_checked(
    tmp_path: Path, store_path: Path, run_cli: CliRunner
) -> None:
    raw = paid(store_path, run_cli, user(tmp_path, "alice"))
    store_path.write_bytes(raw.replace(b'"schema":3', b'"schema":2', 1))
    bob = user(tmp_path, "bob")

    store = Store(store_path, environ=bob)
    store.load()  # migrated as it is read: what was checked is not these bytes

    assert not CheckedSeals(bob).holds(seal(projects_table(raw)))
    assert CheckedSeals(bob).lines() == frozenset()
    store_path.write_bytes(raw)  # the same lines, of this schema: the same Store checks them, not recalls them
    checked: list[bool] = []
    decode = tables.decode_project
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            tables,
            "decode_project",
            lambda doc, **options: checked.append(options["checked_before"]) or decode(doc, **options),
        )
        store.load()
    assert checked == [False]


def test_a_read_of_a_store_held_checked_leaves_the_memory_alone(
    tmp_path: Path, store_path: Path, run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice = user(tmp_path, "alice")
    paid(store_path, run_cli, alice)
    Store(store_path, environ=alice).load()  # held checked since the save: nothing more to remember
    monkeypatch.setattr(CheckedSeals, "_read_lines", lambda self: pytest.fail("the lines were read"))

    Store(store_path, environ=alice).load()


def test_after_a_colleague_s_save_only_the_lines_they_changed_are_checked_again(
    tmp_path: Path, sample_projects: tuple[Project, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bob's save seals the new file for Bob alone; Alice's drift, which checked every other line before, checks the
    one line Bob changed and builds the rest from the very bytes it checked."""
    seed = sample_projects[0]
    others = [structs.replace(seed, code=f"{seed.code}-{n}") for n in range(1, 5)]
    path = tmp_path / "store.json"
    Store(path).create([seed, *others])
    alice, bob = user(tmp_path, "alice"), user(tmp_path, "bob")
    Store(path, environ=alice).load()
    Store(path, environ=bob).apply(
        [add_payment(others[2].code, date="2023-10-08", source="local", amount="7")], by="b", at=NOW
    )
    checked: list[tuple[str, bool]] = []
    decode = tables.decode_project

    def reading(doc: object, *, checked_before: bool = False) -> Project:
        project = decode(doc, checked_before=checked_before)
        checked.append((project.code, checked_before))
        return project

    monkeypatch.setattr(tables, "decode_project", reading)

    portfolio = Store(path, environ=alice).load()

    assert [code for code, before in checked if not before] == [others[2].code]
    assert len(checked) == 5
    monkeypatch.undo()
    assert portfolio == Store(path, environ=user(tmp_path, "carol")).load()  # every line checked


def test_a_line_remembered_is_built_without_its_checks_for_that_user_alone_and_under_these_checks_alone(
    tmp_path: Path, store_path: Path, run_cli: CliRunner
) -> None:
    alice, bad, amount = bad_store(tmp_path, store_path, run_cli)
    bob = user(tmp_path, "bob")
    memory = CheckedSeals(alice)
    memory.add_lines(document_digests(projects_table(bad)))  # made to remember the bad line: proves the shortcut
    assert memory.folder is not None
    lines = memory.folder / "checked-lines"
    remembered = lines.read_bytes()

    lines.write_bytes(remembered.replace(b" schema ", b" schema 0", 1))  # lines another schema's checks passed
    with pytest.raises(ValidationError, match="must be a decimal string"):
        Store(store_path, environ=alice).load()
    lines.write_bytes(remembered)
    with pytest.raises(ValidationError, match="must be a decimal string"):
        Store(store_path, environ=bob).load()
    assert str(Store(store_path, environ=alice).load().projects[0].funding.annual_budget) == amount.decode()


def test_two_remembered_lines_of_one_code_are_refused_as_before(
    tmp_path: Path, store_path: Path, run_cli: CliRunner
) -> None:
    """Each line is one the user's drift checked; what spans lines, a code used twice, is checked at every read."""
    alice = user(tmp_path, "alice")
    raw = paid(store_path, run_cli, alice)
    Store(store_path, environ=alice).load()
    line = bytes(projects_table(raw).text("1"))
    first = b'"projects": {\n    "1": ' + line
    store_path.write_bytes(raw.replace(first, first + b',\n    "2": ' + line, 1))

    with pytest.raises(ValidationError, match="appears twice"):
        Store(store_path, environ=alice).load()


def test_the_lines_remembered_are_the_newest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checked_module, "LINES_REMEMBERED", 3)
    memory = CheckedSeals(user(tmp_path, "alice"))
    a, b, c, d = (bytes([n]) * checked_module.DIGEST_SIZE for n in range(4))

    memory.add_lines([a, b])
    memory.add_lines([c, d])
    assert memory.lines() == {b, c, d}
    memory.add_lines([c, a])  # one of them remembered already: both become the newest
    assert memory.lines() == {d, c, a}
    memory.add_lines([a])
    assert memory.lines() == {d, c, a}


def test_a_memory_file_left_half_written_by_a_killed_drift_is_removed_at_the_next_write(tmp_path: Path) -> None:
    memory = CheckedSeals(user(tmp_path, "alice"))
    memory.add_lines([b"a" * checked_module.DIGEST_SIZE])
    assert memory.folder is not None
    left, writing = memory.folder / ".checked-lines.k1ll3d", memory.folder / ".checked-lines.wr1t1n"
    left.write_bytes(b"x" * 1000)
    writing.write_bytes(b"y")  # another drift's, under way
    an_hour_ago = left.stat().st_mtime - 3600
    os.utime(left, (an_hour_ago, an_hour_ago))

    memory.add_lines([b"b" * checked_module.DIGEST_SIZE])

    assert not left.exists() and writing.exists()
    assert memory.lines() == {b"a" * checked_module.DIGEST_SIZE, b"b" * checked_module.DIGEST_SIZE}
