"""A refused command does not create a store (issue 14, finding 9): a mistyped handle on a
store that does not exist yet leaves no file behind; a command that succeeds makes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import Outreach, refused
from .test_process import run


def left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("new.db"))


@pytest.mark.parametrize(
    "args",
    [
        ("record", "emailed", "nobody"),
        ("history", "nobody"),
        ("erase", "nobody", "--yes"),
        ("add", "ada", "--name", "Ada", "--tz", "Nowhere/Else"),
    ],
    ids=["record", "history", "erase", "add with a bad zone"],
)
def test_a_refused_command_leaves_no_new_store(tmp_path: Path, args: tuple[str, ...]) -> None:
    outreach = Outreach(tmp_path)
    result = outreach("--db", f"sqlite:///{tmp_path / 'new.db'}", *args)
    refused(result, 1)
    assert left(tmp_path) == []


def test_a_command_that_succeeds_makes_the_store_and_a_later_refusal_keeps_it(
    tmp_path: Path,
) -> None:
    outreach = Outreach(tmp_path)
    db = ("--db", f"sqlite:///{tmp_path / 'new.db'}")
    outreach.ok(*db, "agenda")
    assert "new.db" in left(tmp_path)
    refused(outreach(*db, "record", "emailed", "nobody"), 1, "no relationship")
    assert "new.db" in left(tmp_path)  # not made by this command: kept
    outreach.ok(*db, "add", "ada", "--name", "Ada Lovelace")
    refused(outreach(*db, "record", "emailed", "nobody"), 1)
    assert outreach.ok(*db, "history", "ada").stdout.count("added") == 1


def test_a_refused_command_in_a_real_process_leaves_no_store(tmp_path: Path) -> None:
    done = run(tmp_path, "--db", f"sqlite:///{tmp_path / 'new.db'}", "record", "emailed", "nobody")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("error: no relationship with handle 'nobody'"), done.stderr
    assert left(tmp_path) == []


def test_a_dry_run_after_an_erasure_says_what_the_import_does(tmp_path: Path) -> None:
    """The dry run and the import agree on an erased person: their handle names nobody now,
    so both count them as someone new (issue 14, finding 9; issue 11)."""
    outreach = Outreach(tmp_path)
    csv = tmp_path / "people.csv"
    csv.write_text("handle,name\nada,Ada Lovelace\ngrace,Grace Hopper\n")
    outreach.ok("import", str(csv))
    outreach.ok("erase", "ada", "--yes")
    dry = outreach.ok("import", str(csv), "--dry-run").stdout
    real = outreach.ok("import", str(csv)).stdout
    assert "would import 1 person; 1 already there" in dry, dry
    assert "imported 1 person" in real and "1 already there" in real, real


def test_a_store_another_opening_holds_is_never_discarded(tmp_path: Path) -> None:
    """The race behind six processes opening a new store at once: one made the file and was
    refused (another's master key came first), the other had opened the store and went on
    writing. The refused one's discard must keep the file, or what the other records is
    written to a removed file and lost."""
    from outreach.engine import Engine
    from outreach.engine.access import discard_if_empty
    from outreach.engine.store import prepare_sqlite_file

    path = tmp_path / "new.db"
    assert prepare_sqlite_file(path)  # the refused process made it
    url = f"sqlite:///{path}"
    with Engine.open(url, recruiter="sam") as other:  # opened by another, nothing written yet
        assert not other.made_file
        assert not discard_if_empty(path)
        other.add("ada", name="Ada Lovelace")
    with Engine.open(url, recruiter="sam") as again:
        assert sorted(again.handles()) == ["ada"]
    assert discard_if_empty(path) is False  # it holds an event now


def test_a_store_another_opening_put_its_master_key_on_is_never_discarded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other race behind six processes opening a new store with two master keys: one
    made the file and was refused (another's key came first), and the other had already
    closed the store. Discarded, the store would lose that key, and a third process would
    put a key of its own on a new file: two keys "opened" the same store."""
    import base64

    from outreach.domain import StoreError
    from outreach.engine import Engine
    from outreach.engine.opening import _discard
    from outreach.engine.store import parse, prepare_sqlite_file

    first, other = (base64.b64encode(bytes(range(n, n + 32))).decode() for n in (0, 1))
    path = tmp_path / "new.db"
    url = f"sqlite:///{path}"
    assert prepare_sqlite_file(path)  # the refused process made it
    monkeypatch.setenv("OUTREACH_KEY", first)
    Engine.open(url, recruiter="sam").close()  # another opened it with its key, and closed
    _discard(parse(url), True, None)  # the refused one's discard of the file it made
    assert path.exists()
    monkeypatch.setenv("OUTREACH_KEY", other)
    with pytest.raises(StoreError, match="does not open this store"):
        Engine.open(url, recruiter="sam")
    assert path.exists()
    monkeypatch.setenv("OUTREACH_KEY", first)
    Engine.open(url, recruiter="sam").close()


def test_a_claim_on_a_file_removed_or_replaced_meanwhile_is_refused(tmp_path: Path) -> None:
    from outreach.engine.access import be_present
    from outreach.engine.store import prepare_sqlite_file

    path = tmp_path / "new.db"
    assert be_present(path) is None  # no file: the opening makes one first
    prepare_sqlite_file(path)
    held = be_present(path)
    assert held is not None and held.fd is not None
    held.release()
    assert held.fd is None
    path.unlink()
    prepare_sqlite_file(path)  # another file under the same name
    claim = be_present(path)
    assert claim is not None
    claim.release()


def test_a_closed_store_can_be_discarded_by_the_process_that_made_it(tmp_path: Path) -> None:
    from outreach.engine import Engine
    from outreach.engine.access import discard_if_empty

    path = tmp_path / "new.db"
    engine = Engine.open(f"sqlite:///{path}", recruiter="sam")
    assert engine.made_file
    assert not discard_if_empty(path)  # still open here: kept
    engine.close()
    assert discard_if_empty(path)
    assert left(tmp_path) == []
