"""In-process measurements on one store: sort and filter through Pilot, saving one edit, Markdown export.

The runner starts each probe in a fresh interpreter (`python -m benchmarks.probes NAME --store FILE --repeat N`),
so one probe's heap and caches never slow another; each prints one JSON object of its runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import importlib
import inspect
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson
from msgspec import structs

from store.codec import encode_project
from store.edits import add_payment
from store.fileio import write_atomically
from store.model import Portfolio, Project
from store.persist import Store
from store.tables import PROJECTS

TERMINAL_SIZE = (120, 40)
FILTER_CHARACTER = "2"
"""Typed into the empty filter box: every synthetic code holds its year (202x), so it matches every project,
the worst case of a first keystroke, which narrows nothing yet still rebuilds the table."""

AS_OF_DATES = ("2023-06-30", "2023-12-31")
"""Chosen in turn with a: each a date no headline of the synthetic stores is remembered for, the first time."""

QUIET_SECONDS = 0.3
"""After a keystroke, the screen counts as settled once no frame has been drawn for this long."""

RENDERER_NAMES = ("portfolio_markdown", "render_portfolio", "portfolio_report", "export_portfolio")
"""Names a Markdown renderer of the whole portfolio may have in drift.markdown, the likeliest first."""


# ----------------------------------------------------------------------------------------------------------------
# Sort and filter: keystroke to repaint, through Textual's Pilot
# ----------------------------------------------------------------------------------------------------------------


def measure_interaction(store_path: Path, repeat: int, timeout: float = 600.0) -> dict[str, Any]:
    """Median-ready runs of pressing s (sort) and of typing one filter character, on the portfolio screen.

    The dashboard saves one payment at the end, into a copy: the benchmark's stores stay as generated.
    """
    with tempfile.TemporaryDirectory(prefix="drift-interaction-") as folder:
        copy = Path(folder) / "store.json"
        shutil.copyfile(store_path, copy)
        return asyncio.run(_interaction(copy, repeat, timeout))


async def _interaction(store_path: Path, repeat: int, timeout: float) -> dict[str, Any]:
    from textual.widgets import Input

    from tui.app import DriftApp
    from tui.screens.portfolio import PortfolioScreen

    app = DriftApp(Store(store_path), lang="en")
    frames = _record_frames(app)
    started = time.perf_counter()
    async with app.run_test(size=TERMINAL_SIZE) as pilot:
        while not frames:
            await asyncio.sleep(0.005)
        # Every project analysed (drift delivers them in batches) and the screen quiet after it, the UI watched
        # from the first frame on: start-up itself is the first-paint figure.
        with _StallWatch() as load_stalls:
            await _settle(frames, started, lambda: _fully_analysed(app), timeout)
        loaded_ms = (time.perf_counter() - started) * 1000
        screen = app.screen
        if not isinstance(screen, PortfolioScreen):
            raise RuntimeError(
                f"expected the portfolio screen, got {type(screen).__name__}: the store needs 2+ projects"
            )
        table = screen.query_one("#projects")  # whatever widget draws the rows: a DataTable, or a Line API table

        sort_runs = []
        for _ in range(repeat):
            before = screen.sort_key
            sort_runs.append(await _keystroke(pilot, frames, "s", lambda b=before: screen.sort_key != b, timeout))

        await pilot.press("slash")
        box = screen.query_one("#filter", Input)
        box.cursor_blink = False  # a blinking cursor draws a frame every half second, which would never settle
        await _settle(frames, time.perf_counter(), lambda: box.has_focus, timeout)
        filter_runs = []
        for _ in range(repeat):
            filter_runs.append(
                await _keystroke(
                    pilot, frames, FILTER_CHARACTER, lambda: screen.filter_text == FILTER_CHARACTER, timeout
                )
            )
            matched = getattr(table, "row_count", None)
            await pilot.press("backspace")
            await _settle(frames, time.perf_counter(), lambda: screen.filter_text == "", timeout)
        await pilot.press("escape")
        rows = len(app.portfolio.projects)

        as_of_runs = []
        for n in range(repeat):
            as_of_runs.append(await _new_as_of(pilot, frames, table, AS_OF_DATES[n % len(AS_OF_DATES)], timeout))

        # Saving one payment the way the dashboard's forms do: in a worker thread, then re-analysed and redrawn.
        project = app.portfolio.projects[len(app.portfolio.projects) // 2]
        edit = add_payment(
            project.code, date=f"{project.budget_year}-06-01", source=project.funding.sources[0].kind, amount="1.00"
        )
        revision = app.portfolio.revision
        with _StallWatch() as save_stalls:
            saving = time.perf_counter()
            app.run_worker(functools.partial(app.save_edits, [edit]), thread=True)
            await _settle(frames, saving, lambda: app.portfolio.revision == revision + 1, timeout)
    return {
        "projects": rows,
        "loaded_and_painted_ms": loaded_ms,
        "longest_stall_while_loading_ms": load_stalls.longest_ms,
        "longest_stall_while_saving_ms": save_stalls.longest_ms,
        "sort": sort_runs,
        "filter": filter_runs,
        "as_of": as_of_runs,
        "filter_character": FILTER_CHARACTER,
        "filter_matches": matched,
    }


async def _new_as_of(pilot: Any, frames: list[float], table: Any, date: str, timeout: float) -> dict[str, float]:
    """Choose another as-of date (a, the date, enter) and time it to the first frame drawn with the rows in view
    analysed anew, and to the last once every row is."""
    app = pilot.app
    in_view = set(table.keys_in_view())
    await pilot.press("a")
    await pilot.pause()
    box = app.screen.query_one("#date")
    box.cursor_blink = False
    box.value = date
    shown: list[float] = []
    display = app._display

    def noted(screen: Any, renderable: Any) -> None:  # the frame that draws them, not one drawn before they came
        display(screen, renderable)
        if renderable is not None and not shown and str(app.as_of) == date and in_view <= set(app.rows):
            shown.append(time.perf_counter())

    app._display = noted
    try:
        frames.clear()
        started = time.perf_counter()
        await pilot.press("enter")
        await _settle(frames, started, lambda: bool(shown) and _fully_analysed(app), timeout)
    finally:
        app._display = display
    return {"in_view_ms": (shown[0] - started) * 1000, "all_ms": (frames[-1] - started) * 1000}


class _StallWatch:
    """The longest the event loop went without running a task, the UI's worst freeze, while the block runs."""

    TICK = 0.005

    def __enter__(self) -> _StallWatch:
        self.longest_ms = 0.0
        self._task = asyncio.get_running_loop().create_task(self._watch())
        return self

    async def _watch(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(self.TICK)
            now = time.perf_counter()
            self.longest_ms = max(self.longest_ms, (now - last - self.TICK) * 1000)
            last = now

    def __exit__(self, *exc: object) -> None:
        self._task.cancel()


def _fully_analysed(app: Any) -> bool:
    """Every project read and its headline row computed; the store loaded in full where drift says so."""
    projects = app.portfolio.projects
    return bool(projects) and getattr(app, "loaded", True) and len(app.rows) >= len(projects)


def _record_frames(app: Any) -> list[float]:
    """Note the time of every frame the app composes; headless, Textual stops only short of writing it out."""
    frames: list[float] = []
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append(time.perf_counter())

    app._display = timed_display
    return frames


async def _keystroke(pilot: Any, frames: list[float], key: str, done: Callable[[], bool], timeout: float) -> dict:
    """Press key and time it to the last frame drawn in reaction, once the screen has settled."""
    frames.clear()
    started = time.perf_counter()
    await pilot.press(key)
    await pilot.pause()
    pilot_ms = (time.perf_counter() - started) * 1000
    await _settle(frames, started, done, timeout)
    drawn = [moment for moment in frames if moment >= started]
    if not drawn:
        raise RuntimeError(f"pressing {key!r} drew no frame")
    return {
        "repaint_ms": (drawn[-1] - started) * 1000,
        "first_frame_ms": (drawn[0] - started) * 1000,
        "frames": len(drawn),
        "pilot_press_pause_ms": pilot_ms,
    }


async def _settle(frames: list[float], since: float, done: Callable[[], bool], timeout: float) -> None:
    """Wait until done() holds and no frame has been drawn for QUIET_SECONDS.

    The app runs in this event loop, so this coroutine only wakes between the app's steps: a long handler or
    a long table update simply delays the wake-up and is never cut short.
    """
    deadline = since + timeout
    while True:
        await asyncio.sleep(0.02)
        now = time.perf_counter()
        last = max(frames[-1] if frames else since, since)
        if done() and now - last >= QUIET_SECONDS:
            return
        if now > deadline:
            raise TimeoutError(f"the screen did not settle within {timeout:g}s")


# ----------------------------------------------------------------------------------------------------------------
# Saving one edit: Store.update against orjson + atomic replace, and against TinyDB's default storage
# ----------------------------------------------------------------------------------------------------------------


def measure_save(store_path: Path, repeat: int) -> dict[str, Any]:
    """Rename one project, repeat times in each of four ways, interleaved so that each sees the same machine.

    The dashboard's Store has read the file already, as a running drift has; a fresh Store, as a `drift pay`
    command is, must read and validate the whole file first. Each works on its own copy of the store.
    """
    from tinydb import TinyDB

    with tempfile.TemporaryDirectory(prefix="drift-save-") as folder:
        work = Path(folder)
        dashboard_file = work / "dashboard.json"
        command_file = work / "command.json"
        floor_file = work / "floor.json"
        tinydb_file = work / "tinydb.json"
        shutil.copyfile(store_path, dashboard_file)
        shutil.copyfile(store_path, command_file)
        document = orjson.loads(store_path.read_bytes())
        doc_ids = list(document[PROJECTS])
        doc_id = doc_ids[len(doc_ids) // 2]  # a project in the middle: no end of the file is special
        code = document[PROJECTS][doc_id]["code"]
        dashboard = Store(dashboard_file)
        dashboard.load()
        runs: dict[str, list[float]] = {"dashboard": [], "command": [], "orjson_atomic": [], "tinydb_default": []}
        for n in range(repeat):
            name = f"改名{n}的项目（合成）"

            started = time.perf_counter()
            dashboard.update(lambda portfolio, new=name: _renamed(portfolio, code, new))
            runs["dashboard"].append(_ms_since(started))

            started = time.perf_counter()
            Store(command_file).update(lambda portfolio, new=name: _renamed(portfolio, code, new))
            runs["command"].append(_ms_since(started))

            document[PROJECTS][doc_id]["name"] = name
            started = time.perf_counter()
            write_atomically(floor_file, orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n")
            runs["orjson_atomic"].append(_ms_since(started))

            shutil.copyfile(store_path, tinydb_file)  # TinyDB rewrites in its own layout; start each run alike
            started = time.perf_counter()
            database = TinyDB(tinydb_file)  # the default JSONStorage: json.load, json.dump, no atomic replace
            database.table(PROJECTS).update({"name": name}, doc_ids=[int(doc_id)])
            database.close()
            runs["tinydb_default"].append(_ms_since(started))

        for saved_file in (dashboard_file, command_file):
            saved = Store(saved_file).load().project(code)
            if saved is None or saved.name != name:
                raise RuntimeError(f"Store.update did not save the renamed project in {saved_file.name}")
        return {"projects": len(doc_ids), "store_bytes": store_path.stat().st_size, **runs}


def _renamed(portfolio: Portfolio, code: str, name: str) -> tuple[Project, ...]:
    return tuple(structs.replace(p, name=name) if p.code == code else p for p in portfolio.projects)


# ----------------------------------------------------------------------------------------------------------------
# Markdown export of the portfolio, against json.dumps of the same projects
# ----------------------------------------------------------------------------------------------------------------


def find_portfolio_renderer() -> tuple[Callable[..., str] | None, str]:
    """drift.markdown's renderer of a whole portfolio and its name, or None and why there is none yet.

    Looked up by name first, then by shape (a public function with "portfolio" in its name taking analyses or
    projects and lang), so the benchmark picks up the renderer on the first run after it lands.
    """
    try:
        module = importlib.import_module("drift.markdown")
    except ModuleNotFoundError:
        return None, "not available yet: drift.markdown does not exist"
    except Exception as error:  # a module being written may fail to import: report it, measure the rest
        return None, f"not available yet: drift.markdown fails to import ({type(error).__name__}: {error})"
    for name in RENDERER_NAMES:
        function = getattr(module, name, None)
        if callable(function) and _takes_analyses_and_lang(function):
            return function, f"{module.__name__}.{name}"
    shaped = [
        (name, function)
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__
        and not name.startswith("_")
        and "portfolio" in name
        and not any(part in name for part in ("table", "row", "line"))
        and _takes_analyses_and_lang(function)
    ]
    if not shaped:
        return None, "not available yet: drift.markdown has no portfolio renderer"
    name, function = shaped[0]
    return function, f"{module.__name__}.{name}"


def _takes_analyses_and_lang(function: Callable[..., Any]) -> bool:
    try:
        parameters = list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return False
    return bool(parameters) and parameters[0] in {"analyses", "projects", "portfolio"} and "lang" in parameters


def measure_export(store_path: Path, repeat: int, lang: str = "en") -> dict[str, Any]:
    """Render the analysed portfolio to Markdown and, interleaved, json.dumps the same projects."""
    from drift.analysis import analyse_project

    projects = Store(store_path).load().projects
    started = time.perf_counter()
    analyses = [analyse_project(p, p.status_date or _year_end(p)) for p in projects]
    analyse_ms = _ms_since(started)
    documents = [encode_project(p) for p in projects]
    renderer, renderer_name = find_portfolio_renderer()
    runs: dict[str, list[float]] = {"markdown": [], "json_dumps": []}
    markdown_bytes = json_bytes = 0
    for _ in range(repeat):
        if renderer is not None:
            started = time.perf_counter()
            text = renderer(analyses, lang)
            runs["markdown"].append(_ms_since(started))
            markdown_bytes = len(text.encode())
        started = time.perf_counter()
        text = json.dumps(documents, ensure_ascii=False)
        runs["json_dumps"].append(_ms_since(started))
        json_bytes = len(text.encode())
    return {
        "projects": len(projects),
        "renderer": renderer_name if renderer is not None else None,
        "renderer_missing": None if renderer is not None else renderer_name,
        "analyse_ms": analyse_ms,
        "markdown_bytes": markdown_bytes,
        "json_bytes": json_bytes,
        **runs,
    }


def _year_end(project: Project) -> Any:
    import pendulum

    return pendulum.date(project.budget_year, 12, 31)


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


PROBES: dict[str, Callable[[Path, int], dict[str, Any]]] = {
    "interaction": measure_interaction,
    "save": measure_save,
    "export": measure_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.probes", description=__doc__.splitlines()[0])
    parser.add_argument("probe", choices=sorted(PROBES))
    parser.add_argument("--store", required=True, metavar="FILE", help="the store to measure")
    parser.add_argument("--repeat", type=int, default=5, metavar="N", help="runs of each measurement (default 5)")
    args = parser.parse_args(argv)
    result = PROBES[args.probe](Path(args.store), args.repeat)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
