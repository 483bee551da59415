"""The PostgreSQL store measured: a save, `drift list`, the first screen and 20 editors at once, at each size.

    python -m benchmarks.postgres --sizes 10000,100000 --json pg.json

A server comes from $DRIFT_TEST_POSTGRES, else .ci/postgres starts one for the run. Each size gets a database of
its own holding the synthetic portfolio of benchmarks.generate (seed 1). Ratios are taken against floors measured
in the same run: the bare Textual app for the first screen, the JSON store for the commands.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.commands import _timed
from benchmarks.run import BARE_APP, BARE_PAINTED, PORTFOLIO_PAINTED, REPO, _child_env, _drift_command, _entry
from benchmarks.terminal import pty_unavailable_reason, run_in_terminal

PAY_MS = 50.0
LIST_MS = 1_000.0
FIRST_PAINT_RATIO = 3.0
EDITORS, EDITS = 20, 50

_SAVE = textwrap.dedent(
    """
    import json, sys, time
    import pendulum
    from store.backend import open_store
    from store.edits import add_payment

    location, code, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
    times = []
    for n in range(repeat):
        started = time.perf_counter()
        store = open_store(location)
        store.one(code)
        store.apply([add_payment(code, date="2023-06-01", amount=f"0.{n + 1:02}", voucher=f"bench-{time.time_ns()}")],
                    by="bench", at=pendulum.now())
        times.append((time.perf_counter() - started) * 1000)
        store.close()
    print(json.dumps(times))
    """
)

_EDITOR = textwrap.dedent(
    """
    import sys
    import pendulum
    from store.backend import open_store
    from store.edits import add_payment

    location, code, edits, by = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    store = open_store(location)
    store.lock_timeout = 60
    for n in range(1, edits + 1):
        store.apply([add_payment(code, date="2023-06-01", amount=str(n), voucher=f"{by}-{n}")], by=by,
                    at=pendulum.now())
    """
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.postgres", description=__doc__)
    parser.add_argument("--sizes", default="10000,100000", help="portfolio sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (the median is kept)")
    parser.add_argument("--json", metavar="FILE", help="write the measurements here")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    env = _child_env(None) | {"XDG_CACHE_HOME": tempfile.mkdtemp(prefix="drift-pg-cache-")}
    server, folder = _server()
    result: dict[str, Any] = {"sizes": sizes, "measurements": {}}
    try:
        for size in sizes:
            result["measurements"] |= _measure(server, size, args.repeat, env)
    finally:
        if folder:
            subprocess.run([str(REPO / ".ci" / "postgres"), "stop", folder], check=False)
    result["checks"] = _checks(result["measurements"], sizes)
    text = json.dumps(result, indent=2, ensure_ascii=False)
    if args.json:
        Path(args.json).write_text(text + "\n", encoding="utf-8")
    for check in result["checks"]:
        print(f"{'met' if check['met'] else 'NOT MET'}: {check['what']}: {check['figure']}")
    return 0


def _server() -> tuple[str, str | None]:
    if url := os.environ.get("DRIFT_TEST_POSTGRES"):
        return url, None
    started = subprocess.run([str(REPO / ".ci" / "postgres"), "start"], capture_output=True, text=True, check=True)
    url, folder = started.stdout.split()
    return url, folder


def _database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def _progress(text: str) -> None:
    print(f"benchmark: {text}", file=sys.stderr, flush=True)


def _run(command: list[str], env: dict[str, str]) -> float:
    """Spawn to exit in ms, as the JSON store's commands are timed (benchmarks.commands): standard output to
    /dev/null, as hyperfine sends it. Read through a pipe by this process, 12.7 MB of `drift list` at 100,000
    projects added 0.1-0.2 s of the runner's own reading."""
    try:
        return _timed(command, env, ok={0, 3}).seconds * 1000  # 3: drift check found deviations
    except RuntimeError as error:
        raise SystemExit(f"benchmark: {error}") from None


def _measure(server: str, size: int, repeat: int, env: dict[str, str]) -> dict[str, dict[str, Any]]:
    url = _database(server, f"drift_bench_{size}")
    _progress(f"{size:,} projects into {url}")
    made = f"from benchmarks.generate import synthetic_projects; from store.backend import open_store; open_store({url!r}).create(synthetic_projects({size}, 1))"
    _run([sys.executable, "-c", made], env)
    drift = _drift_command()
    from store.backend import open_store

    codes = [listed.code for listed in itertools.islice(open_store(url).listed(), 10)]
    code = codes[0]
    out: dict[str, dict[str, Any]] = {}

    _progress("a save of one payment, in the process (open, read the project, save)")
    saves = subprocess.run(
        [sys.executable, "-c", _SAVE, url, code, str(10 * repeat)], capture_output=True, text=True, env=env, check=True
    )
    out[f"pg_pay_{size}"] = _entry(
        f"a payment saved to {size:,} projects, in the process", "ms", json.loads(saves.stdout)
    )
    pay = [*drift, "--store", url, "pay", "--project", code, "--date", "2023-06-01", "--allow-duplicate", "--amount"]
    out[f"pg_pay_command_{size}"] = _entry(
        f"drift pay on {size:,} projects, start to exit", "ms", [_run([*pay, "1"], env) for _ in range(repeat)]
    )
    for command in ("list", "check") if size <= 10_000 else ("list",):  # check reads every project: minutes at 100,000
        _progress(f"drift {command}")
        runs = [_run([*drift, "--store", url, command], env) for _ in range(repeat)]
        out[f"pg_{command}_{size}"] = _entry(f"drift {command} of {size:,} projects, start to exit", "ms", runs)

    _progress(f"{EDITORS} editors x {EDITS} payments at once")
    started = time.perf_counter()
    editors = [
        subprocess.Popen(
            [sys.executable, "-c", _EDITOR, url, codes[n % len(codes)], str(EDITS), f"editor{n}"],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(EDITORS)
    ]
    problems = [editor.communicate(timeout=600)[1] for editor in editors]
    seconds = time.perf_counter() - started
    entry = _entry(f"{EDITORS} editors x {EDITS} payments at once on {size:,} projects", "ms", [seconds * 1000])
    entry["details"] = {
        "kept": _kept(url, codes),
        "expected": EDITORS * EDITS,
        "failed": [p for p in problems if p][:2],
    }
    out[f"pg_editors_{size}"] = entry

    if reason := pty_unavailable_reason():
        out[f"pg_first_paint_{size}"] = {"skipped": reason}
        return out
    cwd = tempfile.gettempdir()
    targets = {
        "bare": ([sys.executable, str(BARE_APP)], BARE_PAINTED),
        "drift": ([*drift, "--lang", "en", "--exit-after-paint", "--store", url], PORTFOLIO_PAINTED),
    }
    for command, marker in targets.values():  # warm up: bytecode, page cache, drift's memory of headlines
        run_in_terminal(command, env=env, cwd=cwd, timeout=600, marker=marker)
    seen: dict[str, list[float]] = {"bare": [], "drift": []}
    for _ in range(repeat):
        for name, (command, marker) in targets.items():
            run = run_in_terminal(command, env=env, cwd=cwd, timeout=600, marker=marker)
            seen[name].append((run.marker_seconds or run.seconds) * 1000)
    out[f"pg_first_paint_bare_{size}"] = _entry("bare Textual app, data visible", "ms", seen["bare"])
    out[f"pg_first_paint_{size}"] = _entry(
        f"drift on {size:,} projects in PostgreSQL, data visible", "ms", seen["drift"]
    )
    return out


def _kept(url: str, codes: list[str]) -> int:
    """How many of the editors' payments the projects they paid to hold, each once (-1: one held twice)."""
    from store.backend import open_store

    store = open_store(url)
    vouchers = []
    for code in codes:
        project = store.one(code).project
        assert project is not None
        vouchers += [payment.voucher for payment in project.funding.payments if payment.voucher.startswith("editor")]
    return len(set(vouchers)) if len(vouchers) == len(set(vouchers)) else -1


def _checks(measurements: dict[str, dict[str, Any]], sizes: list[int]) -> list[dict[str, Any]]:
    checks = []
    for size in sizes:
        pay = measurements[f"pg_pay_{size}"]["median"]
        checks.append(
            {"what": f"a save at {size:,} within {PAY_MS:g} ms", "figure": f"{pay:.1f} ms", "met": pay <= PAY_MS}
        )
        editors = measurements[f"pg_editors_{size}"]["details"]
        checks.append(
            {
                "what": f"{EDITORS} editors x {EDITS} payments at {size:,}, nothing lost",
                "figure": f"{editors['kept']} of {editors['expected']} kept",
                "met": editors["kept"] == editors["expected"],
            }
        )
    large = max(sizes)
    listing = measurements[f"pg_list_{large}"]["median"]
    checks.append(
        {"what": f"drift list at {large:,} within 1 s", "figure": f"{listing:.0f} ms", "met": listing <= LIST_MS}
    )
    if "median" in measurements.get(f"pg_first_paint_{large}", {}):
        ratio = (
            measurements[f"pg_first_paint_{large}"]["median"] / measurements[f"pg_first_paint_bare_{large}"]["median"]
        )
        checks.append(
            {
                "what": f"first screen at {large:,} within {FIRST_PAINT_RATIO:g}x the bare app",
                "figure": f"{ratio:.2f}x",
                "met": ratio <= FIRST_PAINT_RATIO,
            }
        )
    return checks


if __name__ == "__main__":
    raise SystemExit(main())
