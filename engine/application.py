"""The eventsourcing Application under the engine, and its commands: each loads the
relationship (or group), acts on it, saves what it did in one transaction and translates the
store's errors, trying again on a fresh copy when another process wrote first."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.persistence import (
    ApplicationRecorder,
    EventStore,
    InfrastructureFactory,
    Mapper,
    Tracking,
    Transcoder,
)
from eventsourcing.utils import Environment
from outreach.domain.errors import ErasedError, HandleTaken, InvalidInput, UnknownHandle
from outreach.domain.events import (
    Called,
    Contributed,
    DeclinedBusy,
    DeclinedFirmly,
    Emailed,
    Erased,
    Event,
    Met,
    Replied,
    Rescheduled,
    Watched,
    moment,
)
from outreach.domain.relationship import Group, Relationship
from outreach.domain.values import check_handle, group_id, normalise_handle
from outreach.engine.erasure import erasing
from outreach.engine.handles import HandleIndex
from outreach.engine.histories import Histories
from outreach.engine.mapper import OrjsonTranscoder, PydanticMapper, sealed_fields
from outreach.engine.privacy import Privacy
from outreach.engine.recorders import process_recorder
from outreach.engine.retry import retrying

RECRUITER_ENV = "OUTREACH_RECRUITER"


def default_recruiter() -> str:
    name = os.environ.get(RECRUITER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "recruiter"


def utc_now() -> datetime:
    return datetime.now(UTC)


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


class OutreachApplication(Application[UUID]):
    """Records what happened with each candidate; ``Engine`` is the front embedding code opens.

    ``clock``, ``recruiter``, ``where`` (the store, for messages) and ``suggest`` (handles near
    a mistyped one) are set by whoever opens it."""

    name = "outreach"
    env: ClassVar[dict[str, str]] = {}
    privacy: Privacy | None = None
    handles: HandleIndex | None = None
    # Set by opening: the read models' purge (run in an erasure's own transaction), whether
    # the store is a SQLite file (its clean-up after an erasure), and why that is pending.
    forget: Callable[[Any, str], None] = staticmethod(lambda tx, rid: None)
    scrubbing = False
    clean_up_pending: str | None = None
    clock: Callable[[], datetime] = staticmethod(utc_now)
    recruiter = "recruiter"
    where = "the store"
    made_file = False  # this opening made the store's SQLite file (it did not exist)
    suggest: Callable[[str], list[str]] = staticmethod(lambda handle: [])

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.histories = Histories()

    def add(
        self,
        handle: str,
        /,
        *,
        name: str,
        at: datetime | None = None,
        by: str | None = None,
        **fields: Any,
    ) -> Saved:
        """Start a relationship with someone (the ``added`` event)."""

        def attempt() -> Saved:
            relationship = Relationship.add(handle, name=name, **self._envelope(at, by), **fields)
            if self.handles is not None and self.handles.find(relationship.handle) is not None:
                raise HandleTaken(relationship.handle)
            return self._save(relationship, ())  # the handle's index row commits with it

        return retrying(attempt, self.where)

    def record(
        self,
        handle: str,
        event_class: type[Event],
        /,
        *,
        at: datetime | None = None,
        by: str | None = None,
        idempotency_key: str | None = None,
        **fields: Any,
    ) -> Saved:
        """Record what happened with someone: the event class and its own fields. Given an
        ``idempotency_key``, the command is recorded once: given again with the same key (a
        retry after a lost answer), it records nothing and returns what was recorded."""
        rid = self.id_of(handle)
        done = None if idempotency_key is None else f"command:{rid.hex}:{idempotency_key}"

        def attempt() -> Saved:
            relationship, history = self._relationship(rid, handle)
            if done is not None:
                version = self.recorder.max_tracking_id(done)  # type: ignore[attr-defined]
                if version is not None:
                    again = tuple(e for e in history if e.originator_version == version)
                    return Saved(again, tuple(history), relationship.handle, 0, 0, again=True)
            relationship.record(event_class, **self._envelope(at, by), **fields)
            return self._save(relationship, history, done)

        return retrying(attempt, self.where)

    def meet(self, handle: str, *, where: str, would_hire: bool = False, **when: Any) -> Saved:
        return self.record(handle, Met, where=where, would_hire=would_hire, **when)

    def email(
        self, handle: str, *, intent: str = "networking", topic: str | None = None, **when: Any
    ) -> Saved:
        return self.record(handle, Emailed, intent=intent, topic=topic, **when)

    def call(self, handle: str, *, outcome: str = "connected", **when: Any) -> Saved:
        return self.record(handle, Called, outcome=outcome, **when)

    def reply(self, handle: str, **when: Any) -> Saved:
        return self.record(handle, Replied, **when)

    def decline_busy(
        self, handle: str, *, callback_at: datetime | None = None, **when: Any
    ) -> Saved:
        return self.record(handle, DeclinedBusy, callback_at=callback_at, **when)

    def reschedule(self, handle: str, *, to: datetime, **when: Any) -> Saved:
        return self.record(handle, Rescheduled, to=to, **when)

    def decline(self, handle: str, **when: Any) -> Saved:
        return self.record(handle, DeclinedFirmly, **when)

    def erase(self, handle: str, *, by: str | None = None) -> Saved:
        """Erase someone's data: the ``erased`` event, the deletion of their key, of their
        handle's index row and of their read-model rows commit in one transaction, or none
        of them does (engine.erasure)."""
        rid = self.id_of(handle)
        privacy, handles = self.privacy, self.handles
        assert privacy is not None and handles is not None, "opened without its keys"

        def attempt() -> Saved:
            relationship, history = self._relationship(rid, handle)
            relationship.record(Erased, **self._envelope(None, by))
            writes = erasing(handles, self.forget, rid, mark=self.scrubbing)
            return self._save(relationship, history, also=(writes,))

        saved = retrying(attempt, self.where)
        privacy.forget(rid)  # read afresh: shredded
        return saved

    def group_activity(
        self,
        name: str,
        event_class: type[Watched] | type[Contributed],
        /,
        *,
        at: datetime | None = None,
        by: str | None = None,
        **fields: Any,
    ) -> Saved:
        """Watching an online group, or contributing to it (the group is noted the first
        time)."""
        if not isinstance(name, str):
            raise InvalidInput("group activity", {"group": "must be a name"})
        gid = group_id(name)

        def attempt() -> Saved:
            envelope = self._envelope(at, by)
            events = self.events.get(gid)
            group = self._project(events) or Group.note(name, **envelope)
            group.record(event_class, **envelope, **fields)
            return self._save(group, ())

        return retrying(attempt, self.where)

    def id_of(self, handle: str) -> UUID:
        """The relationship a handle names now (the store's handle index, engine.handles)."""
        try:
            wanted = check_handle(normalise_handle(handle))
        except (ValueError, TypeError):
            raise UnknownHandle(str(handle), self.suggest(str(handle))) from None
        assert self.handles is not None, "opened without its handle index"
        found = self.handles.find(wanted)
        if found is None:
            raise UnknownHandle(wanted, self.suggest(wanted))
        return found

    def history_of(self, aggregate_id: UUID) -> list[Event]:
        return self.histories.load(self.events, self.privacy, aggregate_id)

    def _relationship(self, rid: UUID, handle: str) -> tuple[Relationship, list[Event]]:
        """The relationship and the events it was made from, read once."""
        history = self.history_of(rid)
        relationship = self._project(history)
        if relationship is None:
            raise UnknownHandle(normalise_handle(handle), self.suggest(handle))
        return relationship, history

    @staticmethod
    def _project(events: Any) -> Any:
        aggregate = None
        for event in events:
            aggregate = event.mutate(aggregate)
        return aggregate

    def _envelope(self, at: datetime | None, by: str | None) -> dict[str, Any]:
        now = self.clock()
        if at is not None:
            try:
                at = moment(at)
            except ValueError as error:
                raise InvalidInput("the event", {"at": str(error)}) from None
        return {"occurred_at": at or now, "by": by or self.recruiter, "timestamp": now}

    def _save(
        self,
        aggregate: Relationship | Group,
        before: Sequence[Event],
        done: str | None = None,
        **kwargs: Any,
    ) -> Saved:
        """Save what a command added to an aggregate, in one transaction; with ``done`` (a
        command's key) a tracking record of it too, and ``also`` (engine.recorders) writes
        of ours, in the same transaction."""
        events: tuple[Event, ...] = tuple(aggregate.pending_events)  # type: ignore[arg-type]
        tracking = None if done is None else Tracking(done, events[-1].originator_version)
        recordings = self.save(aggregate, tracking=tracking, **kwargs)
        handle = aggregate.handle if isinstance(aggregate, Relationship) else None
        first, last = recordings[0].notification.id, recordings[-1].notification.id
        return Saved(events, (*before, *events), handle, first, last)

    # The infrastructure: our transcoder, mapper and event store, over the URL's store.

    def construct_factory(self, env: Environment) -> InfrastructureFactory:
        factory = super().construct_factory(env)
        pool = getattr(getattr(factory, "datastore", None), "pool", None)
        if pool is not None and hasattr(pool, "is_sqlite_memory_mode"):
            _securely_deleting(pool)
        return factory

    def construct_recorder(self) -> ApplicationRecorder:
        """A process recorder: it also records, in the events' own transaction, the key of a
        command given one (in a table of its own: PostgreSQL's default name is taken), and
        our writes given as ``also`` (the handle index, an erasure: engine.recorders)."""
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

    def save(self, *objs: Any, tracking: Tracking | None = None, **kwargs: Any) -> Any:
        """Make the data keys of the relationships being written first, in one transaction
        before the events' own (a key always exists before the first event sealed with it).
        A ``tracking`` record is saved with the events, in their transaction."""
        events = [e for obj in objs for e in getattr(obj, "pending_events", [obj])]
        if self.privacy is not None:
            owners = {e.originator_id: e for e in events if sealed_fields(type(e))}
            shredded = self.privacy.ensure(owners)
            if shredded:
                raise ErasedError(str(getattr(owners[shredded[0]], "handle", shredded[0].hex)))
        if self.handles is not None and (rows := self.handles.rows(events)):
            kwargs["also"] = (*kwargs.pop("also", ()), self.handles.inserting(rows))
        if tracking is None:
            return super().save(*objs, **kwargs)
        processing: ProcessingEvent[UUID] = ProcessingEvent(tracking)
        processing.collect_events(*objs, **kwargs)
        recordings = self._record(processing)
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


def _securely_deleting(pool: Any) -> None:
    """Every SQLite connection overwrites deleted content with zeros, so that a purged or
    shredded row leaves no trace in the file (erasure scans the file's bytes for it)."""
    create = pool._create_connection

    def create_securely() -> Any:
        connection = create()
        connection._sqlite_conn.execute("PRAGMA secure_delete = ON")
        return connection

    pool._create_connection = create_securely
