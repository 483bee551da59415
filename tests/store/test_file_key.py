"""The identity of the store file a watcher compares: our own save knows it, anyone else's changes it."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pendulum

from store.edits import add_payment
from store.files import load_sample
from store.model import SourceKind
from store.persist import Store

AT = pendulum.datetime(2023, 10, 16, 9, 30, tz="Asia/Shanghai")


def payment(amount: str):
    code = load_sample()[0].code
    return add_payment(code, date=pendulum.date(2023, 9, 15), source=SourceKind.LOCAL, amount=Decimal(amount))


def test_a_save_reports_the_key_of_the_file_it_left_and_a_read_the_key_of_the_file_it_read(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    store.create(load_sample())
    assert store.read().key == store.file_key()

    saved = store.apply([payment("5")], by="alice", at=AT)

    assert saved.key is not None and saved.key == store.file_key()
    assert store.read().key == saved.key


def test_a_colleagues_save_changes_the_key_and_a_save_that_changes_nothing_keeps_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "store.json")
    store.create(load_sample())
    before = store.read().key

    Store(store.path).apply([payment("5")], by="bob", at=AT)
    after = store.file_key()
    assert after != before

    nothing = Store(store.path).apply([], by="bob", at=AT)
    assert nothing.entries == () and nothing.key == after == store.file_key()


def test_a_symlinked_store_is_watched_through_its_link_at_the_file_it_points_to(tmp_path: Path) -> None:
    real = Store(tmp_path / "2023.json")
    real.create(load_sample())
    (tmp_path / "store.json").symlink_to("2023.json")
    linked = Store(tmp_path / "store.json")
    assert linked.file_key() == real.file_key()
    seen = linked.file_key()

    real.apply([payment("5")], by="bob", at=AT)  # saved through the file's own name
    assert linked.file_key() == real.file_key() != seen

    os.remove(tmp_path / "store.json")
    assert linked.file_key() is None  # gone: nothing to compare, not an error
