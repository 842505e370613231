"""A store written by the previous release opens and answers the same: its read models are
made again from the events (their tables changed), the events and the keys untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from outreach.engine import Engine

from .test_readmodels import NOW, pipeline


def answers(engine: Engine) -> dict[str, Any]:
    return {
        "agenda": engine.agenda(now=NOW),
        "next": engine.next_actions(now=NOW),
        "violations": engine.violations(now=NOW),
        "sam": engine.agenda(now=NOW, recruiter="sam"),
        "find": engine.find(["python"]),
    }


def as_the_previous_release_left_it(path: Path) -> None:
    """Its own position table, no recruiters table, no schema mark, no library tracking."""
    with sqlite3.connect(path) as db:
        (position,) = db.execute(
            "SELECT notification_id FROM tracking WHERE application_name = 'outreach'"
        ).fetchone()
        db.execute("CREATE TABLE outreach_tracking (name TEXT PRIMARY KEY, position BIGINT)")
        db.execute("INSERT INTO outreach_tracking VALUES ('outreach', ?)", (position,))
        db.execute("DROP TABLE tracking")
        db.execute("DROP TABLE outreach_recruiters")
        db.execute("DELETE FROM outreach_meta WHERE key = 'schema'")


def stored(path: Path, table: str) -> list[Any]:
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()


def test_a_store_of_the_previous_release_opens_and_answers_the_same(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        before = answers(engine)
    as_the_previous_release_left_it(path)
    events, keys = stored(path, "stored_events"), stored(path, "outreach_keys")

    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        assert answers(engine) == before
        assert engine.readmodel.position() == engine.app.recorder.max_notification_id()
    assert stored(path, "stored_events") == events and stored(path, "outreach_keys") == keys
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "outreach_tracking" not in tables
