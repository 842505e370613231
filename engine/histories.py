"""The histories a process read lately: loading one again (engine.persistence) reads and
decodes only the events recorded since (a command loads the whole history of the person it
acts on, and decoding it, pydantic validation and opening the sealed fields, was a fifth of
recording an event).

The relationship's data key is still read afresh at each load: should another process have
erased them since, the whole history is read again, and their personal fields read as gone.
The key and the events are read on one connection, with no transaction around them: each
statement sees what was committed when it began, as two transactions of their own did (an
erasure committed between them shows as its ``erased`` event, and the whole history is read
again); one pool checkout, and on SQLite two statements where BEGIN and ROLLBACK made six."""

from __future__ import annotations

from datetime import datetime, timezone
from uuid import UUID

from outreach.domain.events import Erased, Event

KEPT = 1_000  # histories: about 10 events each, a few MB in all


class Histories:
    """What the application's loading (``OutreachApplication._history``) keeps, and finds."""

    def __init__(self, size: int = KEPT) -> None:
        self.size = size
        self._kept: dict[UUID, tuple[Event, ...]] = {}  # least recently used first

    def kept(self, rid: UUID) -> tuple[Event, ...] | None:
        """The history kept of this relationship, if any."""
        return self._kept.get(rid)

    def saved(self, history: tuple[Event, ...], new: int) -> None:
        """The history a command just saved, its ``new`` events last: the next load reads
        only what was recorded after them, and decodes nothing when nothing was. Kept when
        the events would read back as they are: every moment at a fixed offset (one in a
        named zone reads back at its offset), and no erasure."""
        events = history[len(history) - new :]
        if events and all(_as_stored(e) for e in events):
            self.keep(events[0].originator_id, history)

    def keep(self, rid: UUID, history: tuple[Event, ...]) -> None:
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
