"""A catch-up writes a person's rows without deleting their old ones first only when it found
no row of theirs (engine.view.shares): a row that does not open (the person erased by another
process, the row not purged yet) is a row held all the same, and its old rows are deleted."""

from __future__ import annotations

from pathlib import Path

import pytest
from outreach.engine import Engine
from outreach.engine.view.notes import histories

from .people import NOW, populate
from .test_master_key import KEY, opened


def test_a_row_that_does_not_open_is_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTREACH_KEY", KEY)
    engine: Engine
    with opened(f"sqlite:///{tmp_path / 'outreach.db'}") as engine:
        populate(engine)
        engine.agenda(now=NOW)  # caught up: both have rows
        db = engine.readmodel.db
        with db.transaction(commit=False) as tx:
            ids = {r["handle"]: r["id"] for r in tx.rows("SELECT id, handle FROM {p}relationships")}
        grace = ids["grace-h"]
        # Her key shredded, as an erasure by another process leaves it before the purge.
        with db.transaction(commit=True) as tx:
            tx.run("UPDATE {p}keys SET key = NULL WHERE id = ?", (grace,))
        db.prefetch([grace])
        held: set[str] = set()
        with db.transaction(commit=False) as tx:
            found = histories(tx, sorted(ids.values()), held)
        assert sorted(found) == [ids["augusta-l"]]  # hers does not open: read as gone
        assert held == set(ids.values())  # but held: her old rows are deleted first
        with db.transaction(commit=False) as tx:
            assert histories(tx, ["0" * 32], held) == {}
        assert held == set(ids.values())
