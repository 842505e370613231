"""The eventsourcing Application under the engine, and its commands: each loads the
relationship (or group), acts on it, saves what it did in one transaction and translates the
store's errors, trying again on a fresh copy when another process wrote first."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from outreach.domain.errors import (
    HandleTaken,
    InvalidInput,
    OutreachError,
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
from outreach.domain.values import group_id
from outreach.engine.erasure import erasing
from outreach.engine.persistence import PersistingApplication, Saved
from outreach.engine.retry import attempts

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


class OutreachApplication(PersistingApplication):
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

        for attempt in attempts(self.where):
            with attempt:
                relationship = Relationship.add(
                    handle, name=name, **self._envelope(at, by), **fields
                )
                if self.handles is not None and self.handles.find(relationship.handle) is not None:
                    raise HandleTaken(relationship.handle)
                saved = self._save(relationship, ())  # the handle's index row commits with it
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

        for attempt in attempts(self.where):
            with attempt:
                # The history this process kept of them is taken unread at first: the save
                # proves it whole, as it fails on the version another process took since (an
                # erasure's too), and the next attempt reads the store. Refused, the command
                # is decided again on the store's history, never on a kept one alone. Given
                # with a key, the command reads the store first.
                unread = attempt.first and idempotency_key is None
                try:
                    relationship, history = self._relationship(handle, unread=unread)
                    saved = self._act(
                        relationship, history, event_class, at, by, idempotency_key, fields
                    )
                except OutreachError:
                    if not unread:
                        raise
                    relationship, history = self._relationship(handle)
                    saved = self._act(
                        relationship, history, event_class, at, by, idempotency_key, fields
                    )
        if not saved.again:
            self.histories.saved(saved.history, len(saved.events))
        return saved

    def _act(
        self,
        relationship: Relationship,
        history: list[Event],
        event_class: type[Event],
        at: datetime | None,
        by: str | None,
        key: str | None,
        fields: dict[str, Any],
    ) -> Saved:
        """``record``'s work on the relationship as loaded: the event, saved with the
        command's key if given; what was saved then, if the key was given before."""
        done = None if key is None else f"command:{relationship.id.hex}:{key}"
        if done is not None:
            version = self.recorder.max_tracking_id(done)  # type: ignore[attr-defined]
            if version is not None:
                again = tuple(e for e in history if e.originator_version == version)
                return Saved(again, tuple(history), relationship.handle, 0, 0, again=True)
        relationship.record(event_class, **self._envelope(at, by), **fields)
        return self._save(relationship, history, done)

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

        for attempt in attempts(self.where):
            with attempt:
                relationship, history = self._relationship(handle, rid)
                relationship.record(Erased, **self._envelope(None, by))
                writes = erasing(handles, self.forget, rid, mark=self.scrubbing)
                saved = self._save(relationship, history, also=(writes,))
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

        for attempt in attempts(self.where):
            with attempt:
                envelope = self._envelope(at, by)
                events = self.events.get(gid)
                group = self._project(events) or Group.note(name, **envelope)
                group.record(event_class, **envelope, **fields)
                saved = self._save(group, ())
        return saved

    def _envelope(self, at: datetime | None, by: str | None) -> dict[str, Any]:
        now = self.clock()
        if at is not None:
            try:
                at = moment(at)
            except ValueError as error:
                raise InvalidInput("the event", {"at": str(error)}) from None
        return {"occurred_at": at or now, "by": by or self.recruiter, "timestamp": now}
