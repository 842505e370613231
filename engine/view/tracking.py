"""Where the read models are in the event log, in the table of eventsourcing's own tracking
recorder (one per dialect: it makes the table, and reads the position), moved in the
transaction of the rows it accounts for.

A catch-up batch moves the position only from where the batch found it, under the row's lock,
so that no event is applied twice (a group's contributions would count twice)."""

from __future__ import annotations

from typing import Any

from eventsourcing.sqlite import SQLiteTrackingRecorder

NAME = "outreach"  # the read models' row in the tracking table


class Position:
    """The read models' position, on top of a dialect's tracking recorder (listed after this
    class in each subclass: its ``create_table`` and ``max_tracking_id``)."""

    table: str
    datastore: Any
    create_table: Any
    max_tracking_id: Any

    def create(self) -> None:
        self.create_table()
        with self.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                self.sql("INSERT INTO {t} VALUES (?, 0) ON CONFLICT DO NOTHING"), (NAME,)
            )

    def position(self) -> int:
        return self.max_tracking_id(NAME) or 0

    def position_in(self, cursor: Any) -> int:
        """The position, read in the caller's transaction."""
        read = "SELECT notification_id FROM {t} WHERE application_name = ?"
        cursor.execute(self.sql(read), (NAME,))
        row = cursor.fetchone()
        return int(row["notification_id"]) if row is not None else 0

    def move(self, cursor: Any, start: int, end: int) -> bool:
        """Move the position from ``start`` to ``end`` in the caller's transaction; False,
        with nothing moved, if another process moved it first. One statement: the update
        takes the row's lock, and finds nothing to update if another transaction moved it
        first (a round trip, where reading the row under lock and then writing it took two)."""
        move = "UPDATE {t} SET notification_id = ? WHERE application_name = ?"
        move += " AND notification_id = ? RETURNING notification_id"
        cursor.execute(self.sql(move), (end, NAME, start))
        return cursor.fetchone() is not None

    def move_in_batch(self, cursor: Any, start: int, end: int) -> bool:
        """``move`` among statements sent together and not waited on one by one (a recorded
        event's rows and its COMMIT, engine.recorders_pg). On SQLite, ``move``."""
        return self.move(cursor, start, end)

    def reset(self, cursor: Any) -> None:
        """Back to the first event, for a rebuild (the library only moves forward)."""
        reset = "UPDATE {t} SET notification_id = 0 WHERE application_name = ?"
        cursor.execute(self.sql(reset), (NAME,))

    def sql(self, statement: str) -> str:
        return statement.replace("{t}", self.table)


class SQLiteTracking(Position, SQLiteTrackingRecorder):
    """SQLite's tracking table has a fixed name (``tracking``): one position per database."""

    table = "tracking"


def tracking_for(datastore: Any, postgres: bool) -> Position:
    if not postgres:
        return SQLiteTracking(datastore)
    # Imported for a PostgreSQL store only: psycopg is not loaded otherwise.
    from eventsourcing.postgres import PostgresTrackingRecorder

    class PostgresTracking(Position, PostgresTrackingRecorder):
        table = f'"{datastore.schema}".outreach_position'

        def sql(self, statement: str) -> str:
            return super().sql(statement).replace("?", "%s")

        def move_in_batch(self, cursor: Any, start: int, end: int) -> bool:
            """True, unread: a position another process moved first fails this statement
            (the row it would insert is taken), and with it the batch, whose rows are then
            undone (engine.recorders_pg). Reading the answer of ``move`` was a round trip
            of its own."""
            move = (
                "WITH moved AS (UPDATE {t} SET notification_id = ? WHERE application_name = ?"
                " AND notification_id = ? RETURNING notification_id)"
                " INSERT INTO {t} (application_name, notification_id)"
                " SELECT ?, ? WHERE NOT EXISTS (SELECT FROM moved)"
            )
            cursor.execute(self.sql(move), (end, NAME, start, NAME, end))
            return True

    return PostgresTracking(datastore, tracking_table_name="outreach_position")
