"""A store written by the previous release opens and answers the same: its read models are
made again from the events (their tables changed), the events and the keys untouched."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
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


RELEASE_3_TABLES = {  # the answers' tables as schema 3 made them: one answer a person
    "actions": "CREATE TABLE outreach_actions (id TEXT PRIMARY KEY, handle TEXT NOT NULL,"
    " kind TEXT, payload TEXT NOT NULL, s_tier INTEGER NOT NULL, s_rank INTEGER NOT NULL,"
    " s_best INTEGER NOT NULL, due DOUBLE PRECISION, recheck DOUBLE PRECISION,"
    " computed DOUBLE PRECISION NOT NULL, recruiters TEXT NOT NULL)",
    "violations": "CREATE TABLE outreach_violations (id TEXT NOT NULL, n INTEGER NOT NULL,"
    " handle TEXT NOT NULL, kind TEXT NOT NULL, rule TEXT NOT NULL,"
    " occurred DOUBLE PRECISION NOT NULL, by TEXT NOT NULL, payload TEXT NOT NULL,"
    " PRIMARY KEY (id, n))",
}


def as_the_current_release_left_it(path: Path) -> None:
    """Schema 3: answers with no settings key, no positions, no table of answered settings."""
    with sqlite3.connect(path) as db:
        for table, create in RELEASE_3_TABLES.items():
            columns = ", ".join(
                row[1] for row in db.execute(f"PRAGMA table_info(outreach_{table})")
            ).replace("settings, ", "")
            db.execute(f"CREATE TABLE saved AS SELECT {columns} FROM outreach_{table}")
            db.execute(f"DROP TABLE outreach_{table}")
            db.execute(create)
            db.execute(f"INSERT INTO outreach_{table} SELECT * FROM saved")
            db.execute("DROP TABLE saved")
        db.execute("DROP INDEX outreach_relationships_position")
        db.execute("ALTER TABLE outreach_relationships DROP COLUMN position")
        db.execute("DROP TABLE outreach_answered")
        db.execute("UPDATE outreach_meta SET value = '3' WHERE key = 'schema'")


def test_a_store_of_the_current_release_is_migrated_not_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "release-3.db"
    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        before = answers(engine)
    as_the_current_release_left_it(path)
    kept = {table: stored(path, table) for table in ("stored_events", "outreach_keys")}
    answers_3 = stored(path, "outreach_actions")

    later = NOW + timedelta(hours=1)  # an answer worked out again would say so
    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: later) as engine:
        with engine.readmodel.db.transaction(commit=False) as tx:
            rows = tx.rows("SELECT * FROM {p}actions ORDER BY id")
        assert [tuple(dict(row).values())[1:] for row in rows] == sorted(answers_3)
        assert {dict(row)["settings"] for row in rows} == {engine.readmodel.key}
        assert answers(engine) == {**before, "next": engine.next_actions(now=NOW)}
        assert answers(engine) == before
    assert {table: stored(path, table) for table in kept} == kept
