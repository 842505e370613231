"""Where the read models are in the event log, kept by eventsourcing's own tracking recorder
(one per dialect), in the transaction of the rows it accounts for.

The library moves the position forward only (``_insert_tracking``); a catch-up batch also
checks, under the row's lock, that nobody moved it since the batch was read, so that no event
is applied twice (a group's contributions would count twice)."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Tracking
from eventsourcing.sqlite import SQLiteTrackingRecorder

NAME = "outreach"  # the read models' row in the tracking table


class Position:
    """The read models' position, on top of a dialect's tracking recorder (listed after this
    class in each subclass: its ``create_table``, ``max_tracking_id``, ``_insert_tracking``)."""

    table: str
    lock: str
    datastore: Any
    create_table: Any
    max_tracking_id: Any
    _insert_tracking: Any

    def create(self) -> None:
        self.create_table()
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                self.sql("INSERT INTO {t} VALUES (?, 0) ON CONFLICT DO NOTHING"), (NAME,)
            )

    def position(self) -> int:
        return self.max_tracking_id(NAME) or 0

    def move(self, cursor: Any, start: int, end: int) -> bool:
        """Move the position from ``start`` to ``end`` in the caller's transaction; False,
        with nothing moved, if another process moved it first."""
        select = "SELECT notification_id AS n FROM {t} WHERE application_name = ?" + self.lock
        cursor.execute(self.sql(select), (NAME,))
        row = cursor.fetchone()
        if (row["n"] if row else 0) != start:
            return False
        self._insert_tracking(cursor, Tracking(NAME, end))
        return True

    def reset(self, cursor: Any) -> None:
        """Back to the first event, for a rebuild (the library only moves forward)."""
        reset = "UPDATE {t} SET notification_id = 0 WHERE application_name = ?"
        cursor.execute(self.sql(reset), (NAME,))

    def sql(self, statement: str) -> str:
        return statement.replace("{t}", self.table)


class SQLiteTracking(Position, SQLiteTrackingRecorder):
    """SQLite's tracking table has a fixed name (``tracking``): one position per database."""

    table = "tracking"
    lock = ""  # SQLite's writer holds the whole file


def tracking_for(datastore: Any, postgres: bool) -> Position:
    if not postgres:
        return SQLiteTracking(datastore)
    # Imported for a PostgreSQL store only: psycopg is not loaded otherwise.
    from eventsourcing.postgres import PostgresTrackingRecorder

    class PostgresTracking(Position, PostgresTrackingRecorder):
        table = f'"{datastore.schema}".outreach_position'
        lock = " FOR UPDATE"

        def sql(self, statement: str) -> str:
            return super().sql(statement).replace("?", "%s")

    return PostgresTracking(datastore, tracking_table_name="outreach_position")
