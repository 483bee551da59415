"""What a user's drift analysed it remembers privately, by the bytes of each project's line, the as-of date and the
rules: `drift check`, `status` and `export --summary` analyse again only what changed, and say the same."""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pendulum
import pytest
from msgspec import structs

from drift.rules import DEFAULT_RULES
from store.model import Checkpoint, Project, RuleSettings
from store.persist import Store
from tests.conftest import SEED_CODE, CliRunner, built_lines
from tui import memo

CODES = (SEED_CODE, "B-2", "C-3")
PAY = ("pay", "--project", "B-2", "--date", "2023-09-01", "--source", "central", "--amount", "100", "--by", "t")
COMMANDS = (("check",), ("status",), ("export", "--summary"))


@pytest.fixture
def store(tmp_path: Path, sample_projects: tuple[Project, ...]) -> str:
    """The seed three times under three codes, C-3 as of 2023-02-15 (before anything was due)."""
    (seed,) = sample_projects
    path = tmp_path / "store.json"
    Store(path).create(
        (
            seed,
            structs.replace(seed, code="B-2"),
            structs.replace(seed, code="C-3", status_date=pendulum.date(2023, 2, 15)),
        )
    )
    return str(path)


def cache(tmp_path: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp_path / "cache")}


def headline_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "drift" / "headlines").iterdir())


def remembered_now(tmp_path: Path) -> dict[bytes, dict[bytes, bytes]]:
    """What the one headline file holds."""
    (remembered,) = headline_files(tmp_path)
    return pickle.loads(remembered.read_bytes()[len(memo.MAGIC) + 16 :])


def remember(tmp_path: Path, kept: object) -> None:
    """Write kept as the headline file, whole and with its checksum, as drift would."""
    (remembered,) = headline_files(tmp_path)
    body = pickle.dumps(kept)
    remembered.write_bytes(memo.MAGIC + hashlib.blake2b(memo.CODE_VERSION + body, digest_size=16).digest() + body)


def repack(tmp_path: Path, change: Callable[[Any, bytes], tuple[Any, bytes]]) -> None:
    """Rewrite every headline kept, its row fields and its flags' pickle as change makes them."""
    kept = remembered_now(tmp_path)
    for variants in kept.values():
        for variant, packed in list(variants.items()):
            if variant != memo.SETTLED:
                variants[variant] = pickle.dumps(change(*pickle.loads(packed)))
    remember(tmp_path, kept)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_second_run_analyses_nothing_and_says_the_same(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str], command: tuple[str, ...]
) -> None:
    first = run_cli(*command, "--store", store, environ=cache(tmp_path))
    assert sorted(analysed) == sorted(CODES)

    second = run_cli(*command, "--store", store, environ=cache(tmp_path))

    assert sorted(analysed) == sorted(CODES)  # nothing more
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    (remembered,) = headline_files(tmp_path)
    assert remembered.stat().st_mode & 0o777 == 0o600 and remembered.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("command", COMMANDS)
def test_what_is_remembered_is_shown_without_building_the_projects(
    tmp_path: Path, store: str, run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    first = run_cli(*command, "--store", store, environ=cache(tmp_path))
    assert run_cli(*PAY, "--store", store, environ=cache(tmp_path)).code == 0
    changed = run_cli(*command, "--store", store, environ=cache(tmp_path))
    built = built_lines(monkeypatch)

    again = run_cli(*command, "--store", store, environ=cache(tmp_path))
    assert built == []
    assert (
        (again.code, again.out, again.err)
        == (changed.code, changed.out, changed.err)
        != (first.code, first.out, first.err)
    )

    run_cli("check", "--as-of", "2023-06-30", "--store", store, environ=cache(tmp_path))
    assert sorted(built) == sorted(CODES)  # another date: each project built, to be analysed


def test_a_payment_builds_only_its_project_for_the_next_check(
    tmp_path: Path, store: str, run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    run_cli("check", "--store", store, environ=cache(tmp_path))
    built = built_lines(monkeypatch)
    assert run_cli(*PAY, "--store", store, environ=cache(tmp_path)).code == 0
    assert built == ["B-2"]  # the payment itself: read alone (Store.one)

    run_cli("check", "--store", store, environ=cache(tmp_path))

    assert built == ["B-2", "B-2"]


def test_what_is_kept_of_a_project_spoilt_costs_only_its_analysis(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str]
) -> None:
    first = run_cli("check", "--store", store, environ=cache(tmp_path))
    kept = remembered_now(tmp_path)
    one, two, three = kept
    kept[one][memo.SETTLED] = pickle.dumps(("2023-02-15", "not rules"))
    kept[two][memo.SETTLED] = b"not a pickle"
    del kept[three][memo.SETTLED]
    remember(tmp_path, kept)
    del analysed[:]

    second = run_cli("check", "--store", store, environ=cache(tmp_path))

    assert analysed == []  # built and found by what the project says: its headlines are still the ones kept
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)


def test_a_payment_makes_only_its_project_analysed_again_with_its_new_figures(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str]
) -> None:
    before = run_cli("check", "--store", store, environ=cache(tmp_path))
    assert "B-2\tred\tbudget.behind_time\ttotal: 0.00% of the budget paid" in before.out
    assert run_cli(*PAY, "--store", store, environ=cache(tmp_path)).code == 0
    del analysed[:]

    after = run_cli("check", "--store", store, environ=cache(tmp_path))

    assert analysed == ["B-2"]
    # 100 of 589.20 paid: 16.97% against 74.25% of the year, 57.28 points behind.
    assert "B-2\tred\tbudget.behind_time\ttotal: 16.97% of the budget paid" in after.out
    assert f"{SEED_CODE}\tred\tbudget.behind_time\ttotal: 0.00% of the budget paid" in after.out


def test_a_byte_changed_by_hand_is_analysed_again(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str]
) -> None:
    run_cli("status", "--store", store, environ=cache(tmp_path))
    raw = Path(store).read_text(encoding="utf-8")
    lines = raw.splitlines(keepends=True)
    (line,) = [n for n, text in enumerate(lines) if '"code":"C-3"' in text]
    lines[line] = lines[line].replace('"status_date":"2023-02-15"', '"status_date":"2023-09-28"')
    Path(store).write_text("".join(lines), encoding="utf-8")
    del analysed[:]

    result = run_cli("status", "--store", store, environ=cache(tmp_path))

    assert analysed == ["C-3"]
    assert "2023-02-15" not in result.out and result.out.count("2023-09-28") == 3


def test_another_as_of_date_or_other_rules_are_analysed_again(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str]
) -> None:
    run_cli("check", "--store", store, environ=cache(tmp_path))
    del analysed[:]

    run_cli("check", "--as-of", "2023-06-30", "--store", store, environ=cache(tmp_path))
    assert sorted(analysed) == sorted(CODES)
    del analysed[:]

    Path(store).with_name("store.rules.toml").write_text(
        "budget_yellow_points = 10\nbudget_red_points = 80\n", encoding="utf-8"
    )
    result = run_cli("check", "--fail-on", "red", "--store", store, environ=cache(tmp_path))

    assert sorted(analysed) == sorted(CODES)
    assert "budget.behind_time" not in result.out  # 74.25 points behind is no longer red


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of a headline flipped
        lambda data: b"not drift's\n" + data,
        lambda data: b"",
    ],
)
def test_a_remembered_file_spoilt_is_not_believed_and_costs_only_the_analysis(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str], spoil: Callable[[bytes], bytes]
) -> None:
    first = run_cli("check", "--store", store, environ=cache(tmp_path))
    (remembered,) = headline_files(tmp_path)
    remembered.write_bytes(spoil(remembered.read_bytes()))
    del analysed[:]

    second = run_cli("check", "--store", store, environ=cache(tmp_path))

    assert sorted(analysed) == sorted(CODES)
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)


def test_headlines_kept_in_another_shape_by_the_same_code_are_analysed_again(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str]
) -> None:
    first = run_cli("check", "--store", store, environ=cache(tmp_path))
    kept = remembered_now(tmp_path)
    one, two, three = kept
    kept[one] = "not headlines"
    kept[two] = {variant: pickle.dumps(("not a row",)) for variant in kept[two]}
    kept[three] = {
        variant: pickle.dumps((pickle.loads(packed)[0][:3], "not flags")) if variant != memo.SETTLED else packed
        for variant, packed in kept[three].items()
    }
    remember(tmp_path, kept)
    del analysed[:]

    second = run_cli("check", "--store", store, environ=cache(tmp_path))

    assert sorted(analysed) == sorted(CODES)
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)


def test_a_narrower_look_keeps_what_the_whole_store_needs_and_two_dates_in_turn_analyse_nothing(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str]
) -> None:
    run_cli("check", "--store", store, environ=cache(tmp_path))
    assert run_cli(*PAY, "--store", store, environ=cache(tmp_path)).code == 0
    run_cli("check", "--project", "B-2", "--store", store, environ=cache(tmp_path))
    run_cli("check", "--as-of", "2023-06-30", "--store", store, environ=cache(tmp_path))
    del analysed[:]

    for as_of in ((), ("--as-of", "2023-06-30"), ()):
        run_cli("check", *as_of, "--store", store, environ=cache(tmp_path))

    assert analysed == []


def test_each_line_keeps_its_last_few_headlines_and_a_line_gone_keeps_none(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str]
) -> None:
    for month in range(1, 8):
        run_cli("check", "--as-of", f"2023-{month:02d}-28", "--store", store, environ=cache(tmp_path))
    assert run_cli(*PAY, "--store", store, environ=cache(tmp_path)).code == 0
    run_cli("check", "--as-of", "2023-07-28", "--store", store, environ=cache(tmp_path))

    kept = remembered_now(tmp_path)
    headlines = [[variant for variant in variants if variant != memo.SETTLED] for variants in kept.values()]
    assert sorted(map(len, headlines)) == [1, memo.KEPT_VARIANTS, memo.KEPT_VARIANTS]  # B-2's old line: gone
    assert all(memo.SETTLED in variants for variants in kept.values())
    del analysed[:]
    run_cli("check", "--as-of", "2023-04-28", "--store", store, environ=cache(tmp_path))
    assert sorted(analysed) == ["B-2"]  # April is among the four last of the two lines unchanged


def test_a_file_too_big_to_be_drifts_is_not_read(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = run_cli("check", "--store", store, environ=cache(tmp_path))
    (remembered,) = headline_files(tmp_path)
    monkeypatch.setattr(memo, "LIMIT", remembered.stat().st_size - 1)
    del analysed[:]

    second = run_cli("check", "--store", store, environ=cache(tmp_path))

    assert sorted(analysed) == sorted(CODES)
    assert (second.code, second.out) == (first.code, first.out)


def test_headlines_are_not_written_where_they_would_not_be_believed(
    tmp_path: Path, store: str, run_cli: CliRunner
) -> None:
    folder = tmp_path / "cache" / "drift" / "headlines"
    folder.mkdir(parents=True)
    folder.chmod(0o775)

    run_cli("check", "--store", store, environ=cache(tmp_path))

    assert list(folder.iterdir()) == []


def test_workers_asking_and_saving_at_once_lose_nothing_and_raise_nothing(
    tmp_path: Path, store: str, analysed: list[str]
) -> None:
    opened = Store(store, environ=cache(tmp_path))
    projects = opened.load().projects
    memory = memo.Headlines(opened)
    failures: list[BaseException] = []

    def ask(day: int) -> None:
        try:
            for _ in range(20):
                for project in projects:
                    memory.of(project, pendulum.date(2023, 9, day), DEFAULT_RULES)
                memory.save()
        except BaseException as error:  # any failure in a worker is what the test looks for
            failures.append(error)

    workers = [threading.Thread(target=ask, args=(day,)) for day in (1, 2, 3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert failures == []
    assert len(analysed) == 3 * len(projects)  # each date's headlines made once, whoever asked first
    del analysed[:]
    again = memo.Headlines(Store(store, environ=cache(tmp_path)))
    again.store.load()
    for day in (1, 2, 3):
        for project in again.store.load().projects:
            again.of(project, pendulum.date(2023, 9, day), DEFAULT_RULES)
    assert analysed == []


def test_headlines_in_a_folder_others_may_write_or_through_a_symlink_are_not_believed(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str]
) -> None:
    run_cli("check", "--store", store, environ=cache(tmp_path))
    (remembered,) = headline_files(tmp_path)
    folder = remembered.parent
    folder.chmod(0o777)
    del analysed[:]
    run_cli("check", "--store", store, environ=cache(tmp_path))
    assert sorted(analysed) == sorted(CODES)

    folder.chmod(0o700)
    moved = tmp_path / "elsewhere"
    remembered.rename(moved)
    os.symlink(moved, remembered)
    del analysed[:]
    run_cli("check", "--store", store, environ=cache(tmp_path))
    assert sorted(analysed) == sorted(CODES)


def test_headlines_made_by_other_code_are_not_this_drifts(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run_cli("check", "--store", store, environ=cache(tmp_path))
    monkeypatch.setattr(memo, "CODE_VERSION", b"another drift...")
    del analysed[:]

    run_cli("check", "--store", store, environ=cache(tmp_path))

    assert sorted(analysed) == sorted(CODES)


def test_without_a_cache_folder_every_run_analyses_every_project(
    store: str, run_cli: CliRunner, analysed: list[str]
) -> None:
    run_cli("check", "--store", store, environ={})
    run_cli("check", "--store", store, environ={})

    assert sorted(analysed) == sorted(CODES * 2)


def test_only_the_most_recently_used_stores_keep_their_headlines(
    tmp_path: Path, sample_projects: tuple[Project, ...], run_cli: CliRunner
) -> None:
    for n in range(memo.KEPT_FILES + 2):
        path = tmp_path / f"store-{n}.json"
        Store(path).create(sample_projects)
        run_cli("check", "--store", str(path), environ=cache(tmp_path))

    assert len(headline_files(tmp_path)) == memo.KEPT_FILES


def test_a_project_not_as_the_store_last_read_it_has_no_digest(store: str, run_cli: CliRunner) -> None:
    opened = Store(store)
    seed, paid, _ = opened.load().projects
    assert opened.line_digest(seed) is not None and opened.line_digest(paid) is not None
    assert opened.line_digest(structs.replace(seed)) is None  # equal, but not the project read

    assert run_cli(*PAY, "--store", store).code == 0
    opened.load()

    assert opened.line_digest(seed) is not None  # its line unchanged: read as before
    assert opened.line_digest(paid) is None  # its line changed: the digest is the new project's


def fresh(run_cli: CliRunner, tmp_path: Path, *command: str) -> tuple[int, str, str]:
    """What a user whose drift remembers nothing is shown."""
    result = run_cli(*command, environ={"XDG_CACHE_HOME": str(tmp_path / "nothing-remembered")})
    return result.code, result.out, result.err


def test_rules_equal_but_written_otherwise_are_said_as_written(
    tmp_path: Path, sample_projects: tuple[Project, ...], run_cli: CliRunner
) -> None:
    (seed,) = sample_projects
    own = RuleSettings(checkpoints=(Checkpoint(6, Decimal("40")),))
    path = tmp_path / "store.json"
    Store(path).create((structs.replace(seed, code="B-2", rules=own), seed))  # its own rules met first
    rules = path.with_name("store.rules.toml")
    for written in ("40.0", "40", "40.0"):
        rules.write_text(f"[[checkpoints]]\nmonth = 6\nmin_paid_pct = {written}\n", encoding="utf-8")

        shown = run_cli("check", "--store", str(path), environ=cache(tmp_path))

        assert (shown.code, shown.out, shown.err) == fresh(run_cli, tmp_path, "check", "--store", str(path))
        missed = "yellow\tbudget.checkpoint_missed\ttotal: by 2023-06-30 at least"
        assert f"B-2\t{missed} 40% of the budget" in shown.out
        assert f"{SEED_CODE}\t{missed} {written}% of the budget" in shown.out


class _NoFieldSet:
    """Unpickled, a RuleSettings with none of its fields set: one drift never makes."""

    def __reduce__(self) -> tuple[object, ...]:
        return (object.__new__, (RuleSettings,))


@pytest.mark.parametrize(
    "spoilt",
    [
        structs.replace(RuleSettings(), checkpoints=[Checkpoint(6, Decimal("40"))]),  # a list: unhashable
        _NoFieldSet(),
    ],
)
def test_kept_rules_of_a_shape_drift_never_makes_cost_a_build_and_are_made_right(
    tmp_path: Path, store: str, run_cli: CliRunner, monkeypatch: pytest.MonkeyPatch, spoilt: object
) -> None:
    first = run_cli("check", "--store", store, environ=cache(tmp_path))
    kept = remembered_now(tmp_path)
    for variants in kept.values():
        variants[memo.SETTLED] = pickle.dumps((None, spoilt))
    remember(tmp_path, kept)
    built = built_lines(monkeypatch)

    second = run_cli("check", "--store", store, environ=cache(tmp_path))
    third = run_cli("check", "--store", store, environ=cache(tmp_path))

    assert sorted(built) == sorted(CODES)  # the second run built each project, the third none
    assert (
        (first.code, first.out, first.err)
        == (second.code, second.out, second.err)
        == (third.code, third.out, third.err)
    )


@pytest.mark.parametrize(
    "spoil",
    [
        lambda row: row[:9],  # cut short: what is not known would read as nothing unknown
        lambda row: (*row[:3], str(row[3]), *row[4:]),  # a light as plain text
        lambda row: (*row[:2], row[2].isoformat(), *row[3:]),  # a date as text
    ],
)
def test_kept_rows_of_another_shape_are_analysed_again(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str], spoil: Callable[[tuple[object, ...]], tuple]
) -> None:
    first = run_cli("export", "--summary", "--store", store, environ=cache(tmp_path))
    repack(tmp_path, lambda row, flags: (spoil(row), flags))
    del analysed[:]

    second = run_cli("export", "--summary", "--store", store, environ=cache(tmp_path))

    assert sorted(analysed) == sorted(CODES)
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)


@pytest.mark.parametrize(
    "flags", [b"not a pickle", pickle.dumps((("red", "budget.behind"),))], ids=["not a pickle", "another shape"]
)
def test_kept_flags_are_read_only_by_the_command_that_shows_them_and_spoilt_are_analysed_again(
    tmp_path: Path, store: str, run_cli: CliRunner, analysed: list[str], monkeypatch: pytest.MonkeyPatch, flags: bytes
) -> None:
    first = {command: run_cli(*command, "--store", store, environ=cache(tmp_path)) for command in COMMANDS}
    repack(tmp_path, lambda row, _: (row, flags))
    del analysed[:]
    built = built_lines(monkeypatch)

    # status and export --summary show rows, not flags: they find all they show, and build nothing.
    rows = {command: run_cli(*command, "--store", store, environ=cache(tmp_path)) for command in COMMANDS[1:]}
    assert (built, analysed) == ([], [])
    # check shows the flags: unreadable, they cost each project its analysis, and it says what it said before.
    flagged = run_cli("check", "--store", store, environ=cache(tmp_path))
    assert analysed == list(CODES)

    for command, shown in [*rows.items(), (("check",), flagged)]:
        assert (shown.code, shown.out, shown.err) == (first[command].code, first[command].out, first[command].err)
    assert flagged.out.count("\n") > 3
