"""The notifications a catch-up reads, as plain rows: (position, originator id in hex, version,
topic, stored state).

On SQLite they are read with one statement of our own, the rows as sqlite3 gives them:
eventsourcing's ``select_notifications`` makes a ``Notification`` and a ``UUID`` of each, a
tenth of a rebuild's time, where the catch-up needs the id in hex (the keys and the read
models' rows are by hex id) and a ``UUID`` once per person of a batch (``ids``). Beside them,
the stored histories of the people they are about (``histories``), as the read models hold
them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from outreach.domain.events import Event
from outreach.engine.view.sql import Tx
from outreach.projections.state import load_history

Note = tuple[int, str, int, str, bytes]


class Notes:
    """Reads the notifications of one store from a position, ``limit`` at a time."""

    def __init__(self, recorder: Any, postgres: bool) -> None:
        self.recorder = recorder
        self.statement = (
            None
            if postgres or not hasattr(recorder, "events_table_name")
            else f"SELECT rowid, originator_id, originator_version, topic, state"
            f" FROM {recorder.events_table_name} WHERE rowid >= ? ORDER BY rowid LIMIT ?"
        )

    def __call__(self, start: int, limit: int) -> list[Note]:
        """The notifications from position ``start`` on, at most ``limit``."""
        if self.statement is None:
            return [
                (n.id, n.originator_id.hex, n.originator_version, n.topic, n.state)
                for n in self.recorder.select_notifications(start, limit)
            ]
        with self.recorder.datastore.transaction(commit=False) as cursor:
            raw = cursor.sqlite_cursor
            raw.row_factory = None  # plain tuples: a Row each was a tenth of the reading
            raw.execute(self.statement, (start, limit))
            return raw.fetchall()  # type: ignore[no-any-return]


def uuid_of(hid: str, ids: dict[str, UUID]) -> UUID:
    """The UUID of an id in hex, made once per batch (``ids``): about ten events a person."""
    rid = ids.get(hid)
    if rid is None:
        rid = ids[hid] = UUID(hid)
    return rid


def histories(tx: Tx, ids: Sequence[str], held: set[str] | None = None) -> dict[str, list[Event]]:
    """These relationships' stored histories (as their rows hold them). ``held`` is given
    the id of every row found, also of those that do not open (an erased person's, not purged
    yet, read as gone): a relationship with no row has none in any other table either."""
    statement = "SELECT id, state FROM {p}relationships WHERE id IN ({in})"
    rows = tx.chunks(statement, ids, opening=False)
    if held is not None:
        held.update(row["id"] for row in rows)
    return loaded(tx.opened(rows))


def loaded(rows: Sequence[Any]) -> dict[str, list[Event]]:
    """The histories of relationship rows read with their ``id`` and ``state``."""
    return {row["id"]: load_history(row["state"], UUID(row["id"])) for row in rows}
