"""SQLite as the application's store: connections that keep their compiled statements and
delete securely; the recorder that writes, in the events' own transaction, our writes before
them (``also``) and the rows after them (``then``; see engine.persistence); and the read
models' position in eventsourcing's tracking table (engine.view.sql.Position). PostgreSQL's
are in engine.recorders_pg."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import InterfaceError, StoredEvent, Tracking
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteConnection,
    SQLiteProcessRecorder,
    SQLiteTrackingRecorder,
)
from outreach.engine.view.sql import Position


def securely_deleting(pool: Any) -> None:
    """Every SQLite connection overwrites deleted content with zeros, so that a purged or
    shredded row leaves no trace in the file (erasure scans the file's bytes for it), and
    keeps the statements it compiled (``STATEMENTS_KEPT``)."""
    pool._create_connection = lambda: _connection(pool)


# eventsourcing opens its SQLite connections with ``cached_statements=True``, a cache of one
# statement: a recorded event's twenty statements were each compiled again, every time (the
# read models' upserts about 50 us each, against 10 to run them).
STATEMENTS_KEPT = 128


def _connection(pool: Any) -> SQLiteConnection:
    """A connection as eventsourcing's ``SQLiteConnectionPool._create_connection`` makes it
    (its options, WAL for a file), keeping ``STATEMENTS_KEPT`` statements, deleting securely."""
    try:
        c = sqlite3.connect(
            database=pool.db_name,
            uri=True,
            check_same_thread=False,
            isolation_level=None,  # autocommit: the library begins its transactions itself
            cached_statements=STATEMENTS_KEPT,
            timeout=pool.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
        )
    except (sqlite3.Error, TypeError) as error:
        raise InterfaceError(error) from error
    if not pool.is_sqlite_memory_mode and not pool.is_journal_mode_wal:
        if c.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            c.execute("PRAGMA journal_mode=WAL")
            pool.journal_mode_was_changed_to_wal = True
        pool.is_journal_mode_wal = True
    c.row_factory = sqlite3.Row
    c.execute("PRAGMA secure_delete = ON")
    return SQLiteConnection(sqlite_conn=c, max_age=pool.max_age)


class AfterEvents(Protocol):
    """Rows written after a save's events, in their transaction (``save(then=...)``)."""

    def write(self, cursor: Any, positions: Sequence[int]) -> None: ...

    def undone(self, error: Exception) -> None:
        """The database refused the rows: they were undone, the events commit without them."""


class SQLiteRecorder(SQLiteProcessRecorder):
    def select_in(self, cursor: Any, originator_id: UUID, gt: int | None) -> list[StoredEvent]:
        """An aggregate's events (after version ``gt``) read with the caller's cursor, as
        ``select_events`` reads them in a transaction of its own (engine.histories)."""
        statement = self.select_events_statement
        params: list[Any] = [originator_id.hex]
        if gt is not None:
            statement += "AND originator_version>? "
            params.append(gt)
        cursor.execute(statement + "ORDER BY originator_version ASC", params)
        return [
            StoredEvent(
                originator_id=self.convert_originator_id(row["originator_id"]),
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=row["state"],
            )
            for row in cursor.fetchall()
        ]

    def _insert_rows(self, c: Any, stored_events: Sequence[StoredEvent]) -> list[int]:
        """The events inserted in one statement (the library runs one a row), and their
        positions: SQLite gives a new row the largest rowid in the table plus one, so the
        rows of one statement in one transaction are numbered one after another, ending at
        ``last_insert_rowid()``. The state is given as a ``bytearray``: stored the same (a
        BLOB), but sqlite3 looks for an adapter for each ``bytes`` (not for a bytearray), which
        cost more than the copy."""
        rows = []
        owner: UUID | str | None = None
        hid = ""
        for s in stored_events:
            if s.originator_id is not owner:  # a relationship's events share their id object:
                owner = s.originator_id  # its hex made once (UUID.hex formats with %)
                hid = owner.hex if isinstance(owner, UUID) else owner
            rows.append((hid, s.originator_version, s.topic, bytearray(s.state)))
        if not rows:
            return []
        if len(rows) == 1:  # a command's event: as the library does
            c.execute(self.insert_events_statement, rows[0])
            return [c.lastrowid]
        c.executemany(self.insert_events_statement, rows)
        c.execute("SELECT last_insert_rowid()")
        last: int = c.fetchone()[0]
        return list(range(last - len(rows) + 1, last + 1))

    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        for write in kwargs.get("also", ()):
            write(c)
        positions = self._insert_rows(c, stored_events)
        tracking: Tracking | None = kwargs.get("tracking")
        if tracking is not None:
            self._insert_tracking(c, tracking)
        then: Sequence[AfterEvents] = kwargs.get("then", ())
        for rows in then:
            if not positions:
                break
            c.execute("SAVEPOINT after_events")
            try:
                rows.write(c, positions)
            except sqlite3.Error as error:
                c.execute("ROLLBACK TO SAVEPOINT after_events")
                rows.undone(error)
            c.execute("RELEASE SAVEPOINT after_events")
        return positions


class SQLiteTracking(Position, SQLiteTrackingRecorder):
    """SQLite's tracking table has a fixed name (``tracking``): one position per database."""

    table = "tracking"
