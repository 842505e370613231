"""The entry point for embedding: commands in, answers out, over one store."""

from __future__ import annotations

import difflib
import getpass
import os
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError, OperationalError, PersistenceError
from outreach.domain.errors import (
    ErasedError,
    HandleTaken,
    InvalidInput,
    OutreachError,
    StoreBusy,
    StoreError,
    UnknownHandle,
)
from outreach.domain.events import (
    RECORDABLE,
    Contributed,
    Erased,
    Event,
    Watched,
    moment,
)
from outreach.domain.relationship import Group, Relationship
from outreach.domain.values import check_handle, group_id, normalise_handle, relationship_id
from outreach.engine.application import OutreachApplication
from outreach.engine.bulk import ImportReport, NewRelationship, import_relationships
from outreach.engine.privacy import Privacy, master_key, scrub
from outreach.engine.queries import Queries
from outreach.engine.store import Store, parse, prepare_sqlite_file
from outreach.projections.readmodel import ReadModel
from outreach.projections.settings import Playbook
from outreach.projections.sql import Database

T = TypeVar("T")
MAX_ATTEMPTS = 40
# What a process opening a store meets while another creates the same tables.
TRANSIENT_WHEN_OPENING = (
    "already exists",
    "locked",
    "duplicate key",
    "deadlock",
    "concurrently updated",
)
RECRUITER_ENV = "OUTREACH_RECRUITER"


@dataclass(frozen=True)
class Recorded:
    """What a command wrote, and the playbook warnings it raised (history is never refused)."""

    events: tuple[Event, ...]
    warnings: tuple[Any, ...] = field(default=())

    @property
    def event(self) -> Event:
        return self.events[-1]


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


class Engine(Queries):
    """Records what happened with each candidate and answers what to do next.

    >>> engine = Engine.open("memory://", recruiter="sam")
    >>> engine.add("ada", name="Ada Lovelace", skills=["python"]).event.handle
    'ada'
    """

    def __init__(
        self,
        store: Store,
        *,
        recruiter: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        settings: Playbook | None = None,
    ) -> None:
        self.store = store
        self.recruiter = recruiter or default_recruiter()
        self.clock = clock
        self.settings = settings or Playbook()
        if store.path is not None:
            prepare_sqlite_file(store.path)
        self.app = self._open_application()
        postgres = store.kind == "postgresql"
        self.privacy = Privacy(Database(self.app.datastore, postgres), master_key())
        try:
            sealed_now = self._opening(self.privacy.create)
        except OutreachError:
            self.app.close()
            raise
        self.app.use_privacy(self.privacy)
        database = Database(self.app.datastore, postgres, sealer=self.privacy)
        self.readmodel = ReadModel(database, self.app.recorder, self.app.mapper, self.settings)
        self._opening(database.create)
        self._use_settings()
        if sealed_now:  # a master key put on an old store: seal its read models now
            self.rebuild()
            if store.path is not None:
                scrub(store.path)

    def _opening(self, create: Callable[[], T]) -> T:
        for tries in range(MAX_ATTEMPTS):
            try:
                return create()
            except PersistenceError as error:
                # Two processes creating the tables at once: the loser finds them made, or
                # waits for the other's write.
                transient = any(word in str(error) for word in TRANSIENT_WHEN_OPENING)
                if not transient or tries == MAX_ATTEMPTS - 1:
                    raise StoreError(f"cannot open {self.store.describe()}: {error}") from None
                time.sleep(random.uniform(0, 0.05))
        raise AssertionError("unreachable")

    def _use_settings(self) -> None:
        """Changed playbook settings recompute every action from the stored state."""
        wanted = self.settings.model_dump_json()
        if self.readmodel.meta("playbook") != wanted:
            self._retrying(lambda: self.readmodel.recompute_all(self.clock()))
            self._retrying(lambda: self.readmodel.set_meta("playbook", wanted))

    def _open_application(self) -> OutreachApplication:
        try:
            return self._opening(lambda: OutreachApplication(env=self.store.env))
        except OSError as error:
            raise StoreError(f"cannot open {self.store.describe()}: {error}") from None

    @classmethod
    def open(
        cls,
        url: str | None = None,
        *,
        recruiter: str | None = None,
        clock: Callable[[], datetime] = utc_now,
        settings: Playbook | None = None,
    ) -> Engine:
        """Open the store named by ``url`` (else ``OUTREACH_DB``, else the default SQLite file)."""
        return cls(parse(url), recruiter=recruiter, clock=clock, settings=settings)

    def close(self) -> None:
        self.app.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def add(
        self,
        handle: str,
        /,
        *,
        name: str,
        at: datetime | None = None,
        by: str | None = None,
        **fields: Any,
    ) -> Recorded:
        """Start a relationship with someone (the ``added`` event)."""

        def attempt() -> Recorded:
            relationship = Relationship.add(handle, name=name, **self._envelope(at, by), **fields)
            try:
                self.app.repository.get(relationship.id)
            except AggregateNotFoundError:
                pass
            else:
                raise HandleTaken(relationship.handle)
            return self._save(relationship)

        return self._recorded(self._retrying(attempt))

    def record(
        self,
        handle: str,
        event: str,
        /,
        *,
        at: datetime | None = None,
        by: str | None = None,
        **fields: Any,
    ) -> Recorded:
        """Record what happened with someone: ``event`` is the recruiter's word for it
        (``emailed``, ``called``, ``declined-busy`` ...; see ``RECORDABLE``)."""
        event_class = RECORDABLE.get(event)
        if event_class is None:
            raise InvalidInput(
                repr(event), {"event": f"expected one of {', '.join(sorted(RECORDABLE))}"}
            )
        rid = self._id_of(handle)

        def attempt() -> Recorded:
            relationship = self._relationship(rid, handle)
            relationship.record(event_class, **self._envelope(at, by), **fields)
            return self._save(relationship)

        return self._recorded(self._retrying(attempt), handle)

    def import_relationships(
        self,
        items: Iterable[NewRelationship],
        *,
        by: str | None = None,
        batch_size: int = 500,
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Add many people at once with what already happened with them, in batches of one
        transaction each. A bad item is reported (``failed``) and the rest imported; a handle
        already in the store is skipped, so importing twice adds nothing."""
        report = import_relationships(
            self.app,
            items,
            lambda at: self._envelope(at, by),
            batch_size=batch_size,
            progress=progress,
        )
        self._recorded(Recorded(()))
        return report

    def erase(self, handle: str, *, by: str | None = None) -> Recorded:
        """Erase someone's data on request: their key is deleted (their events stay in the
        log, unreadable), an ``erased`` event is recorded and the read models forget them."""
        rid = self._id_of(handle)

        def attempt() -> Recorded:
            relationship = self._relationship(rid, handle)
            relationship.record(Erased, **self._envelope(None, by))
            # The key goes first: should the process die before the event is saved, the data
            # is unreadable already, and erasing again completes the rest.
            self.privacy.shred(rid)
            return self._save(relationship)

        recorded = self._recorded(self._retrying(attempt))
        if self.store.path is not None:
            scrub(self.store.path)
        return recorded

    def watch_group(
        self, group: str, *, at: datetime | None = None, by: str | None = None
    ) -> Recorded:
        """Start (or go on) listening in an online group."""
        return self._group_command(group, Watched, at, by)

    def contributed_to_group(
        self,
        group: str,
        *,
        note: str | None = None,
        at: datetime | None = None,
        by: str | None = None,
    ) -> Recorded:
        """Record a contribution of the recruiter's to an online group's conversation."""
        return self._group_command(group, Contributed, at, by, note=note)

    def history(self, handle: str) -> list[Event]:
        """Everything recorded about someone, in the order it happened."""
        rid = self._id_of(handle)
        events = self._events(rid)
        if not events:
            raise UnknownHandle(normalise_handle(handle), self.suggest(handle))
        return sorted(events, key=lambda e: (e.occurred_at, e.originator_version))

    def group_history(self, group: str) -> list[Event]:
        events = self._events(group_id(group))
        return sorted(events, key=lambda e: (e.occurred_at, e.originator_version))

    def suggest(self, handle: str) -> list[str]:
        """Handles close to a mistyped one."""
        wanted = normalise_handle(handle) if isinstance(handle, str) else str(handle)
        return difflib.get_close_matches(wanted, self.handles(), n=3, cutoff=0.6)

    def _suggest(self, handle: str) -> list[str]:
        return self.suggest(handle)

    def _not_found(self, handle: str) -> OutreachError:
        """Someone the read models do not know: erased on request, or never added."""
        rid = self._id_of(handle)
        last = self.app.recorder.select_events(rid, desc=True, limit=1)
        if last and last[0].topic == Erased.TOPIC:
            return ErasedError(normalise_handle(handle))
        return UnknownHandle(normalise_handle(handle), self.suggest(handle))

    def catch_up(self) -> int:
        """Bring the read models up to every event recorded (by any process)."""
        return self._retrying(lambda: self.readmodel.catch_up(self.clock()))

    def rebuild(self) -> int:
        """Rebuild the read models from the event log; returns the events processed."""
        self.readmodel.db.drop()
        self._opening(self.readmodel.db.create)
        self.readmodel.set_meta("playbook", self.settings.model_dump_json())
        return self.catch_up()

    def _ready(self, now: datetime | None) -> datetime:
        moment = self._now(now)
        self.catch_up()
        self._retrying(lambda: self.readmodel.refresh(moment))
        return moment

    def _now(self, now: datetime | None) -> datetime:
        try:
            return moment(self.clock() if now is None else now)
        except ValueError as error:
            raise InvalidInput("the query", {"now": str(error)}) from None

    def _recorded(self, recorded: Recorded, handle: str | None = None) -> Recorded:
        """Catch the read models up; a don't broken by this very event is warned of at once."""
        try:
            self.catch_up()
        except StoreBusy:
            return recorded  # recorded all the same; the next query catches up
        if handle is None:
            return recorded
        versions = {e.originator_version for e in recorded.events}
        warnings = tuple(
            v
            for v in self.violations(handle=handle)
            if any(ev.version in versions for ev in v.evidence)
        )
        return Recorded(recorded.events, warnings)

    def event_count(self) -> int:
        """How many events the store holds (all aggregates)."""
        table: str = getattr(self.app.recorder, "events_table_name")  # noqa: B009
        if self.store.kind == "postgresql":
            table = f'"{self.app.datastore.schema}"."{table}"'
        with self.app.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT COUNT(*) AS n FROM {table}")
            row = cursor.fetchone()
        return int(row["n"])

    def _envelope(self, at: datetime | None, by: str | None) -> dict[str, Any]:
        now = self.clock()
        if at is not None:
            try:
                at = moment(at)
            except ValueError as error:
                raise InvalidInput("the event", {"at": str(error)}) from None
        return {"occurred_at": at or now, "by": by or self.recruiter, "timestamp": now}

    def _id_of(self, handle: str) -> UUID:
        try:
            return relationship_id(check_handle(normalise_handle(handle)))
        except (ValueError, TypeError):
            raise UnknownHandle(str(handle), self.suggest(str(handle))) from None

    def _relationship(self, rid: UUID, handle: str) -> Relationship:
        try:
            relationship: Relationship = self.app.repository.get(rid)
        except AggregateNotFoundError:
            raise UnknownHandle(normalise_handle(handle), self.suggest(handle)) from None
        return relationship

    def _events(self, aggregate_id: UUID) -> list[Event]:
        return list(self.app.events.get(aggregate_id))  # type: ignore[arg-type]

    def _group_command(
        self,
        name: str,
        event_class: type[Watched] | type[Contributed],
        at: datetime | None,
        by: str | None,
        **fields: Any,
    ) -> Recorded:
        gid = group_id(name) if isinstance(name, str) else None

        def attempt() -> Recorded:
            envelope = self._envelope(at, by)
            try:
                group: Group = self.app.repository.get(gid)
            except AggregateNotFoundError:
                group = Group.note(name, **envelope)
            group.record(event_class, **envelope, **fields)
            return self._save(group)

        if gid is None:
            raise InvalidInput("group activity", {"group": "must be a name"})
        return self._recorded(self._retrying(attempt))

    def _save(self, aggregate: Relationship | Group) -> Recorded:
        """Save what a command added to an aggregate, in one transaction."""
        events = aggregate.collect_events()
        self.app.save(*events)
        return Recorded(tuple(events))  # type: ignore[arg-type]

    def _retrying(self, attempt: Callable[[], T]) -> T:
        """Run a command on a fresh copy; on a concurrent write (or a locked SQLite file)
        try again a bounded number of times, then fail clearly."""
        for tries in range(MAX_ATTEMPTS):
            try:
                return attempt()
            except OutreachError:
                raise
            except IntegrityError:
                pass
            except OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error):
                    raise StoreError(f"the store failed: {error}") from None
            time.sleep(random.uniform(0, 0.005 * 2 ** min(tries, 6)))
        raise StoreBusy(
            f"other writers kept {self.store.describe()} busy through {MAX_ATTEMPTS} attempts:"
            " nothing was recorded; try again"
        )


@contextmanager
def opened(url: str | None = None, **options: Any) -> Iterator[Engine]:
    engine = Engine.open(url, **options)
    try:
        yield engine
    finally:
        engine.close()
