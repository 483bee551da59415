"""`drift undo`: refused in one line naming who changed it since, with the way to undo an older change instead."""

from __future__ import annotations

from pathlib import Path

from store.persist import Store

PAY = ("pay", "--date", "2023-10-08", "--source", "local", "--voucher", "V-1", "--amount", "100")


def test_a_refused_undo_names_who_changed_it_since_and_how_to_undo_the_older_change(
    run_cli, store_path: Path, as_account
) -> None:
    def drift(*argv: str, user: str = "alice"):
        as_account(user)  # each person at their own account, as on a shared server
        return run_cli(*argv, "--store", str(store_path), environ={"USER": user})

    assert drift("phase", "design", "--remark", "alice").code == 0  # revision 2
    assert drift(*PAY).code == 0  # revision 3
    assert drift("pay", "--edit", "P1", "--amount", "120").code == 0  # revision 4
    assert drift("pay", "--edit", "P1", "--amount", "130", user="bob").code == 0  # revision 5
    before = store_path.read_bytes()

    refused = drift("undo")

    assert refused.code == 2
    assert refused.err.count("\n") == 1 and "Traceback" not in refused.err
    assert refused.err.startswith("drift: payments P1 amount was changed by bob at ")
    assert refused.err.endswith(
        "(revision 5) after your change (revision 4); nothing was undone; "
        "to undo your earlier change instead: drift undo --revision 2\n"
    )
    assert store_path.read_bytes() == before

    older = drift("undo", "--revision", "2")

    assert older.code == 0, older.err
    assert "design remark: alice → " in older.out
    assert Store(store_path).history()[-1].undoes == 2


def test_undo_revision_must_be_a_number(run_cli, store_path: Path) -> None:
    result = run_cli("undo", "--revision", "x2", "--store", str(store_path), environ={"USER": "alice"})

    assert result.code == 2
    assert result.err == "drift: --revision: 'x2' is not a revision number, as `drift log` lists them\n"
