"""eventsourcing's process recorders, able to write rows of ours in the events' own transaction.

``app.save(..., also=(write, ...))`` runs each ``write(cursor)`` inside the transaction that
inserts the events (and a command's tracking record), before them: the handle index's rows
commit with a relationship's first event (a handle taken meanwhile fails the save as a whole),
and an erasure's key deletion and read-model purge commit with its ``erased`` event, or not at
all (issue 14, finding 5). The PostgreSQL one is in engine.recorders_pg: psycopg loads only
for a PostgreSQL store.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.sqlite import SQLiteProcessRecorder

InTransaction = Callable[[Any], None]


class SQLiteRecorder(SQLiteProcessRecorder):
    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        for write in kwargs.get("also", ()):
            write(c)
        return super()._insert_events(c, stored_events, **kwargs)


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
