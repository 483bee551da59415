"""The store and the analysis load without Textual, so scripts, cron jobs and tests run without a terminal."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

_PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    loaded = []
    for root in sys.argv[1:]:
        package = importlib.import_module(root)
        loaded.append(root)
        for info in pkgutil.walk_packages(getattr(package, "__path__", []), prefix=root + "."):
            importlib.import_module(info.name)
            loaded.append(info.name)
    print(json.dumps({"loaded": loaded, "textual": sorted(m for m in sys.modules if m.split(".")[0] == "textual")}))
    """
)


def import_in_a_fresh_interpreter(*packages: str) -> dict[str, list[str]]:
    """Import the packages and all their submodules in a new Python; what loaded, and which textual modules came."""
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *packages], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_importing_every_store_module_leaves_textual_unloaded() -> None:
    report = import_in_a_fresh_interpreter("store")

    store_modules = {"store", "store.persist", "store.files", "store.codec", "store.values", "store.model"}
    store_modules |= {"store.fileio", "store.locking", "store.tables", "store.backups", "store.exports"}
    assert store_modules <= set(report["loaded"])
    assert report["textual"] == []


def test_importing_every_drift_module_leaves_textual_unloaded() -> None:
    report = import_in_a_fresh_interpreter("drift")

    assert "drift" in report["loaded"]
    assert report["textual"] == []


def test_importing_store_and_drift_together_leaves_textual_unloaded() -> None:
    report = import_in_a_fresh_interpreter("store", "drift", "samples")

    assert report["textual"] == []


@pytest.mark.parametrize("module", ["tui.cli"])
def test_the_scripted_command_line_loads_textual_only_for_the_dashboard(module: str) -> None:
    # tui.cli imports the App late so that `drift list` and friends start fast and work without Textual.
    result = subprocess.run(
        [sys.executable, "-c", f"import sys, {module}; print(any(m.startswith('textual') for m in sys.modules))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_building_the_command_line_leaves_openpyxl_unloaded_until_a_workbook_is_read() -> None:
    probe = "import sys, tui.cli; tui.cli.build_parser(); print(any(m.startswith('openpyxl') for m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_probe_would_notice_textual() -> None:
    # Guards the guard: a module that loads Textual must show up in the report.
    report = import_in_a_fresh_interpreter("textual.app")

    assert "textual" in report["textual"]


# The import graph, read from the source: every `import` and `from … import`, those inside functions too.

_PACKAGES = ("store", "drift", "tui")
_ROOT = Path(__file__).resolve().parents[1]
_COMMAND_LINE = {
    "tui.cli",
    "tui.options",
    "tui.commands",
    "tui.commands.saving",
    "tui.commands.money",
    "tui.commands.records",
    "tui.commands.claims",
    "tui.commands.history",
    "tui.commands.ledger",
    "tui.commands.config",
    "tui.status",
    "tui.export",
    "tui.backup",
}
"""The subcommand modules: the dashboard may use the headless modules they use, never them."""


def _module_name(path: Path) -> str:
    parts = path.relative_to(_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """Each of drift's modules and the drift modules it imports anywhere in its code."""
    modules = {_module_name(path): path for package in _PACKAGES for path in (_ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found: set[str] = set()
        for node in _run_time_nodes(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                candidates = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            found |= {candidate for candidate in candidates if candidate in modules and candidate != name}
        graph[name] = found
    return graph


def _run_time_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under `if TYPE_CHECKING:`, which the type checker reads and Python never runs."""
    nodes: list[ast.AST] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        nodes.append(node)
        for child in ast.iter_child_nodes(node):
            if not (
                isinstance(child, ast.If) and isinstance(child.test, ast.Name) and child.test.id == "TYPE_CHECKING"
            ):
                pending.append(child)
    return nodes


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle as the modules along it, or [] when there is none (depth-first, three colours)."""
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(module: str) -> list[str]:
        state[module] = 1
        trail.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*trail[trail.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        trail.pop()
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state and (found := visit(module)):
            return found
    return []


def test_no_module_imports_itself_through_others_not_even_inside_a_function() -> None:
    graph = _imports()
    assert {"tui.cli", "tui.context", "store.persist", "drift.analysis"} <= set(graph)
    assert _cycle(graph) == []


def test_a_cycle_is_found_when_there_is_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_the_dashboard_uses_no_command_line_module() -> None:
    graph = _imports()
    dashboard = [name for name in graph if name == "tui.app" or name.startswith(("tui.screens", "tui.widgets"))]
    assert {name: sorted(graph[name] & _COMMAND_LINE) for name in dashboard if graph[name] & _COMMAND_LINE} == {}


def test_store_and_drift_import_nothing_from_the_layers_above() -> None:
    graph = _imports()
    assert {
        name: sorted(deps)
        for name, deps in graph.items()
        if name.startswith("store") and {d for d in deps if not d.startswith("store")}
    } == {}
    assert {
        name: sorted(d for d in deps if d.startswith("tui"))
        for name, deps in graph.items()
        if name.startswith("drift") and any(d.startswith("tui") for d in deps)
    } == {}


def test_each_command_is_found_in_the_module_the_command_line_looks_in() -> None:
    from tui import cli

    assert {command.name: command.handler.__module__ for command in cli.all_commands()} == cli.COMMAND_MODULES
    assert all(cli.command_named(command.name) is command for command in cli.all_commands())


def test_a_command_line_that_names_a_command_imports_no_other_commands_module() -> None:
    probe = (
        "import sys, tui.cli; args = tui.cli.parse_arguments(['pay', '--amount', '1']);"
        "print(args.handler.__name__, sorted(m for m in sys.modules if m.startswith(('tui.commands.', 'tui.export'))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 1) == ["cmd_pay", "['tui.commands.money', 'tui.commands.saving']\n"]


def test_the_command_runs_with_the_cycle_collector_on_after_drift_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    # tui.start pauses the collector while drift's modules load (a fifth of the start); a command left with it off
    # would never free a reference cycle again.
    import gc

    from tui import cli, start

    seen: list[bool] = []
    monkeypatch.setattr(cli, "main", lambda: seen.append(gc.isenabled()) or 0)

    assert start.main() == 0
    assert seen == [True]
    assert gc.isenabled()


_CTRL_C_WHILE_LOADING = textwrap.dedent(
    """
    import os, signal, sys
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C, pressed while drift's modules load
    sys.argv = ["drift", "list", "--store", sys.argv[1]]
    from tui.start import main
    sys.exit(main())
    """
)


def test_ctrl_c_while_drift_loads_ends_it_quietly_before_it_does_anything(tmp_path: Path) -> None:
    # Let through while a compiled module initialised, it crashed drift (orjson: a segmentation fault, exit -11).
    result = subprocess.run(
        [sys.executable, "-c", _CTRL_C_WHILE_LOADING, str(tmp_path / "none.json")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert (result.returncode, result.stdout, result.stderr) == (130, "", "")


def test_a_store_checked_before_is_read_without_building_the_check_pass() -> None:
    # The check pass's decoders cost about 10 ms to build; a store this user's drift checked before needs only the
    # build pass, so they are made at the first check, in a fresh interpreter here to see it.
    probe = textwrap.dedent(
        """
        import orjson
        from store import codec
        from store.files import load_sample
        raw = orjson.dumps(codec.encode_project(load_sample()[0]))
        built = codec.decode_project(raw, checked_before=True)
        before = "_check" in vars(codec._PROJECTS)
        checked = codec.decode_project(raw)
        print(before, "_check" in vars(codec._PROJECTS), built == checked)
        """
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]


def test_the_command_line_and_drift_list_load_no_analysis() -> None:
    # drift.analysis and what it needs are a tenth of a second of every start: `drift list`, `drift --help` and the
    # dashboard's start before its screen need none of it (a project's code as shown is a matter of words).
    probe = "import sys, tui.cli; tui.cli.command_named('list'); print(sorted(m for m in sys.modules if m.startswith('drift.')))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False)

    assert result.returncode == 0, result.stderr
    assert "drift.analysis" not in result.stdout and "drift.tables" not in result.stdout, result.stdout
