"""eventsourcing's process recorders, able to write rows of ours in the events' own transaction.

``app.save(..., also=(write, ...))`` runs each ``write(cursor)`` inside the transaction that
inserts the events (and a command's tracking record), before them: the handle index's rows
commit with a relationship's first event (a handle taken meanwhile fails the save as a whole),
and an erasure's key deletion and read-model purge commit with its ``erased`` event, or not at
all (issue 14, finding 5).

``app.save(..., then=(rows, ...))`` writes ``rows`` after the events, knowing their positions
in the notification log (a recorded event's read-model rows and the read models' position):
in a savepoint of their own, so that the database refusing them undoes them alone, and the
events commit all the same (issue 14, finding 2). The PostgreSQL recorder is in
engine.recorders_pg: psycopg loads only for a PostgreSQL store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, Protocol, cast

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.sqlite import SQLiteProcessRecorder

InTransaction = Callable[[Any], None]


class AfterEvents(Protocol):
    """Rows written after a save's events, in their transaction (``save(then=...)``)."""

    def write(self, cursor: Any, positions: Sequence[int]) -> None: ...

    def undone(self, error: Exception) -> None:
        """The database refused the rows: they were undone, the events commit without them."""


class SQLiteRecorder(SQLiteProcessRecorder):
    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        for write in kwargs.get("also", ()):
            write(c)
        positions = super()._insert_events(c, stored_events, **kwargs)
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


def process_recorder(factory: Any) -> ApplicationRecorder:
    """Our recorder for the factory's store (PostgreSQL's events and commands in tables of
    their own: its default names are taken)."""
    recorder: Any
    if "postgres" not in factory.process_recorder_class.__module__:
        recorder = SQLiteRecorder(datastore=factory.datastore)
    else:
        from outreach.engine.recorders_pg import PostgresRecorder  # loads psycopg

        recorder = PostgresRecorder(
            datastore=factory.datastore,
            events_table_name="outreach_events",
            tracking_table_name="outreach_commands",
        )
    if factory.env_create_table():
        recorder.create_table()
    return cast(ApplicationRecorder, recorder)
