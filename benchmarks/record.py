"""Recording one event per command: the engine, a bare eventsourcing Application saving
equivalent aggregates, and raw sqlite3 inserts of the very same rows (the physical limit)."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate, event
from outreach.domain.values import relationship_id
from outreach.engine import NewRelationship, parse

from benchmarks.generate import pipeline
from benchmarks.stores import RECRUITER, opened, remove, sqlite_url
from benchmarks.timing import clock

RECORD_SEED = 7  # other people than the stores' (``r`` handles)


class Person(Aggregate):
    """The bare baseline's aggregate: the same id, the same facts, no pydantic, no policy."""

    @staticmethod
    def create_id(handle: str) -> UUID:
        return relationship_id(handle)

    @event("Added")
    def __init__(
        self, handle: str, name: str, occurred_at: datetime, by: str, fields: dict[str, Any]
    ) -> None:
        self.handle = handle
        self.kinds: list[str] = []

    @event("Happened")
    def happened(self, kind: str, occurred_at: datetime, by: str, fields: dict[str, Any]) -> None:
        self.kinds.append(kind)


class Bare(Application[UUID]):
    name = "bare"


def people(count: int) -> list[NewRelationship]:
    return list(pipeline(count, seed=RECORD_SEED, prefix="r"))


def events_in(group: list[NewRelationship]) -> int:
    return sum(1 + len(p.events) for p in group)


def engine_rate(url: str, group: list[NewRelationship]) -> float:
    """Events/s through Engine.add and Engine.record, one command per event."""
    with opened(url) as engine:
        start = clock()
        for p in group:
            engine.add(p.handle, name=p.name, at=p.at, **p.fields)
            for kind, at, fields in p.events:
                engine.record(p.handle, kind, at=at, **fields)
        return events_in(group) / (clock() - start)


def bare_rate(env: dict[str, str], group: list[NewRelationship]) -> float:
    """The same commands on a bare Application: get, trigger, save."""
    app = Bare(env=env)
    try:
        start = clock()
        for p in group:
            with contextlib.suppress(AggregateNotFoundError):  # as Engine.add looks first
                app.repository.get(relationship_id(p.handle))
            person = Person(p.handle, p.name, p.at or datetime.now(), RECRUITER, p.fields)
            app.save(person)
            for kind, at, fields in p.events:
                person = app.repository.get(person.id)
                person.happened(kind, at, RECRUITER, fields)
                app.save(person)
        return events_in(group) / (clock() - start)
    finally:
        app.close()


def stored_rows(path: Path) -> list[tuple[Any, ...]]:
    """The rows the engine wrote, as it wrote them."""
    with opened(sqlite_url(path)) as engine:
        table = engine.app.recorder.events_table_name
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            f"SELECT originator_id, originator_version, topic, state FROM {table} ORDER BY rowid"
        ).fetchall()
    finally:
        connection.close()


def raw_rate(path: Path, rows: list[tuple[Any, ...]]) -> float:
    """One transaction per row into eventsourcing's table shape, WAL as the engine's file."""
    remove(path)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(
            "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER,"
            " topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
        )
        start = clock()
        for row in rows:
            connection.execute("BEGIN")
            connection.execute("INSERT INTO stored_events VALUES (?, ?, ?, ?)", row)
            connection.execute("COMMIT")
        return len(rows) / (clock() - start)
    finally:
        connection.close()


def sqlite_round(folder: Path, group: list[NewRelationship]) -> dict[str, float]:
    """One run of each, on fresh files, one after the other (so load hits all alike)."""
    engine_file, bare_file, raw_file = (
        folder / f"record-{n}.db" for n in ("engine", "bare", "raw")
    )
    for path in (engine_file, bare_file):
        remove(path)
    figures = {"engine": engine_rate(sqlite_url(engine_file), group)}
    figures["bare"] = bare_rate(parse(sqlite_url(bare_file)).env, group)
    figures["raw"] = raw_rate(raw_file, stored_rows(engine_file))
    for path in (engine_file, bare_file, raw_file):
        remove(path)
    return figures


def postgres_round(url: str, group: list[NewRelationship]) -> dict[str, float]:
    """The engine and the bare Application on the same PostgreSQL schema (distinct tables)."""
    return {"engine": engine_rate(url, group), "bare": bare_rate(parse(url).env, group)}
