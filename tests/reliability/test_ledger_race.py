"""The same ledger imported by two processes at once: every row recorded once, the later run finds nothing new."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from collections import Counter
from pathlib import Path

from store.persist import Store

from .helpers import FIGURES

ROWS = 20
TRIALS = 3

_IMPORTER = textwrap.dedent(
    """
    import contextlib, io, pathlib, sys, time
    from store.persist import Store
    from tui.cli import main

    store, ledger, me, other = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3]), pathlib.Path(sys.argv[4])
    apply = Store.apply

    def apply_together(self, *args, **kwargs):
        # Both runs have read the store and the ledger before either takes the lock: the window the race needs,
        # held open on purpose so that it is hit every time.
        me.touch()
        deadline = time.monotonic() + 20
        while not other.exists() and time.monotonic() < deadline:
            time.sleep(0.002)
        return apply(self, *args, **kwargs)

    Store.apply = apply_together
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import-payments", ledger, "--by", me.name, "--store", store], environ={})
    print(repr((code, out.getvalue(), err.getvalue())))
    """
)


def _ledger(path: Path) -> Path:
    rows = [f"2023-10-{day:02d},local,{day}.50,记-{day},第{day}笔" for day in range(1, ROWS + 1)]
    path.write_text("date,source,amount,voucher,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _race(store_path: Path, ledger: Path, folder: Path) -> list[tuple[int, str, str]]:
    names = [folder / "alice", folder / "bob"]
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _IMPORTER, str(store_path), str(ledger), str(me), str(other)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for me, other in (names, names[::-1])
    ]
    results = []
    for run in runs:
        out, err = run.communicate(timeout=60)
        assert run.returncode == 0, err
        results.append(ast.literal_eval(out))
    return results


def test_the_same_ledger_imported_twice_at_once_records_every_row_once(tmp_path: Path, sample_projects) -> None:
    for trial in range(TRIALS):
        folder = tmp_path / f"trial-{trial}"
        folder.mkdir()
        store_path = folder / "store.json"
        Store(store_path).create(sample_projects)
        ledger = _ledger(folder / "ledger.csv")

        results = _race(store_path, ledger, folder)

        assert [code for code, _, _ in results] == [0, 0], results
        payments = Store(store_path).load().projects[0].funding.payments
        assert len(payments) == ROWS
        assert Counter(p.voucher for p in payments) == Counter(f"记-{day}" for day in range(1, ROWS + 1))
        saved = [err for _, _, err in results if "saved as revision 2" in err]
        found_nothing = [err for _, _, err in results if "no new payments" in err]
        assert len(saved) == 1 and len(found_nothing) == 1, results
        assert found_nothing[0].count("already recorded; skipped") == ROWS
        assert Store(store_path).load().revision == 2
    FIGURES["ledger imports raced"] = f"{TRIALS} trials × 2 runs of a {ROWS}-row ledger: {ROWS} payments each time"
