"""The eventsourcing Application under the engine, and its commands: each loads the
relationship (or group), acts on it, saves what it did in one transaction and translates the
store's errors, trying again on a fresh copy when another process wrote first."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from outreach.domain.checks import good_handle
from outreach.domain.errors import (
    HandleTaken,
    InvalidInput,
    OutreachError,
    UnknownHandle,
)
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
from outreach.domain.values import group_id, normalise_handle
from outreach.engine.erasure import erasing
from outreach.engine.histories import Histories
from outreach.engine.retry import retrying
from outreach.engine.saving import Saved, SavingApplication

if TYPE_CHECKING:
    from outreach.engine.access import Presence

__all__ = ["OutreachApplication", "Saved", "default_recruiter", "utc_now"]

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


class OutreachApplication(SavingApplication):
    """Records what happened with each candidate; ``Engine`` is the front embedding code opens.

    ``clock``, ``recruiter``, ``where`` (the store, for messages) and ``suggest`` (handles near
    a mistyped one) are set by whoever opens it."""

    name = "outreach"
    env: ClassVar[dict[str, str]] = {}
    # Set by opening: the read models' purge (run in an erasure's own transaction), whether
    # the store is a SQLite file (its clean-up after an erasure), and why that is pending.
    forget: Callable[[Any, str], None] = staticmethod(lambda tx, rid: None)
    scrubbing = False
    clean_up_pending: str | None = None
    clock: Callable[[], datetime] = staticmethod(utc_now)
    recruiter = "recruiter"
    where = "the store"
    made_file = False  # this opening made the store's SQLite file (it did not exist)
    presence: Presence | None = None  # the claim on a SQLite store's file while it is open
    suggest: Callable[[str], list[str]] = staticmethod(lambda handle: [])

    def __init__(self, env: Any = None) -> None:
        super().__init__(env)
        self.histories = Histories()

    def close(self) -> None:
        super().close()
        if self.presence is not None:
            self.presence.release()

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

        saved = retrying(attempt, self.where)
        self.histories.saved(saved.history, len(saved.events))
        if self.handles is not None and saved.handle is not None:
            self.handles.remember(saved.handle, saved.events[0].originator_id)
        return saved

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

        def attempt(unread: bool = False) -> Saved:
            relationship, history = self._relationship(handle, unread=unread)
            key = idempotency_key
            done = None if key is None else f"command:{relationship.id.hex}:{key}"
            if done is not None:
                version = self.recorder.max_tracking_id(done)  # type: ignore[attr-defined]
                if version is not None:
                    again = tuple(e for e in history if e.originator_version == version)
                    return Saved(again, tuple(history), relationship.handle, 0, 0, again=True)
            relationship.record(event_class, **self._envelope(at, by), **fields)
            return self._save(relationship, history, done)

        def unread_first() -> Saved:
            # The history this process kept of them is taken unread: the save proves it
            # whole, as it fails on the version another process took since (an erasure's
            # too), and retrying then reads the store. Refused, the command is decided again
            # on the store's history, never on a kept one alone.
            try:
                return attempt(unread=True)
            except OutreachError:
                return attempt()

        first = unread_first if idempotency_key is None else None
        saved = retrying(attempt, self.where, first=first)
        if not saved.again:
            self.histories.saved(saved.history, len(saved.events))
        return saved

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
            relationship, history = self._relationship(handle, rid)
            relationship.record(Erased, **self._envelope(None, by))
            writes = erasing(handles, self.forget, rid, mark=self.scrubbing)
            return self._save(relationship, history, also=(writes,))

        saved = retrying(attempt, self.where)
        privacy.forget(rid)  # read afresh: shredded
        handles.forget(rid)
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

    def id_of(self, handle: str, *, lately: bool = False) -> UUID:
        """The relationship a handle names now (the store's handle index, engine.handles);
        ``lately``: as this process found it last, unchecked (see ``_relationship``)."""
        wanted = good_handle(handle)
        if wanted is None:
            raise UnknownHandle(str(handle), self.suggest(str(handle)))
        assert self.handles is not None, "opened without its handle index"
        found = (lately and self.handles.lately(wanted)) or self.handles.find(wanted)
        if found is None:
            raise UnknownHandle(wanted, self.suggest(wanted))
        return found

    def history_of(self, aggregate_id: UUID) -> list[Event]:
        return self.histories.load(self.events, self.privacy, aggregate_id)

    def _relationship(
        self, handle: str, rid: UUID | None = None, *, unread: bool = False
    ) -> tuple[Relationship, list[Event]]:
        """The relationship a handle names and the events it was made from, read once. The
        relationship this process found for the handle last is taken unless it was erased
        since (by any process): the handle is then looked up again, as it may name someone
        added since. A relationship is only ever left by its handle when it is erased."""
        found = rid or self.id_of(handle, lately=True)
        history = self.histories.load(self.events, self.privacy, found, unread=unread)
        if rid is None and any(isinstance(e, Erased) for e in history):
            assert self.handles is not None
            self.handles.forget(history[0].originator_id)
            history = self.history_of(self.id_of(handle))
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
