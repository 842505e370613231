"""The entry point for embedding: commands in, answers out, over one store.

``Engine`` is a thin front: the commands are the application's (engine.application), the
answers the queries' (engine.queries), opening a store is engine.opening's, keeping the read
models current after a command and before a query engine.current's."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from outreach.domain.errors import InvalidInput
from outreach.domain.events import RECORDABLE, Contributed, Event, Watched
from outreach.domain.values import normalise_handle
from outreach.engine import correcting, current, log, people
from outreach.engine.application import Saved, default_recruiter, utc_now
from outreach.engine.bulk import ImportReport, NewRelationship, import_relationships
from outreach.engine.current import Recorded
from outreach.engine.erasure import clean_up, try_again
from outreach.engine.opening import open_store
from outreach.engine.people import Person, Profile
from outreach.engine.queries import Match, Queries
from outreach.engine.retry import retrying
from outreach.engine.store import Store, parse
from outreach.projections.model import NextAction, Violation
from outreach.projections.settings import Playbook

__all__ = ["Engine", "Recorded", "opened"]


class Engine:
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
        self.app, self.readmodel = open_store(store, self.settings, clock, self.recruiter)
        self.app.suggest = self.suggest
        assert self.app.privacy is not None
        self.privacy = self.app.privacy
        self.queries = Queries(
            self.readmodel,
            lambda now, lazy=False: current.before_query(self, now, lazy),
            self.app.id_of,
            lambda handle: log.not_found(self, handle),
            lambda handle: current.handle_key(self, handle),
        )

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

    @property
    def made_file(self) -> bool:
        """Whether opening made the store's SQLite file (it did not exist before)."""
        return self.app.made_file

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
        return self._recorded(self.app.add(handle, name=name, at=at, by=by, **fields))

    def record(
        self,
        handle: str,
        event: str,
        /,
        *,
        at: datetime | None = None,
        by: str | None = None,
        idempotency_key: str | None = None,
        **fields: Any,
    ) -> Recorded:
        """Record what happened with someone: ``event`` is the recruiter's word for it
        (``emailed``, ``called``, ``declined-busy`` ...; see ``RECORDABLE``). With an
        ``idempotency_key``, giving the same command again records nothing twice."""
        event_class = RECORDABLE.get(event)
        if event_class is None:
            raise InvalidInput(
                repr(event), {"event": f"expected one of {', '.join(sorted(RECORDABLE))}"}
            )
        saved = self.app.record(
            handle, event_class, at=at, by=by, idempotency_key=idempotency_key, **fields
        )
        return self._recorded(saved)

    def import_relationships(
        self,
        items: Iterable[NewRelationship],
        *,
        by: str | None = None,
        batch_size: int = 500,
        progress: Callable[[int], None] | None = None,
        keep_handles: bool = True,
    ) -> ImportReport:
        """Add many people at once with what already happened with them, in batches of one
        transaction each. A bad item is reported (``failed``) and the rest imported; a handle
        already in the store is skipped, so importing twice adds nothing. ``keep_handles``
        False: the report counts the people added and skipped without listing them."""
        report = import_relationships(
            self.app,
            items,
            lambda at: self.app._envelope(at, by),
            batch_size=batch_size,
            progress=progress,
            keep_handles=keep_handles,
        )
        current.caught_up(self)
        return report

    def erase(self, handle: str, *, by: str | None = None) -> Recorded:
        """Erase someone's data on request: their key is deleted (their events stay in the
        log, unreadable), an ``erased`` event is recorded and the read models forget them."""
        recorded = self._recorded(self.app.erase(handle, by=by))
        if self.store.path is not None:  # the file's clean-up, or why it is pending
            self.app.clean_up_pending = clean_up(self.store.path)
        return recorded

    @property
    def clean_up_pending(self) -> str | None:
        """Why the store file still holds an erased person's sealed data (another process
        reading it), or None; any later command finishes the clean-up."""
        return self.app.clean_up_pending

    def watch_group(
        self, group: str, *, at: datetime | None = None, by: str | None = None
    ) -> Recorded:
        """Start (or go on) listening in an online group."""
        return self._recorded(self.app.group_activity(group, Watched, at=at, by=by))

    def contributed_to_group(
        self,
        group: str,
        *,
        note: str | None = None,
        at: datetime | None = None,
        by: str | None = None,
    ) -> Recorded:
        """Record a contribution of the recruiter's to an online group's conversation."""
        saved = self.app.group_activity(group, Contributed, at=at, by=by, note=note)
        return self._recorded(saved)

    def history(self, handle: str, *, now: datetime | None = None) -> list[Event]:
        """Everything recorded about someone, in the order it happened; with ``now``, what
        had happened by then."""
        return log.history(self, handle, now)

    def people(self, **filters: Any) -> list[Person]:
        """Everyone in the pipeline, a line each (``outreach ls``): see ``people.people``."""
        return people.people(self, **filters)

    def person(self, handle: str, *, now: datetime | None = None) -> Profile:
        """One person whole (``outreach show``): see ``people.person``."""
        return people.person(self, handle, now=now)

    def retract(
        self,
        handle: str,
        version: int,
        *,
        reason: str | None = None,
        at: datetime | None = None,
        by: str | None = None,
    ) -> Recorded:
        """Withdraw an event recorded by mistake: see ``correcting.retract``."""
        return correcting.retract(self, handle, version, reason=reason, at=at, by=by)

    def retractable(self, handle: str) -> Event | None:
        """The latest event that can still be retracted (what ``undo`` withdraws)."""
        return correcting.retractable(self, handle)

    def undo(self, handle: str, *, reason: str | None = None, by: str | None = None) -> Recorded:
        """Retract the latest event that can be retracted: see ``correcting.undo``."""
        return correcting.undo(self, handle, reason=reason, by=by)

    def snooze(
        self,
        handle: str,
        until: datetime,
        *,
        reason: str | None = None,
        at: datetime | None = None,
        by: str | None = None,
    ) -> Recorded:
        """Put someone aside until ``until``: see ``correcting.snooze``."""
        return correcting.snooze(self, handle, until, reason=reason, at=at, by=by)

    def time_zone(self, handle: str) -> str | None:
        """The candidate's time zone on record (the latest given), or None."""
        return people.time_zone(self, handle)

    def group_history(self, group: str) -> list[Event]:
        return log.group_history(self, group)

    def next_action(self, handle: str, *, now: datetime | None = None) -> NextAction:
        """The one next action for someone (or none, with the reason)."""
        return self.queries.next_action(handle, now=now)

    def next_actions(self, *, now: datetime | None = None) -> list[NextAction]:
        """Every relationship's next action: those due now in agenda order, then those due
        later by their time, then those with none."""
        return self.queries.next_actions(now=now)

    def agenda(
        self, *, now: datetime | None = None, recruiter: str | None = None, limit: int | None = None
    ) -> list[NextAction]:
        """Every action due at or before ``now``: agreed callbacks first, by time; then by
        kind; then people you'd hire, key contributors; then the most overdue."""
        return self.queries.agenda(now=now, recruiter=recruiter, limit=limit)

    def violations(
        self,
        *,
        now: datetime | None = None,
        handle: str | None = None,
        recruiter: str | None = None,
    ) -> list[Violation]:
        """The coaching report: every broken don't or skipped do, as of ``now``."""
        return self.queries.violations(now=now, handle=handle, recruiter=recruiter)

    def find(self, skills: Iterable[str], *, limit: int | None = None) -> list[Match]:
        """People with these skills, most skills matched first, then the strongest
        relationships. Never ranked by availability."""
        return self.queries.find(skills, limit=limit)

    def handles(self) -> list[str]:
        """Every handle with a relationship in the read models."""
        return self.queries.handles()

    def suggest(self, handle: str) -> list[str]:
        """Handles close to a mistyped one."""
        wanted = normalise_handle(handle) if isinstance(handle, str) else str(handle)
        return difflib.get_close_matches(wanted, self.handles(), n=3, cutoff=0.6)

    def catch_up(self) -> int:
        """Bring the read models up to every event recorded (by any process)."""
        return retrying(lambda: self.readmodel.catch_up(self.clock()), self.store.describe())

    def rebuild(self) -> int:
        """Rebuild the read models from the event log; returns the events processed."""
        return retrying(lambda: self.readmodel.rebuild(self.clock()), self.store.describe())

    def event_count(self) -> int:
        """How many events the store holds (all aggregates)."""
        return log.event_count(self)

    def _recorded(self, saved: Saved) -> Recorded:
        recorded = current.after_command(self, saved)
        self.app.clean_up_pending = try_again(self.app.clean_up_pending, self.store.path)
        return recorded


@contextmanager
def opened(url: str | None = None, **options: Any) -> Iterator[Engine]:
    with Engine.open(url, **options) as engine:
        yield engine
