"""How a command loads a relationship and saves what it did, each in one place: a reader
follows it from the command (engine.application) to the recorder's SQL.

Loading reads the handle's row in the index (engine.handles), the relationship's data key
(engine.privacy) and its events on one connection, with no transaction around them; of a
history this process kept (engine.histories), only the events recorded since. Saving makes
the data keys before the events they seal, then writes, in the events' own transaction, the
handle index's rows, a command's key and writes of ours.

``app.save(..., also=(write, ...))`` runs each ``write(cursor)`` inside the transaction that
inserts the events (and a command's tracking record), before them: the handle index's rows
commit with a relationship's first event (a handle taken meanwhile fails the save as a whole),
and an erasure's key deletion and read-model purge commit with its ``erased`` event, or not at
all (issue 14, finding 5).

``app.save(..., then=(rows, ...))`` writes ``rows`` after the events, knowing their positions
in the notification log (a recorded event's read-model rows and the read models' position):
in a savepoint of their own, so that the database refusing them undoes them alone, and the
events commit all the same (issue 14, finding 2). The recorders are in engine.recorders_sqlite
and engine.recorders_pg (psycopg loads only for a PostgreSQL store).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from eventsourcing.application import ProcessingEvent
from eventsourcing.persistence import (
    EventStore,
    Notification,
    Recording,
    StoredEvent,
    Tracking,
)
from outreach.domain.checks import good_handle
from outreach.domain.errors import ErasedError, UnknownHandle
from outreach.domain.events import Erased, Event
from outreach.domain.relationship import Group, Relationship
from outreach.domain.values import normalise_handle
from outreach.engine.handles import FIND
from outreach.engine.histories import Histories
from outreach.engine.infrastructure import Infrastructure, sealing
from outreach.engine.mapper import PydanticMapper
from outreach.engine.privacy import KEYS
from outreach.engine.recorders_sqlite import AfterEvents as AfterEvents
from outreach.engine.view.sql import Tx

if TYPE_CHECKING:
    from outreach.engine.view.writes import Answers

Answering = Callable[[str, tuple[Event, ...], int], "Answers | None"]


@dataclass(frozen=True)
class Saved:
    """What a command saved: its events, the aggregate's whole history after them (for the
    answers worked out from it), and where the events are in the store's notification log."""

    events: tuple[Event, ...]
    history: tuple[Event, ...]
    handle: str | None
    first: int
    last: int
    again: bool = False  # a command given again with the same key: nothing was saved
    answers: Answers | None = None  # worked out before the save (engine.view.writes)


class PersistingApplication(Infrastructure):
    """Loads a relationship (its handle's row, its key, its events) and saves what a command
    did to it, in one transaction."""

    # Set by the engine: a relationship's answers once a command's events are added (their
    # read-model rows are written after the events, in the same transaction).
    answering: Answering = staticmethod(lambda handle, history, new: None)
    # Set by the engine: handles near a mistyped one.
    suggest: Callable[[str], list[str]] = staticmethod(lambda handle: [])

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.histories = Histories()

    def id_of(self, handle: str, *, lately: bool = False) -> UUID:
        """The relationship a handle names now (the store's handle index, engine.handles);
        ``lately``: as this process found it last, unchecked (see ``_relationship``)."""
        found = self._lately(handle) if lately else None
        if found is None:
            with self.db.reading() as tx:
                found = self._find(tx, handle)
        return found

    def history_of(self, aggregate_id: UUID) -> list[Event]:
        with self.db.reading() as tx:
            return self._history(tx, aggregate_id)

    def _relationship(
        self, handle: str, rid: UUID | None = None, *, unread: bool = False
    ) -> tuple[Relationship, list[Event]]:
        """The relationship a handle names and the events it was made from, read once: its
        handle's row, key and events on one connection. The relationship this process found
        for the handle last is taken unless it was erased since (by any process): the
        handle is then looked up again, as it may name someone added since. A relationship
        is only ever left by its handle when it is erased. ``unread``: a history this
        process kept is taken as the store's, unasked (see ``record``)."""
        found = rid or self._lately(handle)
        kept = None if found is None or not unread else self.histories.kept(found)
        if found is not None and kept is not None:
            self.histories.keep(found, kept)
            history = list(kept)
        else:
            with self.db.reading() as tx:
                found = found or self._find(tx, handle)
                history = self._history(tx, found)
        if rid is None and any(isinstance(e, Erased) for e in history):
            assert self.handles is not None
            self.handles.forget(history[0].originator_id)
            with self.db.reading() as tx:
                history = self._history(tx, self._find(tx, handle))
        relationship = self._project(history)
        if relationship is None:
            raise UnknownHandle(normalise_handle(handle), self.suggest(handle))
        return relationship, history

    def _lately(self, handle: str) -> UUID | None:
        """The relationship this process found for a handle last, unchecked (engine.handles)."""
        assert self.handles is not None, "opened without its handle index"
        return self.handles.lately(self._wanted(handle))

    def _wanted(self, handle: str) -> str:
        wanted = good_handle(handle)
        if wanted is None:
            raise UnknownHandle(str(handle), self.suggest(str(handle)))
        return wanted

    def _find(self, tx: Tx, handle: str) -> UUID:
        """The relationship a handle names now, read from the handle index on ``tx``."""
        assert self.handles is not None, "opened without its handle index"
        wanted = self._wanted(handle)
        keys = self.handles.keys([wanted])
        found = self.handles.found(keys, tx.chunks(FIND, list(keys))).get(wanted)
        if found is None:
            raise UnknownHandle(wanted, self.suggest(wanted))
        return found

    def _history(self, tx: Tx, rid: UUID) -> list[Event]:
        """The aggregate's events in recording order, as ``events.get(rid)`` gives them, read
        on ``tx``: its key afresh, then only the events recorded after the history this
        process kept of them (engine.histories); the whole history again when erased since
        (their personal fields then read as gone)."""
        select = getattr(self.recorder, "select_in", None)
        history: list[Any]
        if self.privacy is None or select is None:
            history = list(self.events.get(rid))
            return history
        kept = self.histories.kept(rid)
        after = None if kept is None else kept[-1].originator_version
        self.privacy.fetched([rid.hex], tx.chunks(KEYS, [rid.hex]))
        stored: list[StoredEvent] = select(tx.cursor, rid, after)
        if kept is not None and self.privacy.shredded(rid):
            history = list(self.events.get(rid))
        else:
            new = [self.mapper.to_domain_event(s) for s in stored]
            if kept is not None and any(isinstance(e, Erased) for e in new):
                history = list(self.events.get(rid))
            else:
                history = [*(kept or ()), *new]
        if history:
            self.histories.keep(rid, tuple(history))
        return history

    @staticmethod
    def _project(events: Any) -> Any:
        aggregate = None
        for event in events:
            aggregate = event.mutate(aggregate)
        return aggregate

    def answers_of(
        self, handle: str | None, history: tuple[Event, ...], new: int
    ) -> Answers | None:
        """A relationship's answers once a command's ``new`` events are added (``answering``;
        none for a group's, or once they are erased)."""
        if handle is None or Erased in map(type, history):
            return None
        return self.answering(handle, history, new)

    def _save(
        self,
        aggregate: Relationship | Group,
        before: Sequence[Event],
        done: str | None = None,
        **kwargs: Any,
    ) -> Saved:
        """Save what a command added to an aggregate, in one transaction; with ``done`` (a
        command's key) a tracking record of it too, ``also`` writes of
        ours, and the relationship's read-model rows after the events, in the same
        transaction."""
        events: tuple[Event, ...] = tuple(aggregate.pending_events)  # type: ignore[arg-type]
        history = (*before, *events)
        handle = aggregate.handle if isinstance(aggregate, Relationship) else None
        answers = self.answers_of(handle, history, len(events))
        if answers is not None and answers.direct:
            kwargs["then"] = (answers,)
        tracking = None if done is None else Tracking(done, events[-1].originator_version)
        recordings = self.save(aggregate, tracking=tracking, **kwargs)
        first, last = recordings[0].notification.id, recordings[-1].notification.id
        return Saved(events, history, handle, first, last, answers=answers)

    def construct_event_store(self) -> EventStore[UUID]:
        return FreshKeys(mapper=self.mapper, recorder=self.recorder)

    def save(
        self,
        *objs: Any,
        tracking: Tracking | None = None,
        recorded: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Make the data keys of the relationships being written first, in one transaction
        before the events' own (a key always exists before the first event sealed with it).
        A ``tracking`` record is saved with the events, in their transaction. ``recorded``
        False: the library's Recording of each event (with its notification) is not made,
        and none is returned (the bulk import reads none: they were a twentieth of it)."""
        owners, firsts = sealing(objs)
        if self.privacy is not None:
            shredded = self.privacy.ensure(owners)
            if shredded:
                raise ErasedError(str(getattr(owners[shredded[0]], "handle", shredded[0].hex)))
        if self.handles is not None and (rows := self.handles.rows(firsts)):
            kwargs["also"] = (*kwargs.pop("also", ()), self.handles.inserting(rows))
        # The library's collect_events asks two runtime-checkable protocols of each object
        # (about 15 us each: typing walks their attributes); ours are known classes.
        processing: ProcessingEvent[UUID] = ProcessingEvent(tracking)
        for obj in objs:
            if isinstance(obj, (Relationship, Group)):
                processing.events += obj.collect_events()
                processing.aggregates[obj.id] = obj
            elif isinstance(obj, Event):
                processing.events.append(obj)
            else:
                processing.collect_events(obj)
        processing.saved_kwargs.update(kwargs)
        if not recorded:
            processing.saved_kwargs["recorded"] = False  # for FreshKeys.put
        recordings = self._record(processing)
        self._take_snapshots(processing)
        self._notify(recordings)
        return recordings


class FreshKeys(EventStore[UUID]):
    """Reads the relationship's key afresh each time its events are loaded (one query per
    aggregate): another process may have erased them since this one last did."""

    def get(self, originator_id: UUID, *args: Any, **kwargs: Any) -> Any:
        privacy = getattr(self.mapper, "privacy", None)
        if privacy is not None:
            privacy.forget(originator_id)
        return super().get(originator_id, *args, **kwargs)

    def put(
        self, domain_events: Sequence[Any], *, recorded: bool = True, **kwargs: Any
    ) -> list[Recording[UUID]]:
        """As the library's, with the events mapped together (``to_stored_events``: a
        relationship's key and each class's serializer found once); ``recorded`` False:
        no Recording is made (``PersistingApplication.save``)."""
        stored = cast(PydanticMapper, self.mapper).to_stored_events(domain_events)
        positions = self.recorder.insert_events(stored, **kwargs)
        if not positions or not recorded:
            return []
        return [
            Recording(
                event, Notification(s.originator_id, s.originator_version, s.topic, s.state, n)
            )
            for event, s, n in zip(domain_events, stored, positions, strict=True)
        ]
