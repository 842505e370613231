"""How the application saves: our transcoder, mapper and event store over the URL's store;
the data keys made before the events they seal; and, in the events' own transaction, the
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

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.persistence import (
    ApplicationRecorder,
    EventStore,
    InfrastructureFactory,
    Mapper,
    Notification,
    Recording,
    Tracking,
    Transcoder,
)
from eventsourcing.utils import Environment
from outreach.domain.errors import ErasedError
from outreach.domain.events import Event
from outreach.domain.relationship import Group, Relationship
from outreach.engine.handles import HandleIndex
from outreach.engine.mapper import OrjsonTranscoder, PydanticMapper, sealed_fields
from outreach.engine.privacy import Privacy
from outreach.engine.recorders_sqlite import AfterEvents as AfterEvents
from outreach.engine.recorders_sqlite import SQLiteRecorder, securely_deleting

if TYPE_CHECKING:
    from outreach.engine.current import Answers

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
    answers: Answers | None = None  # its answers, worked out before the save (engine.current)


class SavingApplication(Application[UUID]):
    """An eventsourcing Application over our store: events sealed with each relationship's
    data key (once ``use_privacy`` has given it the keys and the handle index)."""

    privacy: Privacy | None = None
    handles: HandleIndex | None = None
    # Set by the engine: a relationship's answers once a command's events are added (their
    # read-model rows are written after the events, in the same transaction).
    answering: Answering = staticmethod(lambda handle, history, new: None)

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
        answers = None if handle is None else self.answering(handle, history, len(events))
        if answers is not None and answers.direct:
            kwargs["then"] = (answers,)
        tracking = None if done is None else Tracking(done, events[-1].originator_version)
        recordings = self.save(aggregate, tracking=tracking, **kwargs)
        first, last = recordings[0].notification.id, recordings[-1].notification.id
        return Saved(events, history, handle, first, last, answers=answers)

    def construct_factory(self, env: Environment) -> InfrastructureFactory:
        factory = super().construct_factory(env)
        pool = getattr(getattr(factory, "datastore", None), "pool", None)
        if pool is not None and hasattr(pool, "is_sqlite_memory_mode"):
            securely_deleting(pool)
        return factory

    def construct_recorder(self) -> ApplicationRecorder:
        """A process recorder: it also records, in the events' own transaction, the key of a
        command given one (in a table of its own: PostgreSQL's default name is taken), and
        our writes given as ``also`` (the handle index, an erasure) and ``then``."""
        return process_recorder(self.factory)

    def construct_transcoder(self) -> Transcoder:
        return OrjsonTranscoder()

    def construct_mapper(self) -> Mapper[UUID]:
        return PydanticMapper(transcoder=self.construct_transcoder())

    def construct_event_store(self) -> EventStore[UUID]:
        return FreshKeys(mapper=self.mapper, recorder=self.recorder)

    def use_privacy(self, privacy: Privacy, handles: HandleIndex) -> None:
        """Seal every relationship's events with its data key from now on, and index the
        handles of the relationships saved."""
        self.privacy = privacy
        self.handles = handles
        self.mapper.privacy = privacy  # type: ignore[attr-defined]

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
        owners, firsts = _sealing(objs)
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

    @property
    def datastore(self) -> Any:
        """The store's own connection pool, for read models kept in the same database."""
        return getattr(self.factory, "datastore")  # noqa: B009 - on SQL factories only


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
        no Recording is made (``SavingApplication.save``)."""
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


def _sealing(objs: Sequence[Any]) -> tuple[dict[UUID, Event], list[Any]]:
    """The aggregates whose events are sealed, each with the last of its sealed events (its
    handle names them should they be erased), and the events that may start a relationship
    (an aggregate's first pending one: ``added`` is a relationship's first event). In one
    pass; an aggregate's events share its id, so they are asked from the last back to the
    first sealed one, not each."""
    owners: dict[UUID, Event] = {}
    firsts: list[Any] = []
    sealed = _SEALED.get
    for obj in objs:
        if isinstance(obj, (Relationship, Group)):
            pending = obj.pending_events
            if pending:
                firsts.append(pending[0])
        else:
            pending = getattr(obj, "pending_events", [obj])
            firsts += pending
        for event in reversed(pending):
            kind = type(event)
            if sealed(kind) or (kind not in _SEALED and _sealed_kind(kind)):
                owners[event.originator_id] = event  # type: ignore[assignment]
                break
    return owners, firsts


_SEALED: dict[type, bool] = {}  # whether an event class has fields sealed, by class


def _sealed_kind(kind: type) -> bool:
    _SEALED[kind] = bool(sealed_fields(kind))
    return _SEALED[kind]


def process_recorder(factory: Any) -> ApplicationRecorder:
    """Our recorder for the factory's store (PostgreSQL's events and commands in tables of
    their own: its default names are taken)."""
    recorder: Any
    if "postgres" not in factory.process_recorder_class.__module__:
        recorder = SQLiteRecorder(datastore=factory.datastore)
    else:
        from outreach.engine.recorders_pg import PostgresRecorder  # loads psycopg

        recorder = PostgresRecorder(
            datastore=factory.datastore,
            events_table_name="outreach_events",
            tracking_table_name="outreach_commands",
        )
    if factory.env_create_table():
        recorder.create_table()
    return cast(ApplicationRecorder, recorder)
