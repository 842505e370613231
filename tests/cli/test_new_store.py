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
