"""The command line at scale: list, check, export, status and pay timed against orjson.loads of the same file.

Used by benchmarks.run (issue #18). Every command is a process of its own, as a user or a script starts it, timed
from spawn to exit with its peak memory (ru_maxrss); the floor is a Python process that reads the store and parses
it with orjson.loads, run in the same round. The commands run as a user whose drift has shown the store before
(store/checked.py: it then builds the projects without checking them again; tui/memo.py: nor analyses them again);
`first_read` is `drift list` by a user whose drift never has, each round with an empty memory, and `first_check`
that user's `drift check` next, which analyses every project. `drift status` is timed in an 80-column
pseudo-terminal too, where the table is fitted to the width. Payments go to copies of the store.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.terminal import pty_unavailable_reason, run_in_terminal

FLOOR_SCRIPT = "import orjson, sys\nwith open(sys.argv[1], 'rb') as file:\n    orjson.loads(file.read())"

READING = {
    "list": ["list"],
    "check": ["check"],
    "export_summary": ["export", "--summary"],
    "status": ["status"],
    "status_json": ["status", "--json"],
}
"""The commands that read the whole store, by the key of their figure."""
EXIT_CODES = {"check": {0, 3}}
"""What each command may exit with and still have done its work: check's 3 says it found deviations."""
CONCURRENT_PAYS = 8
TERMINAL_COLUMNS = 80
"""The width `drift status` is also timed at in a terminal: where the names fold, which a pipe never sees."""
_CODE = re.compile(rb'"code":"(SYN-(\d{4})-\d{6})"')


@dataclass
class Run:
    seconds: float
    max_rss_mib: float


@dataclass
class Figures:
    """Each figure's runs, by key, with its label and unit; run.py turns them into medians and targets."""

    runs: dict[str, list[float]] = field(default_factory=dict)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    details: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def add(self, key: str, label: str, unit: str, value: float) -> None:
        self.labels[key] = (label, unit)
        self.runs.setdefault(key, []).append(value)


def measure(store: Path, size: int, repeat: int, env: dict[str, str], drift: list[str], *, pays: bool) -> Figures:
    """Every reading command on store (size projects) against the floor, --repeat rounds interleaved; with pays,
    a payment's time, the longest anyone waited for the store's lock meanwhile, and CONCURRENT_PAYS at once."""
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="drift-commands-") as work:
        newcomer = env | {"XDG_CACHE_HOME": str(Path(work) / "newcomer")}
        env = env | {"XDG_CACHE_HOME": str(Path(work) / "user")}
        # The user has looked at the store before: their drift remembers it checked and each project's headline.
        _timed([*drift, "status", "--store", str(store)], env)
        in_use = Path(work) / "in_use.json"
        codes = _spread_codes(store, CONCURRENT_PAYS + 1)
        if pays:
            shutil.copyfile(store, in_use)
            _pay(drift, in_use, codes[0], "warm-up", env)  # saved once, as a store in use is
        for n in range(repeat):
            shutil.rmtree(newcomer["XDG_CACHE_HOME"], ignore_errors=True)
            first = _timed([*drift, "list", "--store", str(store)], newcomer)
            label = f"drift list by a user whose drift never read the store, {size:,} projects"
            figures.add(f"first_read_{size}", label, "ms", first.seconds * 1000)
            first = _timed([*drift, "check", "--store", str(store)], newcomer, EXIT_CODES["check"])
            label = f"drift check by a user whose drift never analysed the store, {size:,} projects"
            figures.add(f"first_check_{size}", label, "ms", first.seconds * 1000)
            floor = _timed([sys.executable, "-c", FLOOR_SCRIPT, str(store)], env)
            figures.add(
                f"commands_floor_{size}",
                f"floor: a process reading and orjson.loads of the {size:,} store",
                "ms",
                floor.seconds * 1000,
            )
            for key, arguments in READING.items():
                try:
                    run = _timed([*drift, *arguments, "--store", str(store)], env, EXIT_CODES.get(key, {0}))
                except RuntimeError as error:
                    figures.errors[f"{key}_{size}"] = str(error)
                    continue
                label = f"drift {' '.join(arguments)}, {size:,} projects"
                figures.add(f"{key}_{size}", label, "ms", run.seconds * 1000)
                figures.add(f"{key}_memory_{size}", f"peak memory of {label}", "MiB", run.max_rss_mib)
            _measure_in_terminal(figures, store, size, env, drift)
            if pays:
                _measure_pay(figures, in_use, size, codes, n, env, drift)
    return figures


def _measure_in_terminal(figures: Figures, store: Path, size: int, env: dict[str, str], drift: list[str]) -> None:
    """`drift status` as a person at an 80-column terminal runs it: the table fitted to the width, its names
    folded, drawn into a pseudo-terminal that is read as fast as it is written."""
    key = f"status_terminal_{size}"
    if reason := pty_unavailable_reason():
        figures.errors[key] = reason
        return
    run = run_in_terminal([*drift, "status", "--store", str(store)], env=env, columns=TERMINAL_COLUMNS, lines=24)
    if run.exit_code != 0:
        figures.errors[key] = f"drift status in a terminal: exit {run.exit_code}"
        return
    label = f"drift status in an {TERMINAL_COLUMNS}-column terminal, {size:,} projects"
    figures.add(key, label, "ms", run.seconds * 1000)


def _measure_pay(
    figures: Figures,
    in_use: Path,
    size: int,
    codes: list[tuple[str, str]],
    n: int,
    env: dict[str, str],
    drift: list[str],
) -> None:
    with tempfile.TemporaryDirectory(prefix="drift-pay-") as work:
        store = Path(work) / "store.json"
        shutil.copyfile(in_use, store)
        with _LockWatch(store) as watch:
            run = _pay(drift, store, codes[1], f"one-{n}", env)
        figures.add(f"pay_{size}", f"drift pay (one payment), {size:,} projects", "ms", run.seconds * 1000)
        figures.add(
            f"pay_lock_{size}",
            "longest wait for the store's lock while that payment was saved",
            "ms",
            watch.longest * 1000,
        )

        shutil.copyfile(in_use, store)
        vouchers = [f"together-{n}-{k}" for k in range(CONCURRENT_PAYS)]
        started = time.perf_counter()
        children = [
            _spawn_pay(drift, store, code, voucher, env) for code, voucher in zip(codes[1:], vouchers, strict=True)
        ]
        ends, failures = [], []
        for child in children:
            _, stderr = child.communicate()
            ends.append(time.perf_counter() - started)
            if child.returncode != 0:
                failures.append(stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {child.returncode}")
        saved = store.read_bytes()
        landed = sum(saved.count(f'"voucher":"{voucher}"'.encode()) == 1 for voucher in vouchers)
        key = f"pay_concurrent_{size}"
        figures.add(
            key, f"{CONCURRENT_PAYS} drift pay at once: the last one done, {size:,} projects", "ms", max(ends) * 1000
        )
        details = figures.details.setdefault(key, {"landed": [], "failures": []})
        details["landed"].append(landed)
        details["failures"].extend(failures)


def _pay(drift: list[str], store: Path, code: tuple[str, str], voucher: str, env: dict[str, str]) -> Run:
    return _timed(_pay_command(drift, store, code, voucher), env)


def _spawn_pay(
    drift: list[str], store: Path, code: tuple[str, str], voucher: str, env: dict[str, str]
) -> subprocess.Popen[str]:
    command = _pay_command(drift, store, code, voucher)
    return subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=tempfile.gettempdir()
    )


def _pay_command(drift: list[str], store: Path, code: tuple[str, str], voucher: str) -> list[str]:
    project, year = code
    return [
        *drift, "pay", "--store", str(store), "--project", project, "--date", f"{year}-06-30", "--source", "central",
        "--amount", "0.01", "--voucher", voucher, "--by", "benchmark", "--allow-duplicate",
    ]  # fmt: skip


def _timed(command: list[str], env: dict[str, str], ok: set[int] | None = None) -> Run:
    """Spawn to exit of command, and its peak memory; RuntimeError when it fails."""
    with tempfile.TemporaryFile() as stderr:  # a file, not a pipe: nobody reads a pipe while wait4 waits
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env, cwd=tempfile.gettempdir())
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (ok or {0}):
            stderr.seek(0)
            said = stderr.read().decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"{' '.join(command[-6:])}: exit {child.returncode}: {said[-1] if said else ''}")
    return Run(seconds, usage.ru_maxrss / 1024)


def _spread_codes(store: Path, count: int) -> list[tuple[str, str]]:
    """The codes and budget years of count projects spread over the store, read a line at a time."""
    found = [(match[1].decode(), match[2].decode()) for match in _codes(store)]
    step = max(len(found) // count, 1)
    chosen = found[::step][:count]
    if len(chosen) < count:
        raise SystemExit(f"benchmark: {store} holds {len(found)} synthetic projects; at least {count} are needed")
    return chosen


def _codes(store: Path) -> Iterator[re.Match[bytes]]:
    with store.open("rb") as file:
        for line in file:  # each project is a line of its own: the runner never holds the store parsed
            if found := _CODE.search(line):
                yield found


class _LockWatch:
    """Takes and gives back the store's lock again and again on a thread, waiting in flock itself: the longest it
    waited is about the longest anyone else held it."""

    def __init__(self, store: Path) -> None:
        self._lock = os.open(f"{store}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self.longest = 0.0

    def __enter__(self) -> _LockWatch:
        self._thread.start()
        return self

    def _watch(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            fcntl.flock(self._lock, fcntl.LOCK_EX)  # returns the moment the holder lets go
            self.longest = max(self.longest, time.perf_counter() - started)
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            time.sleep(0.002)  # long enough for a writer waiting on the lock to take it

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        os.close(self._lock)
