"""The PostgreSQL process recorder able to write rows of ours in the events' own transaction
(see engine.saving)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresProcessRecorder
from outreach.engine.saving import AfterEvents


class PostgresRecorder(PostgresProcessRecorder):
    def _insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        for write in kwargs.get("also", ()):
            write(curs)
        super()._insert_events(curs, stored_events, **kwargs)

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
