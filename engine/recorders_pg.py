"""The PostgreSQL process recorder able to write rows of ours in the events' own transaction
(see engine.recorders)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import PostgresProcessRecorder


class PostgresRecorder(PostgresProcessRecorder):
    def _insert_events(
        self, curs: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        for write in kwargs.get("also", ()):
            write(curs)
        super()._insert_events(curs, stored_events, **kwargs)
