"""The histories a process read lately: loading one again reads and decodes only the events
recorded since (a command loads the whole history of the person it acts on, and decoding it,
pydantic validation and opening the sealed fields, was a fifth of recording an event).

The relationship's data key is still read afresh at each load: should another process have
erased them since, the whole history is read again, and their personal fields read as gone.
The key and the events are read on one connection, with no transaction around them: each
statement sees what was committed when it began, as two transactions of their own did (an
erasure committed between them shows as its ``erased`` event, and the whole history is read
again); one pool checkout, and on SQLite two statements where BEGIN and ROLLBACK made six."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any
from uuid import UUID

from eventsourcing.persistence import EventStore, StoredEvent
from outreach.domain.events import Erased, Event
from outreach.engine.privacy import Privacy
from outreach.engine.view.sql import Database, Tx

KEPT = 1_000  # histories: about 10 events each, a few MB in all


class Histories:
    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._kept: dict[UUID, tuple[Event, ...]] = {}  # least recently used first

    def load(
        self, store: EventStore[UUID], privacy: Privacy | None, rid: UUID, *, unread: bool = False
    ) -> list[Event]:
        """The aggregate's events in recording order, as ``store.get(rid)`` gives them.
        ``unread``: a history kept here is taken as the store's without asking it, for a
        command whose save proves it (see ``OutreachApplication.record``)."""
        kept = self._kept.pop(rid, None)
        if unread and kept is not None:
            self._keep(rid, kept)
            return list(kept)
        select = getattr(store.recorder, "select_in", None)
        history: list[Any]
        if privacy is None or select is None:
            history = list(store.get(rid))
        else:
            after = None if kept is None else kept[-1].originator_version
            with _reading(privacy.db) as tx:
                privacy.prefetch([rid.hex], tx)
                stored: list[StoredEvent] = select(tx.cursor, rid, after)
            if kept is not None and privacy.shredded(rid):
                history = list(store.get(rid))
            else:
                new = [store.mapper.to_domain_event(s) for s in stored]
                if kept is not None and any(isinstance(e, Erased) for e in new):
                    history = list(store.get(rid))
                else:
                    history = [*(kept or ()), *new]
        if history:
            self._keep(rid, tuple(history))
        return history

    def saved(self, history: tuple[Event, ...], new: int) -> None:
        """The history a command just saved, its ``new`` events last: the next load reads
        only what was recorded after them, and decodes nothing when nothing was. Kept when
        the events would read back as they are: every moment at a fixed offset (one in a
        named zone reads back at its offset), and no erasure."""
        events = history[len(history) - new :]
        if events and all(_as_stored(e) for e in events):
            self._keep(events[0].originator_id, history)

    def _keep(self, rid: UUID, history: tuple[Event, ...]) -> None:
        self._kept.pop(rid, None)
        self._kept[rid] = history
        if len(self._kept) > self.size:
            del self._kept[next(iter(self._kept))]


def _as_stored(event: Event) -> bool:
    if isinstance(event, Erased):
        return False
    return all(
        type(value.tzinfo) is timezone
        for value in vars(event).values()
        if isinstance(value, datetime)
    )


@contextmanager
def _reading(db: Database) -> Iterator[Tx]:
    """A connection of the store's to read from, outside any transaction."""
    if db.postgres:  # reads are outside a transaction there already
        with db.transaction(commit=False) as tx:
            yield tx
        return
    with db.datastore.get_connection(commit=False) as connection, connection.cursor() as cursor:
        yield Tx(cursor, db.prefix, db.postgres, db.sealer)
