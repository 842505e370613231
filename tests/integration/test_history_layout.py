"""The read model's histories by position (projections.state.Layout): a store written by the
release before, whose histories spell every event out, opens and answers the same without
being rebuilt; a store whose histories were stored under another layout is rebuilt."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from uuid import UUID

from outreach.engine import Engine
from outreach.projections.state import layout, load_history

from .test_old_stores import answers
from .test_readmodels import NOW, days_ago, pipeline
from .test_stored_history import pydantic_dump


def histories(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT handle, state FROM outreach_relationships"))


def test_histories_spelled_out_are_read_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        before = answers(engine)
    with sqlite3.connect(path) as db:  # as the release before this layout left them
        for rid, state in db.execute("SELECT id, state FROM outreach_relationships").fetchall():
            old = pydantic_dump(load_history(state, UUID(rid)))
            db.execute("UPDATE outreach_relationships SET state = ? WHERE id = ?", (old, rid))
        db.execute("DELETE FROM outreach_meta WHERE key = 'layout'")
    spelled = histories(path)
    assert all(state.startswith('[{"t":') for state in spelled.values())

    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        assert answers(engine) == before
        assert histories(path) == spelled  # read, not rebuilt
        assert engine.readmodel.meta("layout") == layout().tag
        engine.record("ada", "emailed", at=days_ago(1), topic="a new role")
        after = histories(path)
        assert after["ada"].startswith(f'["{layout().tag}",')
        assert after["bob"] == spelled["bob"]
        assert len(engine.history("ada")) == len(load_history(after["ada"], UUID(int=0)))


def test_a_store_of_another_layout_is_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        before = answers(engine)
    tag = layout().tag
    with sqlite3.connect(path) as db:  # as a release with other event classes left it
        db.execute(
            "UPDATE outreach_relationships SET state = replace(state, ?, 'h00000000')", (tag,)
        )
        db.execute("UPDATE outreach_meta SET value = 'h00000000' WHERE key = 'layout'")
    assert all("h00000000" in state for state in histories(path).values())

    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        assert answers(engine) == before
        assert engine.readmodel.meta("layout") == tag
    assert all(state.startswith(f'["{tag}",') for state in histories(path).values())
