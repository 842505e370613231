"""The PostgreSQL process recorder able to write rows of ours in the events' own transaction
(see engine.saving)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresProcessRecorder
from outreach.engine.saving import AfterEvents
from psycopg.sql import SQL


class PostgresRecorder(PostgresProcessRecorder):
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

    def _insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        also = kwargs.get("also", ())
        for write in also:
            write(curs)
        super()._insert_events(curs, stored_events, **kwargs)
        if also or kwargs.get("tracking") is not None:
            # A handle taken meanwhile, or a command given again, must fail here as the
            # IntegrityError it is. Synced later, inside the library's own try, the conflict
            # was swallowed and the pipeline's end said only "pipeline aborted": an
            # OperationalError, retried ten times for nothing, and at times followed by a
            # "prepared statement does not exist" that failed a whole import.
            with curs.connection.pipeline() as pipeline:
                pipeline.sync()

    def _fetch_ids_after_insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """The events' positions, then the rows to write after them (``then``), each in a
        savepoint (psycopg's nested transaction, which keeps the pipeline in step)."""
        positions = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        then: Sequence[AfterEvents] = kwargs.get("then", ())
        for rows in then:
            if not positions:
                break
            try:
                with curs.connection.transaction():
                    rows.write(curs, positions)
            except psycopg.Error as error:
                rows.undone(error)
        return positions
