"""The codec comparison of issue #19: every project of a store decoded by drift, msgspec, pydantic v2 and the old codec.

    python -m benchmarks.codecs --store FILE [--repeat 3] [--old DIR] [--json OUT] [--markdown]
    git archive 5baf905 store | tar -x -C DIR      # the old hand-written codec, for --old DIR

Each contender decodes the bytes of every project document of the store (its lines, as drift wrote them), once
untimed to warm up, then --repeat times interleaved with the others, run by run, in an order that rotates; each run
is also given as × orjson.loads in that same run. The cycle collector is off while any contender decodes, as
store.collector.collector_paused keeps it off while drift reads a store, and collects between runs, untimed. Then each
file of the malformed corpus (tests/reliability/corpus) gives one row: drift's refusal and msgspec's and pydantic's
own. --markdown prints both tables in Markdown, for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib.metadata
import json
import statistics
import subprocess
import sys
import tempfile
import time
import types
import typing
from collections.abc import Callable, Sequence
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import msgspec
import orjson
import pydantic
from msgspec import structs
from pendulum import Date
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, TypeAdapter

from store import layout, model, values
from store.codec import decode_project
from store.errors import DriftError, StoreError, ValidationError
from store.model import Project, Target
from store.persist import Store
from store.schema import _build_hook, _check_hook, _mirror, may_hold_control
from store.tables import PROJECTS

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "reliability" / "corpus"
FLOOR = "orjson.loads (floor)"
WHOLE = "orjson.loads of the whole file, at once"
"""The floor the scale issue (#18) measures commands against: the file parsed whole, as a reader without drift's
layout would; a line at a time is faster, so FLOOR is the stricter of the two."""
OLD = "old hand-written codec (5baf905)"
NOT_REACHED = "—"
"""In the error table: drift refuses the file before any project document (not JSON, no _meta …)."""


def project_lines(path: Path) -> list[bytes]:
    """The bytes of each project document's line, as drift wrote it; re-encoded compact if the file is laid out
    otherwise, which gives the same bytes orjson.dumps, and so drift, writes."""
    raw = path.read_bytes()
    lines = layout.split(raw)
    table = lines.parsed().get(PROJECTS) if lines is not None else None
    if isinstance(table, layout.Table):
        return [bytes(view) for _, view in table.texts()]
    return [orjson.dumps(doc) for doc in orjson.loads(raw).get(PROJECTS, {}).values()]


# pydantic v2 models made from the model's type hints as store.schema._mirror makes msgspec Structs, rule for rule.

_PYDANTIC: dict[tuple[type, bool], Any] = {}


def _drift_rule(parse: Callable[[str], Decimal]) -> AfterValidator:
    """drift's own rule, run in Python as msgspec's check pass runs it (its dec_hook), in drift's words."""

    def check(text: str) -> str:
        try:
            parse(text)
        except ValidationError as error:
            raise ValueError(error.message) from None
        return text

    return AfterValidator(check)


def _pydantic_type(hint: Any, strict_text: bool) -> Any:
    # Rust's regex has no \Z; its $ matches only at the very end, which is what \Z says in Python's.
    no_control = f"^[^{values.CONTROL_CHARACTERS}]*$" if strict_text else None
    if hint is str or hint is Target:
        return Annotated[str, StringConstraints(max_length=values.MAX_TEXT, pattern=no_control)]
    if hint == model.LongText:
        return Annotated[str, StringConstraints(max_length=values.MAX_LONG_TEXT, pattern=no_control)]
    if hint is int:
        return Annotated[int, Field(ge=0, le=values.MAX_WHOLE)]
    if hint is bool:
        return bool
    if hint is Decimal:
        return Annotated[str, StringConstraints(pattern=values.MONEY_PATTERN.removesuffix(r"\Z") + "$")]
    if hint is Date:
        return str
    if hint == model.Percent:
        return Annotated[str, _drift_rule(values.parse_percent)]
    if hint == model.Tolerance:
        return Annotated[str, _drift_rule(values.parse_tolerance)]
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _pydantic_type(inner, strict_text) | None
    if origin is tuple:
        item = _pydantic_type(typing.get_args(hint)[0], strict_text)
        return Annotated[tuple[item, ...], Field(max_length=values.MAX_RECORDS)]  # type: ignore[valid-type]
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint
    if isinstance(hint, type) and issubclass(hint, msgspec.Struct):
        return pydantic_model(hint, strict_text)
    raise TypeError(f"no pydantic form for {hint!r}")


def pydantic_model(cls: type, strict_text: bool = False) -> Any:
    """A pydantic model with the model record's fields and defaults, strict, refusing any other field."""
    key = (cls, strict_text)
    if key not in _PYDANTIC:
        hints = typing.get_type_hints(cls, vars(model), include_extras=True)
        fields: dict[str, Any] = {
            spec.name: (
                _pydantic_type(hints[spec.name], strict_text),
                ... if spec.default is msgspec.NODEFAULT else spec.default,
            )
            for spec in structs.fields(cls)
        }
        config = ConfigDict(extra="forbid", strict=True, frozen=True)
        _PYDANTIC[key] = pydantic.create_model(cls.__name__, __config__=config, **fields)
    return _PYDANTIC[key]


def contenders() -> dict[str, Callable[[bytes], Any]]:
    """Each in-process contender, by the name its row has: what it makes of one document's bytes."""
    checked = msgspec.json.Decoder(_mirror(Project, False), dec_hook=_check_hook)  # the hook reads percentages
    built = msgspec.json.Decoder(Project, dec_hook=_build_hook)
    models = TypeAdapter(pydantic_model(Project))
    return {
        FLOOR: orjson.loads,
        "drift today: decode_project (every check)": decode_project,
        "drift, checked before: decode_project(checked_before=True)": lambda raw: decode_project(
            raw, checked_before=True
        ),
        "msgspec → Structs (every constraint, no dates)": checked.decode,
        "msgspec → the model's Structs (dates and targets, no checks)": built.decode,
        "pydantic v2 → strict models (no dates)": models.validate_json,
    }


def timed(decode: Callable[[bytes], Any], docs: list[bytes]) -> float:
    """Seconds to decode every document, the cycle collector off as store.collector.collector_paused keeps it off
    while drift reads a store: each contender is spared the collections drift is spared."""
    gc.collect()  # what the run before left is collected before the clock starts, not during it
    gc.disable()
    try:
        start = time.perf_counter()
        decoded = [decode(doc) for doc in docs]  # every one kept to the end, as a store's reader keeps every project
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    del decoded
    return elapsed


_OLD_CHILD = """
import gc, sys, time
sys.path.insert(0, sys.argv[1])
import orjson, store.codec
assert store.codec.__file__.startswith(sys.argv[1]), store.codec.__file__
lines = open(sys.argv[2], "rb").read().split(b"\\n")
def run(): return [store.codec.decode_project(orjson.loads(line)) for line in lines]
run()
print("ready", flush=True)
for _ in sys.stdin:
    gc.collect(); gc.disable(); start = time.perf_counter(); projects = run()
    elapsed = time.perf_counter() - start; gc.enable(); del projects
    print(elapsed, flush=True)
"""
"""The old codec's timer, in a process of its own: its store package must not meet this one's. The old
decode_project took the document parsed, so each line is parsed there by orjson.loads, inside the timing."""


class OldCodec:
    """The old hand-written codec in a child process that times one run per line it is sent."""

    def __init__(self, source: Path, docs: list[bytes], workdir: Path) -> None:
        lines = workdir / "projects.jsonl"
        lines.write_bytes(b"\n".join(docs))  # compact JSON holds no raw newline
        # -I: no PYTHONPATH and no current folder on sys.path, so `store` is the old tree's alone.
        command = [sys.executable, "-I", "-c", _OLD_CHILD, str(source.resolve()), str(lines)]
        self._child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._child.stdin is not None and self._child.stdout is not None
        self._stdin, self._stdout = self._child.stdin, self._child.stdout
        if self._stdout.readline().strip() != "ready":
            raise SystemExit(f"codecs: the old codec in {source} could not decode the store (see above)")

    def run(self) -> float:
        self._stdin.write("run\n")
        self._stdin.flush()
        return float(self._stdout.readline())

    def close(self) -> None:
        self._stdin.close()
        self._child.wait(timeout=60)


def measure(docs: list[bytes], whole: bytes, repeat: int, old: Path | None) -> dict[str, list[float]]:
    """Seconds of each run of each contender, the runs interleaved; whole is the store file's bytes."""
    decoders = contenders()
    for decode in decoders.values():  # an untimed run each: lazy set-up, caches, the memory a run holds, and
        timed(decode, docs)  # proof that each accepts every document before any figure is kept
    runs: dict[str, list[float]] = {name: [] for name in decoders}
    with tempfile.TemporaryDirectory(prefix="drift-codecs-") as workdir:
        old_codec = OldCodec(old, docs, Path(workdir)) if old else None
        steps: list[tuple[str, Callable[[], float]]] = [
            (name, functools.partial(timed, decode, docs)) for name, decode in decoders.items()
        ]
        runs[WHOLE] = []
        steps.append((WHOLE, functools.partial(timed, orjson.loads, [whole])))
        if old_codec is not None:
            runs[OLD] = []
            steps.append((OLD, old_codec.run))
        try:
            for n in range(repeat):
                for name, step in steps[n % len(steps) :] + steps[: n % len(steps)]:
                    runs[name].append(step())
        finally:
            if old_codec is not None:
                old_codec.close()
    return runs


def unknown_field_into_the_model(doc: bytes) -> str:
    """What the build pass alone (the model's Structs, which do not forbid unknown fields) does with a field the
    model does not have, found by trying it."""
    document = orjson.loads(doc)
    document["colour"] = "red"
    try:
        msgspec.json.Decoder(Project, dec_hook=_build_hook).decode(orjson.dumps(document))
    except msgspec.ValidationError as error:
        return f"the build pass alone refuses an unknown field: {error}"
    return "the build pass alone ignores an unknown field (a top-level 'colour' decoded without a word)"


# The malformed corpus: drift's refusal of each file, and what each library says of its project documents.


def error_rows(corpus: Path = CORPUS) -> list[dict[str, str]]:
    expected = json.loads((corpus / "EXPECTED.json").read_text(encoding="utf-8"))
    structs = {strict: msgspec.json.Decoder(_mirror(Project, strict), dec_hook=_check_hook) for strict in (False, True)}
    models = {strict: TypeAdapter(pydantic_model(Project, strict)) for strict in (False, True)}
    rows = []
    for name in sorted(expected):
        path = corpus / name
        try:
            Store(path).read()
            drift, before_projects = "accepted", False
        except DriftError as error:
            drift = str(error).removeprefix(f"{path}: ")
            before_projects = isinstance(error, StoreError) or (
                isinstance(error, ValidationError) and (not error.path or error.path.startswith("_meta"))
            )
        docs = None if before_projects else _documents(path.read_bytes())
        row = {"file": name, "drift": drift, "msgspec": NOT_REACHED, "pydantic": NOT_REACHED}
        if docs is not None:  # checked for control characters where drift's check pass would look for them
            row["msgspec"] = _first_refusal(docs, lambda raw: structs[may_hold_control(raw)].decode(raw))
            row["pydantic"] = _first_refusal(docs, lambda raw: models[may_hold_control(raw)].validate_json(raw))
        rows.append(row)
    return rows


def _documents(raw: bytes) -> list[tuple[str, bytes]] | None:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    table = data.get(PROJECTS) if isinstance(data, dict) else None
    return [(doc_id, orjson.dumps(doc)) for doc_id, doc in table.items()] if isinstance(table, dict) else None


def _first_refusal(docs: list[tuple[str, bytes]], decode: Callable[[bytes], Any]) -> str:
    """The library's own message for the first document it refuses, as it gives it: pydantic's first error."""
    for doc_id, raw in docs:
        try:
            decode(raw)
        except msgspec.ValidationError as error:
            return f"{PROJECTS}[{doc_id}]: {error}"
        except pydantic.ValidationError as error:
            first = error.errors()[0]
            return f"{PROJECTS}[{doc_id}]: {'.'.join(map(str, first['loc']))}: {first['msg']}"
    return "passes"


# Output


def timing_rows(runs: dict[str, list[float]]) -> list[list[str]]:
    floor = runs[FLOOR]
    rows = []
    for name, seconds in runs.items():
        ratios = [run / floor_run for run, floor_run in zip(seconds, floor, strict=True)]
        best = seconds.index(min(seconds))  # the best run, given against the floor of that same run
        median, median_ratio = statistics.median(seconds), statistics.median(ratios)
        figures = [
            f"{median * 1000:,.1f}",
            f"{median_ratio:.2f}×",
            f"{seconds[best] * 1000:,.1f}",
            f"{ratios[best]:.2f}×",
        ]
        rows.append([name, *figures])
    return rows


TIMING_HEADER = ["decoder", "median ms", "× floor", "best ms", "× floor"]
ERROR_HEADER = ["file", "drift", "msgspec (check-pass Structs)", "pydantic v2 (first error: loc: msg)"]


def render(header: list[str], rows: list[list[str]], markdown: bool, *, numbers: bool = False) -> str:
    if markdown:
        cells = [[cell.replace("|", "\\|").replace("\n", " ") for cell in row] for row in [header, *rows]]
        lines = [f"| {' | '.join(row)} |" for row in cells]
        return "\n".join([lines[0], "|" + "---|" * len(header), *lines[1:]])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    if not numbers:  # messages of every length: only the first column is padded, the others run on
        return "\n".join(f"{row[0].ljust(widths[0])}  " + "  │  ".join(row[1:]) for row in [header, *rows])
    return "\n".join(
        "  ".join(
            [row[0].ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True))]
        )
        for row in [header, *rows]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.codecs", description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, type=Path, metavar="FILE", help="a drift store to decode")
    parser.add_argument("--repeat", type=int, default=3, metavar="N", help="runs per contender (default 3)")
    parser.add_argument("--old", type=Path, metavar="DIR", help="a source tree holding the old store/ (5baf905)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the figures and messages as JSON")
    parser.add_argument("--markdown", action="store_true", help="print both tables in Markdown")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.old and not (args.old / "store" / "codec.py").is_file():
        parser.error(f"--old {args.old}: no store/codec.py in it (git archive 5baf905 store | tar -x -C DIR)")
    docs = project_lines(args.store)
    if not docs:
        parser.error(f"--store {args.store}: no project documents")
    runs = measure(docs, args.store.read_bytes(), args.repeat, args.old)
    versions = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in ("orjson", "msgspec", "pydantic"))
    notes = [
        f"{len(docs):,} project documents, {sum(map(len, docs)) / 1e6:.1f} MB; --repeat {args.repeat}, interleaved;"
        f" Python {sys.version.split()[0]}, {versions}",
        "the cycle collector is off during every contender's runs (as drift's store reads keep it off) and"
        " collects between runs, untimed",
        unknown_field_into_the_model(docs[0]),
    ]
    if not args.old:
        notes.append("old codec not measured: give --old DIR")
    errors = error_rows()
    out = sys.stdout
    out.write(render(TIMING_HEADER, timing_rows(runs), args.markdown, numbers=True) + "\n\n")
    out.write("".join(f"{'- ' if args.markdown else ''}{note}\n" for note in notes) + "\n")
    error_cells = [[f"`{row['file']}`" if args.markdown else row["file"], *list(row.values())[1:]] for row in errors]
    out.write(render(ERROR_HEADER, error_cells, args.markdown) + "\n")
    if args.json:
        result = {"schema": 1, "store": str(args.store), "documents": len(docs), "runs": runs, "notes": notes}
        args.json.write_text(json.dumps(result | {"errors": errors}, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
