"""The PostgreSQL process recorder able to write rows of ours in the events' own transaction
(see engine.persistence), in as few round trips to the server as the work allows.

The library's ``insert_events`` runs a save in a psycopg pipeline inside ``transaction()``,
which in pipeline mode syncs on entering and on leaving, and once more for each savepoint:
a recorded event waited on the server nine times. Here the transaction is written out, in
two batches, each waited on once:

1. BEGIN, our writes before the events (a handle's index row, a command's key), the
   library's lock and notification, and the events' INSERT (a conflict fails here, as the
   IntegrityError it is);
2. knowing the events' positions, a savepoint, the rows written after them (``then``: the
   read models' position, moved only from just before these events, and a recorded event's
   rows) and COMMIT. Refused (or the position moved by another process first, which fails
   the batch too: PostgresTracking, below), the rows alone are undone and the events commit.

The read models' position (engine.view.sql.Position) is kept in a tracking table of its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresProcessRecorder, PostgresTrackingRecorder
from eventsourcing.utils import retry
from outreach.engine.persistence import AfterEvents
from outreach.engine.view.sql import NAME, Position
from psycopg.pq import TransactionStatus
from psycopg.sql import SQL, Composable, Composed, Identifier

INERROR = TransactionStatus.INERROR


class PostgresRecorder(PostgresProcessRecorder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The library's statements are composed (identifiers quoted, parts joined) and
        # psycopg renders a composed statement again at each use: once here instead.
        self.insert_events_statement = _rendered(self.insert_events_statement)
        self.lock_table_statements = [_rendered(s) for s in self.lock_table_statements]
        self._notify = _rendered(SQL("NOTIFY {0}").format(Identifier(self.channel_name)))

    def _notify_channel(self, curs: Any) -> None:
        curs.execute(self._notify)

    def select_in(self, cursor: Any, originator_id: UUID, gt: int | None) -> list[StoredEvent]:
        """An aggregate's events (after version ``gt``) read with the caller's cursor, as
        ``select_events`` reads them on a connection of its own (engine.histories)."""
        statement = self.select_events_statement
        params: list[Any] = [originator_id]
        if gt is not None:
            statement += SQL(" AND originator_version > %s")
            params.append(gt)
        cursor.execute(statement + SQL(" ORDER BY originator_version ASC"), params, prepare=True)
        return [
            StoredEvent(
                originator_id=row["originator_id"],
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=bytes(row["state"]),
            )
            for row in cursor.fetchall()
        ]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.datastore.enable_db_functions or not stored_events:
            positions: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
            return positions
        with self.datastore.get_connection() as connection:
            try:
                return self._in_one_transaction(connection, stored_events, **kwargs)
            except BaseException:
                with contextlib.suppress(psycopg.Error):
                    connection.rollback()  # also forgets what it prepared in the batch
                raise

    def _in_one_transaction(
        self, connection: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> list[int]:
        then: Sequence[AfterEvents] = kwargs.get("then", ())
        positions: list[int] = []  # once the events are in
        try:
            self._batches(connection, stored_events, positions, **kwargs)
        except psycopg.Error as error:
            # Refused after the events (their COMMIT left unrun): the rows alone are undone.
            if not positions or connection.info.transaction_status != INERROR:
                raise
            connection.execute("ROLLBACK TO SAVEPOINT after_events", prepare=False)
            connection.execute("COMMIT", prepare=False)
            for rows in then:
                rows.undone(error)
        return positions

    def _batches(
        self,
        connection: Any,
        stored_events: Sequence[StoredEvent],
        positions: list[int],
        **kwargs: Any,
    ) -> None:
        then: Sequence[AfterEvents] = kwargs.get("then", ())
        with connection.pipeline() as pipeline:
            connection.execute("BEGIN", prepare=False)
            with connection.cursor() as cursor:
                self._insert_events(cursor, stored_events, **kwargs)
            with connection.cursor() as cursor:
                self._insert_stored_events(cursor, stored_events, **kwargs)
                pipeline.sync()  # a conflict (a version or handle taken) is raised here
                positions += [row["notification_id"] for row in cursor.fetchall()]
            if then:
                connection.execute("SAVEPOINT after_events", prepare=False)
                with connection.cursor() as cursor:
                    for rows in then:
                        rows.write(cursor, positions)
            connection.execute("COMMIT", prepare=False)  # sent with the pipeline's last sync

    def _insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        """Our writes before the events (``also``), then the library's (a command's key)."""
        for write in kwargs.get("also", ()):
            write(curs)
        super()._insert_events(curs, stored_events, **kwargs)


def _rendered(statement: Any) -> Any:
    """A composed statement as one piece of SQL (any other as it is)."""
    if not isinstance(statement, Composable):
        return statement
    return Composed([SQL(statement.as_string(None))])


class PostgresTracking(Position, PostgresTrackingRecorder):
    """The read models' position (engine.view.sql) in a table of its own: PostgreSQL's
    default name is taken."""

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.table = f'"{datastore.schema}".outreach_position'

    def sql(self, statement: str) -> str:
        return super().sql(statement).replace("?", "%s")

    def move_in_batch(self, cursor: Any, start: int, end: int) -> bool:
        """True, unread: a position another process moved first fails this statement
        (the row it would insert is taken), and with it the batch, whose rows are then
        undone (PostgresRecorder). Reading the answer of ``move`` was a round trip of its
        own."""
        move = (
            "WITH moved AS (UPDATE {t} SET notification_id = ? WHERE application_name = ?"
            " AND notification_id = ? RETURNING notification_id)"
            " INSERT INTO {t} (application_name, notification_id)"
            " SELECT ?, ? WHERE NOT EXISTS (SELECT FROM moved)"
        )
        cursor.execute(self.sql(move), (end, NAME, start, NAME, end))
        return True
