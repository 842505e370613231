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
events commit all the same (issue 14, finding 2). The PostgreSQL recorder is in
engine.recorders_pg: psycopg loads only for a PostgreSQL store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast
from uuid import UUID

from eventsourcing.application import Application, ProcessingEvent
from eventsourcing.persistence import (
    ApplicationRecorder,
    EventStore,
    InfrastructureFactory,
    InterfaceError,
    Mapper,
    StoredEvent,
    Tracking,
    Transcoder,
)
from eventsourcing.sqlite import (
    SQLITE3_DEFAULT_LOCK_TIMEOUT,
    SQLiteConnection,
    SQLiteProcessRecorder,
)
from eventsourcing.utils import Environment
from outreach.domain.errors import ErasedError
from outreach.domain.events import Event
from outreach.domain.relationship import Group, Relationship
from outreach.engine.handles import HandleIndex
from outreach.engine.mapper import OrjsonTranscoder, PydanticMapper, sealed_fields
from outreach.engine.privacy import Privacy

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
            _securely_deleting(pool)
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


def _securely_deleting(pool: Any) -> None:
    """Every SQLite connection overwrites deleted content with zeros, so that a purged or
    shredded row leaves no trace in the file (erasure scans the file's bytes for it), and
    keeps the statements it compiled (``STATEMENTS_KEPT``)."""
    pool._create_connection = lambda: _connection(pool)


# eventsourcing opens its SQLite connections with ``cached_statements=True``, a cache of one
# statement: a recorded event's twenty statements were each compiled again, every time (the
# read models' upserts about 50 us each, against 10 to run them).
STATEMENTS_KEPT = 128


def _connection(pool: Any) -> SQLiteConnection:
    """A connection as eventsourcing's ``SQLiteConnectionPool._create_connection`` makes it
    (its options, WAL for a file), keeping ``STATEMENTS_KEPT`` statements, deleting securely."""
    try:
        c = sqlite3.connect(
            database=pool.db_name,
            uri=True,
            check_same_thread=False,
            isolation_level=None,  # autocommit: the library begins its transactions itself
            cached_statements=STATEMENTS_KEPT,
            timeout=pool.lock_timeout or SQLITE3_DEFAULT_LOCK_TIMEOUT,
        )
    except (sqlite3.Error, TypeError) as error:
        raise InterfaceError(error) from error
    if not pool.is_sqlite_memory_mode and not pool.is_journal_mode_wal:
        if c.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            c.execute("PRAGMA journal_mode=WAL")
            pool.journal_mode_was_changed_to_wal = True
        pool.is_journal_mode_wal = True
    c.row_factory = sqlite3.Row
    c.execute("PRAGMA secure_delete = ON")
    return SQLiteConnection(sqlite_conn=c, max_age=pool.max_age)


class AfterEvents(Protocol):
    """Rows written after a save's events, in their transaction (``save(then=...)``)."""

    def write(self, cursor: Any, positions: Sequence[int]) -> None: ...

    def undone(self, error: Exception) -> None:
        """The database refused the rows: they were undone, the events commit without them."""


class SQLiteRecorder(SQLiteProcessRecorder):
    def select_in(self, cursor: Any, originator_id: UUID, gt: int | None) -> list[StoredEvent]:
        """An aggregate's events (after version ``gt``) read with the caller's cursor, as
        ``select_events`` reads them in a transaction of its own (engine.histories)."""
        statement = self.select_events_statement
        params: list[Any] = [originator_id.hex]
        if gt is not None:
            statement += "AND originator_version>? "
            params.append(gt)
        cursor.execute(statement + "ORDER BY originator_version ASC", params)
        return [
            StoredEvent(
                originator_id=self.convert_originator_id(row["originator_id"]),
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=row["state"],
            )
            for row in cursor.fetchall()
        ]

    def _insert_events(
        self, c: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        for write in kwargs.get("also", ()):
            write(c)
        positions = super()._insert_events(c, stored_events, **kwargs)
        then: Sequence[AfterEvents] = kwargs.get("then", ())
        for rows in then:
            if not positions:
                break
            c.execute("SAVEPOINT after_events")
            try:
                rows.write(c, positions)
            except sqlite3.Error as error:
                c.execute("ROLLBACK TO SAVEPOINT after_events")
                rows.undone(error)
            c.execute("RELEASE SAVEPOINT after_events")
        return positions


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
