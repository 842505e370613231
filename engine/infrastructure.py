"""The eventsourcing Application over the URL's store: our transcoder, mapper and
recorders (engine.recorders_sqlite, engine.recorders_pg: psycopg loads only for a PostgreSQL
store), SQLite's connections deleting securely, the keys and the handle index that opening
gives it (engine.opening), and which of a save's events are sealed (``sealing``). Loading and
saving are engine.persistence's; the commands engine.application's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory, Mapper, Transcoder
from eventsourcing.utils import Environment
from outreach.domain.events import Event
from outreach.domain.relationship import Group, Relationship
from outreach.engine.handles import HandleIndex
from outreach.engine.mapper import OrjsonTranscoder, PydanticMapper, sealed_fields
from outreach.engine.privacy import Privacy
from outreach.engine.recorders_sqlite import SQLiteRecorder, securely_deleting
from outreach.engine.view.sql import Database


class Infrastructure(Application[UUID]):
    """An eventsourcing Application over our store: events sealed with each relationship's
    data key (once ``use_privacy`` has given it the keys and the handle index)."""

    privacy: Privacy | None = None
    handles: HandleIndex | None = None

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

    def use_privacy(self, privacy: Privacy, handles: HandleIndex) -> None:
        """Seal every relationship's events with its data key from now on, and index the
        handles of the relationships saved."""
        self.privacy = privacy
        self.handles = handles
        self.mapper.privacy = privacy  # type: ignore[attr-defined]

    @property
    def datastore(self) -> Any:
        """The store's own connection pool, for read models kept in the same database."""
        return getattr(self.factory, "datastore")  # noqa: B009 - on SQL factories only

    @property
    def db(self) -> Database:
        """The store's tables of ours (the handle index, the keys), to read from."""
        assert self.handles is not None, "opened without its handle index"
        return self.handles.db


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


def sealing(objs: Sequence[Any]) -> tuple[dict[UUID, Event], list[Any]]:
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
