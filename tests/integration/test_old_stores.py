"""A store written by the previous release opens and answers the same: its read models are
made again from the events (their tables changed), the events and the keys untouched."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from outreach.engine import Engine
from outreach.projections.settings import Playbook

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
    "actions": "CREATE TABLE {p}actions (id TEXT PRIMARY KEY, handle TEXT NOT NULL,"
    " kind TEXT, payload TEXT NOT NULL, s_tier INTEGER NOT NULL, s_rank INTEGER NOT NULL,"
    " s_best INTEGER NOT NULL, due DOUBLE PRECISION, recheck DOUBLE PRECISION,"
    " computed DOUBLE PRECISION NOT NULL, recruiters TEXT NOT NULL)",
    "violations": "CREATE TABLE {p}violations (id TEXT NOT NULL, n INTEGER NOT NULL,"
    " handle TEXT NOT NULL, kind TEXT NOT NULL, rule TEXT NOT NULL,"
    " occurred DOUBLE PRECISION NOT NULL, by TEXT NOT NULL, payload TEXT NOT NULL,"
    " PRIMARY KEY (id, n))",
}
OLD_COLUMNS = {
    "actions": "id, handle, kind, payload, s_tier, s_rank, s_best, due, recheck, computed,"
    " recruiters",
    "violations": "id, n, handle, kind, rule, occurred, by, payload",
}


def as_the_current_release_left_it(run: Callable[[str], Any], p: str, marks: bool = False) -> None:
    """Schema 3: answers with no settings key, no positions, no table of answered settings
    (``p``: the tables' prefix, schema included); ``marks``: that table left as it was, as
    the current release leaves it when it rebuilds a store this one used (it does not know
    the table)."""
    for table, create in RELEASE_3_TABLES.items():
        run(f"CREATE TABLE {p}saved AS SELECT {OLD_COLUMNS[table]} FROM {p}{table}")
        run(f"DROP TABLE {p}{table}")
        run(create.replace("{p}", p))
        run(f"INSERT INTO {p}{table} SELECT * FROM {p}saved")
        run(f"DROP TABLE {p}saved")
    run(f"DROP INDEX {p}relationships_position")
    run(f"ALTER TABLE {p}relationships DROP COLUMN position")
    if not marks:
        run(f"DROP TABLE {p}answered")
    run(f"UPDATE {p}meta SET value = '3' WHERE key = 'schema'")


def migrated_as_they_were(url: str, run: Callable[[str], Any], p: str, events: str) -> None:
    """A store made, left as schema 3 left it, opened again: its answers are the same rows,
    filed under the settings they were worked out with; events and keys untouched."""

    def untouched() -> list[Any]:
        return [run(f"SELECT * FROM {table} ORDER BY 1, 2") for table in (f"{p}keys", events)]

    with Engine.open(url, recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        before = answers(engine)
    as_the_current_release_left_it(run, p)
    kept = untouched()
    answers_3 = sorted(run(f"SELECT * FROM {p}actions"))

    later = NOW + timedelta(hours=1)  # an answer worked out again would say so
    with Engine.open(url, recruiter="sam", clock=lambda: later) as engine:
        rows = run(f"SELECT settings, {OLD_COLUMNS['actions']} FROM {p}actions")
        assert sorted(tuple(row[1:]) for row in rows) == answers_3
        assert {row[0] for row in rows} == {engine.readmodel.key}
        assert answers(engine) == before
    assert untouched() == kept


def test_a_store_of_the_current_release_is_migrated_not_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "release-3.db"

    def run(sql: str) -> list[Any]:
        with sqlite3.connect(path) as db:
            return db.execute(sql).fetchall()

    migrated_as_they_were(f"sqlite:///{path}", run, "outreach_", "stored_events")


def test_a_team_store_of_the_current_release_is_migrated_not_rebuilt(postgres_store: str) -> None:
    import psycopg

    base, schema = postgres_store.split("?schema=")
    p = f'"{schema}".outreach_'

    def run(sql: str) -> list[Any]:
        with psycopg.connect(base, autocommit=True) as db:
            cursor = db.execute(sql)
            return [tuple(row) for row in cursor.fetchall()] if cursor.description else []

    migrated_as_they_were(postgres_store, run, p, f'"{schema}".outreach_events')


def test_answers_of_other_settings_are_worked_out_again_after_the_current_release_rebuilt(
    tmp_path: Path,
) -> None:
    """The current release rebuilds a store of schema 4 (not its own) with its one set of
    answers; the marks of other settings must not vouch for answers that are gone."""
    path = tmp_path / "both.db"
    other = Playbook(busy_follow_up=5, follow_up_after=9)
    with Engine.open(f"sqlite:///{path}", clock=lambda: NOW, settings=other) as engine:
        pipeline(engine)
        expected = answers(engine)
    with Engine.open(f"sqlite:///{path}", clock=lambda: NOW) as engine:
        engine.agenda()
        key = engine.readmodel.key

    def run(sql: str) -> list[Any]:
        with sqlite3.connect(path) as db:
            return db.execute(sql).fetchall()

    for table in ("actions", "violations"):  # its rebuild makes its own answers alone
        run(f"DELETE FROM outreach_{table} WHERE settings <> '{key}'")
    as_the_current_release_left_it(run, "outreach_", marks=True)
    with Engine.open(f"sqlite:///{path}", clock=lambda: NOW, settings=other) as engine:
        assert answers(engine) == expected
