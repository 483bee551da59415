"""The drift benchmark: start-up, sort, filter, saving, export and memory at thousands of projects, against targets.

    python -m benchmarks.run [--sizes 1000,10000] [--repeat 5] [--json OUT] [--strict]

Every figure is the median of --repeat runs, measured in one run of this command next to its floor (a bare
Textual app, orjson with an atomic replace, TinyDB's default storage, json.dumps), so the ratios compare like
with like on the same machine at the same moment. It prints a table with each target and PASS or FAIL, writes
the JSON, and exits 0 however the figures come out (a measurement, not a gate) unless --strict is given.
docs/benchmarks.md explains every number.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import commands
from benchmarks.terminal import COLUMNS, LINES, pty_unavailable_reason, run_in_terminal

REPO = Path(__file__).resolve().parent.parent
BARE_APP = Path(__file__).resolve().with_name("bare_app.py")

BARE_PAINTED = re.compile(rb"bare-first-paint")
"""bare_app.MARKER, the text of its one row; not imported, so that this process never loads Textual (see below)."""
PORTFOLIO_PAINTED = re.compile(rb"\d% / \d")
"""The portfolio's paid column, "12.34% / 56.78%", is drawn only from an analysis: before, its cells show "…"."""
PROJECT_PAINTED = re.compile(rb"[+-]\d+(?:d| days?)\b")
"""A slip in days ("+89 days" in the headline, "+89d" in a table) on the project screen, which drift opens for a
one-project store on its Overview, needs the analysis."""

SAMPLE_RATIO = 1.5
LARGE_RATIO = 3.0
KEYSTROKE_MS = 100.0
SAVE_RATIO = 1.5
EXPORT_RATIO = 10.0
MEMORY_MIB = 400.0
COMMAND_RATIO = 2.0
PAY_MS = 500.0
LOCK_MS = 100.0
CONCURRENT_MS = 10_000.0
WHOLE_LOAD_MS = 6_000.0
AS_OF_IN_VIEW_MS = 300.0
"""Another as-of date: the rows in view analysed anew and drawn within this (issue #20), the rest as on load."""
"""The dashboard with every project of the large store read, analysed and painted: half the 11–13 s of issue #19."""


@dataclass
class Check:
    """One target: the figure, what it must stay within, and whether it did."""

    name: str
    figure: str
    target: str
    status: str
    """PASS, FAIL, or N/A when the figure could not be measured."""
    note: str = ""


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    sizes = args.sizes
    large = max(sizes)
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="drift-benchmark-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        env = _child_env(args.source) | {"XDG_CACHE_HOME": str(workdir / "cache")}  # what drift remembers: its own
        stores = _make_stores(workdir, sizes, args.seed, env)
        store_bytes = {name: path.stat().st_size for name, path in stores.items()}
        measurements: dict[str, dict[str, Any]] = {}
        measurements.update(_first_paint(stores, sizes, args.repeat, env, args.timeout))
        measurements.update(_probes(stores[str(large)], large, args.repeat, env, args.timeout))
        measurements.update(_commands(stores, sizes, args.repeat, env))
    finally:
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    checks = _checks(measurements, large)
    result = {
        "schema": 1,
        "machine": _machine(args.source),
        "config": {
            "sizes": sizes,
            "large": large,
            "repeat": args.repeat,
            "seed": args.seed,
            "terminal": f"{COLUMNS}x{LINES}",
            "store_bytes": store_bytes,
            "seconds": round(time.perf_counter() - started, 1),
        },
        "measurements": measurements,
        "checks": [vars(check) for check in checks],
    }
    sys.stdout.write(render_table(result) + "\n")
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sys.stdout.write(f"\nJSON written to {out}\n")
    failed = [check for check in checks if check.status == "FAIL"]
    return 1 if args.strict and failed else 0


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=_sizes, default=[1000, 10000], metavar="N,N", help="portfolio sizes (default 1000,10000)"
    )
    parser.add_argument("--repeat", type=int, default=5, metavar="N", help="runs per figure, median taken (default 5)")
    parser.add_argument(
        "--json",
        default=str(Path(tempfile.gettempdir()) / "drift-benchmark.json"),
        metavar="OUT",
        help="where to write the results (default: drift-benchmark.json in the temp folder)",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic portfolios (default 1)")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any target fails")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before one run counts as hung")
    parser.add_argument("--workdir", metavar="DIR", help="keep the generated stores here instead of a temp folder")
    parser.add_argument(
        "--source",
        metavar="DIR",
        help="measure the drift code in DIR (e.g. an exported older commit) instead of the installed one",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    if not sizes or sizes[0] < 2:
        raise argparse.ArgumentTypeError("sizes must be whole numbers of at least 2 (one project opens its own screen)")
    return sizes


def _progress(text: str) -> None:
    sys.stderr.write(f"[benchmark] {text}\n")
    sys.stderr.flush()


# ----------------------------------------------------------------------------------------------------------------
# Stores and the children's environment
# ----------------------------------------------------------------------------------------------------------------


def _make_stores(workdir: Path, sizes: list[int], seed: int, env: dict[str, str]) -> dict[str, Path]:
    """The sample store and one synthetic store per size, each made in a child process.

    This process must stay small: Linux counts a child's peak memory (ru_maxrss) from the parent's at the
    fork, so a runner holding 10,000 decoded projects would inflate the bare app's figure to its own size.
    """
    stores = {"sample": workdir / "sample.json"}
    if not stores["sample"].exists():
        _child([*_drift_command(), "init", "--store", str(stores["sample"])], env)
    for size in sizes:
        path = workdir / f"synthetic-{size}-seed{seed}.json"
        if not path.exists():
            _progress(f"generating {size:,} synthetic projects")
            _child(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.generate",
                    "--projects",
                    str(size),
                    "--seed",
                    str(seed),
                    "-o",
                    str(path),
                    "--store",
                ],
                env,
            )
        stores[str(size)] = path
    return stores


def _child(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir(), check=False)
    if done.returncode != 0:
        raise SystemExit(f"benchmark: {' '.join(command)} failed: {done.stderr.strip()[-800:]}")


def _child_env(source: str | None) -> dict[str, str]:
    """The environment of every measured process: a UTF-8, 256-colour terminal and no Textual debugging.

    Bytecode is written as an ordinary Python writes it: with PYTHONDONTWRITEBYTECODE set (some containers
    set it), every start would compile drift's edited modules again, which no installed drift does.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TEXTUAL") and key != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(TERM="xterm-256color", COLORTERM="truecolor", LANG=env.get("LANG") or "C.UTF-8")
    paths = [str(Path(source).resolve())] if source else []
    paths.append(str(REPO))  # the benchmarks package, which is not installed
    env["PYTHONPATH"] = os.pathsep.join([*paths, *filter(None, [env.get("PYTHONPATH")])])
    return env


def _drift_command() -> list[str]:
    script = Path(sys.executable).with_name("drift")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]


# ----------------------------------------------------------------------------------------------------------------
# 1 and 5: cold start to first paint, in a pseudo-terminal, and peak memory
# ----------------------------------------------------------------------------------------------------------------


def _first_paint(
    stores: dict[str, Path], sizes: list[int], repeat: int, env: dict[str, str], timeout: float
) -> dict[str, dict[str, Any]]:
    large = max(sizes)
    keys = [
        "first_paint_bare",
        "first_paint_sample",
        *(f"first_paint_{size}" for size in sizes),
        f"whole_load_{large}",
        f"whole_load_first_{large}",
    ]
    if reason := pty_unavailable_reason():
        skipped = {key: _skipped(reason, "ms") for key in keys}
        return skipped | {f"peak_memory_{large}": _skipped(reason, "MiB")}

    drift = [*_drift_command(), "--lang", "en", "--exit-after-paint", "--store"]
    drift_whole = [*_drift_command(), "--lang", "en", "--exit-after-load", "--store"]
    targets = [
        (
            "first_paint_bare",
            "bare Textual app",
            [sys.executable, str(BARE_APP)],
            BARE_PAINTED,
        ),
        ("first_paint_sample", "drift, the sample (1 project)", [*drift, str(stores["sample"])], PROJECT_PAINTED),
        *(
            (f"first_paint_{size}", f"drift, {size:,} projects", [*drift, str(stores[str(size)])], PORTFOLIO_PAINTED)
            for size in sizes
        ),
        (
            f"whole_load_{large}",
            f"drift, all {large:,} projects read, analysed and painted",
            [*drift_whole, str(stores[str(large)])],
            PORTFOLIO_PAINTED,
        ),
        (
            f"whole_load_first_{large}",
            f"drift, all {large:,} projects, by a user whose drift never read them",
            [*drift_whole, str(stores[str(large)])],
            PORTFOLIO_PAINTED,
        ),
    ]
    newcomer = Path(env["XDG_CACHE_HOME"]).with_name("newcomer-cache")
    cwd = tempfile.gettempdir()  # not the repository: its folders must not shadow the code being measured
    # Compile bytecode and warm the page cache, and let drift remember the large store as a user who opened it
    # before: not counted.
    for _, label, command, marker in [*targets[:2], targets[-2]]:
        _progress(f"warming up: {label}")
        run_in_terminal(command, env=env, cwd=cwd, timeout=timeout, marker=marker)
    runs: dict[str, list] = {key: [] for key, *_ in targets}
    for n in range(repeat):
        for key, label, command, marker in targets:  # interleaved, so a slow moment of the machine hits all alike
            _progress(f"run {n + 1}/{repeat}: first paint, {label}")
            shutil.rmtree(newcomer, ignore_errors=True)
            run_env = env | {"XDG_CACHE_HOME": str(newcomer)} if key.startswith("whole_load_first") else env
            runs[key].append(run_in_terminal(command, env=run_env, cwd=cwd, timeout=timeout, marker=marker))

    out: dict[str, dict[str, Any]] = {}
    for key, label, _, _ in targets:
        done = runs[key]
        failures = [run for run in done if run.exit_code != 0]
        exit_ms = [run.seconds * 1000 for run in done]
        if key.startswith("whole_load"):
            entry = _entry(f"start to exit, {label}", "ms", exit_ms)
        else:  # what the person waits for: the analysed figures on the terminal; the exit pays Textual's shutdown
            seen = [run.marker_seconds * 1000 for run in done if run.marker_seconds is not None]
            entry = _entry(f"cold start to the data on screen, {label}", "ms", seen or exit_ms)
            if len(seen) < len(done):
                failures = failures or [run for run in done if run.marker_seconds is None]
        entry["details"] = {
            "painted_before_exit": [run.marker_seconds is not None for run in done],
            "start_to_exit_ms": [round(ms, 1) for ms in exit_ms],
            "max_rss_mib": [round(run.max_rss_mib, 1) for run in done],
        }
        if failures:
            tail = failures[0].output[-400:].decode("utf-8", "replace")
            failed = failures[0]
            why = f"exit code {failed.exit_code}{' (timed out)' if failed.timed_out else ''}"
            entry["error"] = f"{why if failed.exit_code else 'the analysed data never reached the terminal'}: {tail}"
        out[key] = entry
    memory = [run.max_rss_mib for run in runs[f"whole_load_{large}"]]  # the whole store read, not the first screen
    out[f"peak_memory_{large}"] = _entry(f"peak memory of drift with all {large:,} projects (ru_maxrss)", "MiB", memory)
    return out


# ----------------------------------------------------------------------------------------------------------------
# 2, 3 and 4: the in-process probes, each in a fresh interpreter
# ----------------------------------------------------------------------------------------------------------------


def _probes(store: Path, size: int, repeat: int, env: dict[str, str], timeout: float) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}

    interaction = _probe("interaction", store, repeat, env, timeout)
    for name, label in (("sort", "press s (sort)"), ("filter", "type one filter character")):
        key = f"{name}_{size}"
        if "error" in interaction:
            out[key] = _failed(interaction["error"], "ms")
            continue
        runs = interaction[name]
        entry = _entry(f"{label}: keystroke to repaint, {size:,} projects", "ms", [r["repaint_ms"] for r in runs])
        entry["details"] = {
            "first_frame_ms": [round(r["first_frame_ms"], 1) for r in runs],
            "frames": [r["frames"] for r in runs],
            "pilot_press_pause_ms": [round(r["pilot_press_pause_ms"], 1) for r in runs],
        }
        if name == "filter":
            entry["details"] |= {"character": interaction["filter_character"], "matches": interaction["filter_matches"]}
        out[key] = entry

    for name, label in (("in_view", "the rows in view"), ("all", "every row")):
        key = f"as_of_{name}_{size}"
        if "error" in interaction:
            out[key] = _failed(interaction["error"], "ms")
            continue
        label = f"another as-of date: enter to {label} analysed anew and drawn, {size:,} projects"
        out[key] = _entry(label, "ms", [run[f"{name}_ms"] for run in interaction["as_of"]])

    for name, label in (("loading", "the whole store loading"), ("saving", "one edit saved from the dashboard")):
        key = f"stall_{name}_{size}"
        figure = interaction.get(f"longest_stall_while_{name}_ms")
        label = f"longest the UI froze during {label}, {size:,} projects"
        out[key] = (
            _failed(interaction.get("error", "not measured"), "ms") if figure is None else _entry(label, "ms", [figure])
        )

    save = _probe("save", store, repeat, env, timeout)
    for key, run_name, label in (
        (f"save_{size}", "dashboard", f"save one edit from the dashboard (store read already), {size:,} projects"),
        (f"save_command_{size}", "command", "save one edit as a command (read and validate the file first)"),
        (f"save_floor_{size}", "orjson_atomic", "floor: orjson.dumps + write_atomically of the same store"),
        (f"save_tinydb_{size}", "tinydb_default", "TinyDB(path) default JSONStorage, table.update of one document"),
    ):
        out[key] = _failed(save["error"], "ms") if "error" in save else _entry(label, "ms", save[run_name])

    export = _probe("export", store, repeat, env, timeout)
    if "error" in export:
        out[f"export_{size}"] = _failed(export["error"], "ms")
        out[f"export_floor_{size}"] = _failed(export["error"], "ms")
    else:
        label = f"Markdown export ({export['renderer'] or 'drift.markdown'}), {size:,} projects"
        if export["renderer"] is None:
            out[f"export_{size}"] = _skipped(export["renderer_missing"], "ms", label)
        else:
            out[f"export_{size}"] = _entry(label, "ms", export["markdown"])
            out[f"export_{size}"]["details"] = {"bytes": export["markdown_bytes"], "analyse_ms": export["analyse_ms"]}
        out[f"export_floor_{size}"] = _entry("floor: json.dumps of the same projects", "ms", export["json_dumps"])
        out[f"export_floor_{size}"]["details"] = {"bytes": export["json_bytes"]}
    return out


def _commands(stores: dict[str, Path], sizes: list[int], repeat: int, env: dict[str, str]) -> dict[str, dict[str, Any]]:
    """6: the command line at each size against orjson.loads of the same file (benchmarks.commands)."""
    out: dict[str, dict[str, Any]] = {}
    for size in sizes:
        _progress(f"commands at {size:,} projects ({repeat} rounds)")
        figures = commands.measure(stores[str(size)], size, repeat, env, _drift_command(), pays=True)
        for key, runs in figures.runs.items():
            label, unit = figures.labels[key]
            out[key] = _entry(label, unit, runs)
            if key in figures.details:
                out[key]["details"] = figures.details[key]
        out.update((key, _failed(error, "ms")) for key, error in figures.errors.items())
    return out


def _probe(name: str, store: Path, repeat: int, env: dict[str, str], timeout: float) -> dict[str, Any]:
    _progress(f"probe: {name} ({repeat} runs)")
    command = [sys.executable, "-m", "benchmarks.probes", name, "--store", str(store), "--repeat", str(repeat)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=tempfile.gettempdir(), timeout=timeout * repeat
        )
    except subprocess.TimeoutExpired:
        return {"error": f"probe {name} timed out"}
    if done.returncode != 0:
        return {"error": f"probe {name} failed: {done.stderr.strip()[-800:]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------------------------------------------
# Entries, targets and the table
# ----------------------------------------------------------------------------------------------------------------


def _entry(label: str, unit: str, runs: list[float]) -> dict[str, Any]:
    return {
        "label": label,
        "unit": unit,
        "median": round(statistics.median(runs), 2),
        "runs": [round(r, 2) for r in runs],
    }


def _skipped(reason: str, unit: str, label: str = "") -> dict[str, Any]:
    return {"label": label, "unit": unit, "median": None, "runs": [], "skipped": reason}


def _failed(error: str, unit: str) -> dict[str, Any]:
    return {"label": "", "unit": unit, "median": None, "runs": [], "error": error}


def _checks(measurements: dict[str, dict[str, Any]], large: int) -> list[Check]:
    def median(key: str) -> float | None:
        entry = measurements.get(key, {})
        return None if entry.get("error") else entry.get("median")

    def ratio_check(name: str, key: str, floor_key: str, limit: float, floor_name: str) -> Check:
        value, floor = median(key), median(floor_key)
        target = f"≤ {limit:g} × {floor_name}"
        if value is None or not floor:
            return Check(name, "—", target, "N/A", _why_missing(measurements, key, floor_key))
        ratio = value / floor
        note = ""
        painted = measurements[key].get("details", {}).get("painted_before_exit")
        status = "PASS" if ratio <= limit else "FAIL"
        if painted is not None and not all(painted):
            status, note = "FAIL", "the analysed data had not reached the terminal when drift exited"
        return Check(name, f"{_number(value)} ms = {ratio:.2f} × {_number(floor)} ms", target, status, note)

    def limit_check(name: str, key: str, limit: float, unit: str) -> Check:
        value = median(key)
        target = f"≤ {limit:g} {unit}"
        if value is None:
            return Check(name, "—", target, "N/A", _why_missing(measurements, key))
        return Check(name, f"{_number(value)} {unit}", target, "PASS" if value <= limit else "FAIL")

    return [
        ratio_check("first paint, sample", "first_paint_sample", "first_paint_bare", SAMPLE_RATIO, "bare app"),
        ratio_check(
            f"first paint, {large:,} projects", f"first_paint_{large}", "first_paint_bare", LARGE_RATIO, "bare app"
        ),
        limit_check(f"whole store shown, {large:,}", f"whole_load_{large}", WHOLE_LOAD_MS, "ms"),
        limit_check(f"whole store shown, first, {large:,}", f"whole_load_first_{large}", WHOLE_LOAD_MS, "ms"),
        limit_check(f"sort, {large:,} projects", f"sort_{large}", KEYSTROKE_MS, "ms"),
        limit_check(f"filter, {large:,} projects", f"filter_{large}", KEYSTROKE_MS, "ms"),
        limit_check(f"new as-of, rows in view, {large:,}", f"as_of_in_view_{large}", AS_OF_IN_VIEW_MS, "ms"),
        limit_check(f"UI freeze, loading {large:,}", f"stall_loading_{large}", KEYSTROKE_MS, "ms"),
        limit_check(f"UI freeze, saving at {large:,}", f"stall_saving_{large}", KEYSTROKE_MS, "ms"),
        ratio_check(
            f"save one edit, {large:,} projects",
            f"save_{large}",
            f"save_floor_{large}",
            SAVE_RATIO,
            "orjson + atomic replace",
        ),
        ratio_check(
            f"save vs TinyDB, {large:,} projects",
            f"save_{large}",
            f"save_tinydb_{large}",
            1.0,
            "TinyDB default storage",
        ),
        ratio_check(
            f"Markdown export, {large:,} projects",
            f"export_{large}",
            f"export_floor_{large}",
            EXPORT_RATIO,
            "json.dumps",
        ),
        limit_check(f"peak memory, {large:,} projects", f"peak_memory_{large}", MEMORY_MIB, "MiB"),
        *(
            ratio_check(
                f"drift {name}, {large:,} projects",
                f"{key}_{large}",
                f"commands_floor_{large}",
                COMMAND_RATIO,
                "orjson.loads",
            )
            for key, name in (
                ("list", "list"),
                ("check", "check"),
                ("export_summary", "export --summary"),
                ("status", "status"),
                ("status_terminal", "status at 80 columns"),
            )
        ),
        ratio_check(
            f"drift check, first, {large:,}",
            f"first_check_{large}",
            f"commands_floor_{large}",
            COMMAND_RATIO,
            "orjson.loads",
        ),
        limit_check(f"status --json memory, {large:,}", f"status_json_memory_{large}", MEMORY_MIB, "MiB"),
        limit_check(f"drift pay, {large:,} projects", f"pay_{large}", PAY_MS, "ms"),
        limit_check(f"lock held by a pay, {large:,}", f"pay_lock_{large}", LOCK_MS, "ms"),
        _concurrent_check(measurements, large),
    ]


def _concurrent_check(measurements: dict[str, dict[str, Any]], large: int) -> Check:
    """The concurrent payments: the last one within the limit, and every one of them in the store."""
    key = f"pay_concurrent_{large}"
    name, target = f"{commands.CONCURRENT_PAYS} pays at once, {large:,}", f"≤ {CONCURRENT_MS:,.0f} ms, all saved"
    entry = measurements.get(key, {})
    if entry.get("median") is None:
        return Check(name, "—", target, "N/A", _why_missing(measurements, key))
    landed, failures = entry["details"]["landed"], entry["details"]["failures"]
    saved_all = all(count == commands.CONCURRENT_PAYS for count in landed)
    figure = f"{_number(entry['median'])} ms, saved {min(landed)}–{max(landed)} of {commands.CONCURRENT_PAYS}"
    note = failures[0][:200] if failures else ""
    return Check(name, figure, target, "PASS" if entry["median"] <= CONCURRENT_MS and saved_all else "FAIL", note)


def _why_missing(measurements: dict[str, dict[str, Any]], *keys: str) -> str:
    for key in keys:
        entry = measurements.get(key, {})
        if entry.get("skipped") or entry.get("error"):
            return str(entry.get("skipped") or entry.get("error")).splitlines()[0][:200]
    return "not measured"


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def render_table(result: dict[str, Any]) -> str:
    """The measurements and the targets as plain text, for a terminal or a Markdown code block."""
    machine, config = result["machine"], result["config"]
    lines = [
        f"drift benchmark: {machine['nproc']} CPUs, Python {machine['python']}, Textual {machine['textual']}, "
        f"terminal {config['terminal']}, median of {config['repeat']}, source {machine['source']}",
        "",
        f"{'measurement':<78} {'median':>12}",
    ]
    for key, entry in result["measurements"].items():
        if entry["median"] is None:
            shown = "skipped" if entry.get("skipped") else "error"
        else:
            shown = f"{_number(entry['median'])} {entry['unit']}"
        lines.append(f"{(entry['label'] or key)[:78]:<78} {shown:>12}")
    lines += ["", f"{'target':<36} {'figure':<40} {'limit':<32} result"]
    for check in result["checks"]:
        lines.append(f"{check['name']:<36} {check['figure']:<40} {check['target']:<32} {check['status']}")
        if check["note"]:
            lines.append(f"{'':<36} ({check['note']})")
    return "\n".join(lines)


def _machine(source: str | None) -> dict[str, Any]:
    return {
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "textual": importlib.metadata.version("textual"),
        "tinydb": importlib.metadata.version("tinydb"),
        "orjson": importlib.metadata.version("orjson"),
        "source": _describe_source(Path(source) if source else REPO),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _describe_source(path: Path) -> str:
    """The commit the measured code is at, marked +dirty when it has uncommitted changes, or its folder."""
    git: Callable[..., subprocess.CompletedProcess[str]] = lambda *a: subprocess.run(  # noqa: E731
        ["git", "-C", str(path), *a], capture_output=True, text=True, check=False
    )
    head = git("rev-parse", "--short", "HEAD")
    if head.returncode != 0:
        return str(path)
    dirty = git("status", "--porcelain", "--", "store", "drift", "tui").stdout.strip()
    return head.stdout.strip() + ("+dirty" if dirty else "")


if __name__ == "__main__":
    sys.exit(main())
