"""The handle index: which relationship a handle names, kept by the store (issue 11).

Relationships added since 0.2 have random ids, so nothing but this index leads from a handle
to someone's events; erasing them removes their row in the transaction that records
``erased``, and the handle can then be added again as a new relationship. With a master key
the index holds a keyed hash of each handle (HMAC-SHA256), never the handle itself.

Stores written by 0.1 derived ids from handles (``relationship_id``): a handle missing from
the index is looked for there, so those relationships keep working (and stay findable from
their handle: their ids cannot change, as events are never edited).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from uuid import UUID

from outreach.domain.events import Added, Erased
from outreach.domain.values import relationship_id
from outreach.engine.view.sql import Database, Tx

LATELY = 10_000  # handles a process remembers having found (about 1 MB)
SCHEMA = "CREATE TABLE IF NOT EXISTS {p}handles (handle TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE)"
HASHED = "h1:"
# The relationships some handles name (their keys, ``HandleIndex.keys``), in chunks (Tx.chunks).
FIND = "SELECT handle, id FROM {p}handles WHERE handle IN ({in})"


class HandleIndex:
    def __init__(self, db: Database, recorder: Any, master: bytes | None) -> None:
        self.db = db
        self.recorder = recorder
        self.master = master
        self._lately: dict[str, UUID] = {}  # found by this process, oldest first

    def create(self) -> None:
        """Make the table; with a master key, hash any handle still kept in the clear (a key
        put on a store that had none)."""
        with self.db.transaction(commit=True) as tx:
            tx.run(SCHEMA)
            if self.master is None:
                return
            old = tx.rows("SELECT handle, id FROM {p}handles WHERE handle NOT LIKE ?", ("h1:%",))
            for row in old:
                tx.run(
                    "UPDATE {p}handles SET handle = ? WHERE id = ?",
                    (self.key(row["handle"]), row["id"]),
                )

    def key(self, handle: str) -> str:
        """What the index keeps for a handle."""
        if self.master is None:
            return handle
        digest = hmac.new(self.master, b"handle:" + handle.encode(), hashlib.sha256)
        return HASHED + digest.hexdigest()

    def find(self, handle: str) -> UUID | None:
        """The relationship this (normalised) handle names now, or None."""
        return self.find_many([handle]).get(handle)

    def find_many(self, handles: Sequence[str]) -> dict[str, UUID]:
        keys = self.keys(handles)
        with self.db.transaction(commit=False) as tx:
            rows = tx.chunks(FIND, list(keys))
        return self.found(keys, rows)

    def keys(self, handles: Iterable[str]) -> dict[str, str]:
        """What the index keeps for each handle, with the handle."""
        return {self.key(h): h for h in handles}

    def found(self, keys: dict[str, str], rows: Iterable[Any]) -> dict[str, UUID]:
        """The relationships the index's ``rows`` (read with ``FIND`` for ``keys``) name, by
        handle; a handle of a 0.1 store found there as it was."""
        found = {keys[row["handle"]]: UUID(row["id"]) for row in rows}
        for handle in keys.values():
            if handle not in found and self._legacy(handle):
                found[handle] = relationship_id(handle)
        for handle, rid in found.items():
            self.remember(handle, rid)
        return found

    def lately(self, handle: str) -> UUID | None:
        """The relationship this process found last for the handle, without asking the store:
        right unless it was erased since (the caller checks), as only an erasure takes a
        handle from its relationship."""
        return self._lately.get(handle)

    def remember(self, handle: str, rid: UUID) -> None:
        self._lately[handle] = rid
        if len(self._lately) > LATELY:
            del self._lately[next(iter(self._lately))]

    def forget(self, rid: UUID) -> None:
        """An erased relationship's handle is looked up again next time."""
        for handle in [h for h, found in self._lately.items() if found == rid]:
            del self._lately[handle]

    def _legacy(self, handle: str) -> bool:
        """A relationship a 0.1 store holds under the id derived from the handle, not erased."""
        last = self.recorder.select_events(relationship_id(handle), desc=True, limit=1)
        return bool(last) and last[0].topic != Erased.TOPIC

    def rows(self, events: Iterable[Any]) -> list[tuple[str, str]]:
        """The index rows for the relationships these events start."""
        return [(self.key(e.handle), e.originator_id.hex) for e in events if isinstance(e, Added)]

    def inserting(self, rows: Sequence[tuple[str, str]]) -> Callable[[Any], None]:
        """Writes the rows in the events' own transaction (``save(also=...)``): a handle taken
        meanwhile fails the whole save."""

        def write(cursor: Any) -> None:
            self.tx(cursor).many("INSERT INTO {p}handles (handle, id) VALUES (?, ?)", rows)

        return write

    def tx(self, cursor: Any) -> Tx:
        """The events' transaction, to write the index and read-model tables in it."""
        return Tx(cursor, self.db.prefix, self.db.postgres)

    @staticmethod
    def remove(tx: Tx, rid: UUID) -> None:
        tx.run("DELETE FROM {p}handles WHERE id = ?", (rid.hex,))
