"""The histories a process read lately: loading one again reads and decodes only the events
recorded since (a command loads the whole history of the person it acts on, and decoding it,
pydantic validation and opening the sealed fields, was a fifth of recording an event).

The relationship's data key is still read afresh at each load: should another process have
erased them since, the whole history is read again, and their personal fields read as gone."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import EventStore
from outreach.domain.events import Erased, Event
from outreach.engine.privacy import Privacy

KEPT = 1_000  # histories: about 10 events each, a few MB in all


class Histories:
    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._kept: dict[UUID, tuple[Event, ...]] = {}  # least recently used first

    def load(self, store: EventStore[UUID], privacy: Privacy | None, rid: UUID) -> list[Event]:
        """The aggregate's events in recording order, as ``store.get(rid)`` gives them."""
        kept = self._kept.pop(rid, None)
        if kept is not None and privacy is not None:
            privacy.prefetch([rid])  # one query, as the store's own ``get`` makes
            if privacy.shredded(rid):
                kept = None
        history: list[Any]
        if kept is None:
            history = list(store.get(rid))
        else:
            # The library's own get: the key was just read, and is not read again.
            new = list(EventStore.get(store, rid, gt=kept[-1].originator_version))
            erased = any(isinstance(e, Erased) for e in new)
            history = list(store.get(rid)) if erased else [*kept, *new]
        if history:
            self._kept[rid] = tuple(history)
            if len(self._kept) > self.size:
                del self._kept[next(iter(self._kept))]
        return history
