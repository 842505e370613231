"""The read models: next actions, violations, relationship state and a skills index, kept in
the events' own database and caught up exactly once (the tracking position moves in the same
transaction as the rows it accounts for)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from datetime import datetime
from functools import partial
from typing import Any
from uuid import UUID

from outreach.domain.events import Event
from outreach.engine.view.answers import ANSWERED, DUE, settings_key
from outreach.engine.view.crew import Crew
from outreach.engine.view.groups import GROUP_KINDS, TOLD, BatchGroups
from outreach.engine.view.migration import emptied, held, migrate, release
from outreach.engine.view.notes import Note, Notes, loaded
from outreach.engine.view.reading import Reading
from outreach.engine.view.schema import SCHEMA_VERSION
from outreach.engine.view.shares import fewer_collections, share_rows, work_out
from outreach.engine.view.sharing import Sharing
from outreach.engine.view.sql import Database, Position, Tx
from outreach.engine.view.worker import WorkerLost
from outreach.engine.view.writes import Writes, answered
from outreach.projections.model import GroupActivity, NextAction, Violation
from outreach.projections.policy import assess
from outreach.projections.settings import Playbook
from outreach.projections.state import layout

BATCH = 2000
LARGE = 20_000  # events to catch up from which the query indexes are made at the end


class Conflict(Exception):
    """Another process moved the tracking position first: read again."""


class ReadModel(Reading):
    """The read models kept up to date: caught up from the event log, refreshed as time
    passes, recomputed for new settings, written straight from a command's saved history."""

    def __init__(
        self, db: Database, recorder: Any, mapper: Any, settings: Playbook, tracking: Position
    ) -> None:
        self.playbook = settings.model_dump_json()
        super().__init__(db, settings_key(self.playbook))
        self.recorder = recorder
        self.mapper = mapper
        self.settings = settings
        self.tracking = tracking
        self.notes = Notes(recorder, db.postgres)
        self.sharing = Sharing()  # its store to reopen set by engine.opening

    def create(self) -> None:
        self.tracking.create()
        migrate(self.db, self.tracking)
        self.db.create()

    def position(self) -> int:
        return int(self.tracking.position())

    def catch_up(self, now: datetime, limit: int | None = None) -> int:
        """Process every event recorded since the last catch-up; returns how many."""
        done = 0
        start = self.position()
        holding: int | None = None  # rows kept by a rebuild (migration.hold), not passed yet
        with ExitStack() as stack:
            stack.enter_context(fewer_collections())
            crew: Crew | None = None
            ahead: Sequence[Any] | None = None  # the next batch, read by the crew meanwhile
            drop = False
            while limit is None or done < limit:
                size = BATCH if limit is None else min(BATCH, limit - done)
                batch = ahead or self.notes(start + 1, size)
                ahead = None
                if not batch:
                    break
                if done == 0:  # read once there is something to catch up (most find nothing)
                    holding = held(self.db)
                end = batch[-1][0]
                if crew is None and limit is None and done == 0 and len(batch) == size:
                    backlog = (self.recorder.max_notification_id() or 0) - start
                    crew = self._crew(stack, backlog)  # a large backlog: shared, if it may be
                    drop = backlog >= LARGE
                # The events' data keys, read before the transaction that loads the events.
                if crew is None:
                    self.db.prefetch(n[1] for n in batch)
                elif done == 0:
                    crew.own_keys(self, batch)  # and the workers told their shares
                following = None
                try:
                    with self.db.transaction(commit=True, durable=False) as tx:
                        if not self.tracking.move(tx.cursor, start, end):
                            raise Conflict
                        tx.answers_held = holding is not None and start < holding
                        if drop:  # schema.QUERY_INDEXES: made again at the end, in one go
                            self.db.drop_query_indexes(tx)
                            drop = False
                        if crew is not None:
                            after = partial(self.notes, end + 1, size)
                            following = crew.apply(self, tx, batch, now, end, after)
                        else:
                            self._apply(tx, batch, now, end)
                        self._answered(tx, start, end)
                except Conflict:
                    start = self.position()
                    continue
                except WorkerLost:
                    stack.close()  # the crew ends; this process does the batch again
                    crew = None
                    continue
                ahead = following
                done += len(batch)
                start = end
                if len(batch) < size:
                    break  # every event recorded before this catch-up began is in
        self.db.index_again()  # after a failure, the next catch-up (or opening) does
        if holding is not None and start >= holding:
            release(self.db)
        self.settle(now, start)
        return done

    def _crew(self, stack: ExitStack, backlog: int) -> Crew | None:
        """Worker processes for a catch-up of at least ``sharing.backlog`` events."""
        size = self.sharing.crew_size(backlog)
        if size <= 0 or self.sharing.reopening is None:
            return None
        try:
            crew = Crew(self.sharing.reopening, self.playbook, size, self.sharing.own)
        except (WorkerLost, OSError):
            return None  # no workers to be had: this process does it all
        return stack.enter_context(crew)

    def _answered(self, tx: Tx, start: int, end: int) -> None:
        answered(tx, self.key, start, end)

    def settle(self, now: datetime, position: int | None = None) -> None:
        """Make this process's answers complete up to the read models' position: work out
        again those of the relationships written since they last were (by a process with
        other settings; all of them for settings this store has not seen). A page a
        transaction; the mark moves at the end, so a page lost to a crash is done again.
        ``position``: the read models' position, when just read."""
        with self.db.transaction(commit=False) as tx:
            found = tx.one(ANSWERED, (self.key,))
        if found is not None and found["position"] == (
            self.position() if position is None else position
        ):
            return  # the usual case: one read
        with self.db.transaction(commit=True) as tx:
            tx.run(
                "INSERT INTO {p}answered (settings, position, playbook) VALUES (?, -1, ?)"
                " ON CONFLICT (settings) DO NOTHING",
                (self.key, self.playbook),
            )
            since = int(tx.one(ANSWERED, (self.key,))["position"])
        target = self.position()  # read after the mark: every row up to it is committed
        where = "position > ?"  # then past the last row read
        after: tuple[Any, ...] = (since,)
        while True:
            with self.db.transaction(commit=True, durable=False) as tx:
                rows = tx.rows(
                    "SELECT id, state, position FROM {p}relationships WHERE position <= ?"
                    f" AND {where} ORDER BY position, id LIMIT ?",
                    (target, *after, BATCH),
                )
                histories = loaded(rows)
                self._recompute(tx, histories, now, {})
                if len(rows) < BATCH:
                    tx.run(
                        "UPDATE {p}answered SET position = ? WHERE settings = ? AND position = ?",
                        (target, self.key, since),
                    )
                    return
            last = rows[-1]
            where = "(position > ? OR (position = ? AND id > ?))"
            after = (last["position"], last["position"], last["id"])

    def _apply(self, tx: Tx, batch: Sequence[Note], now: datetime, position: int) -> None:
        new: dict[str, list[Event]] = {}
        groups = BatchGroups(tx)
        ids: dict[str, UUID] = {}
        read = self.mapper.read
        for _, hid, version, topic, state in batch:
            rid = ids.get(hid)  # uuid_of, in place: a call an event
            if rid is None:
                rid = ids[hid] = UUID(hid)
            event = read(hid, rid, version, topic, state)
            if event is None:
                continue  # an erased person's events: only the erasure itself counts
            # Told apart by exact class (no event class is subclassed): isinstance against
            # a pydantic model's class costs several times as much, twice an event.
            kind = type(event)
            if kind not in TOLD:  # most events: one look
                new.setdefault(hid, []).append(event)
            elif kind in GROUP_KINDS:
                groups.apply(event)
            else:  # a sighting, or a retraction
                new.setdefault(hid, []).append(event)
                groups.noted(event, hid)
        others = groups.write()  # whose group's activity changed
        written = partial(Writes.flush, tx=tx)  # a page of members at a time
        share = share_rows(
            tx, self.key, self.answer, new, others, groups.activity, now, position, flush=written
        )
        share.flush(tx)

    def _recompute(
        self,
        tx: Tx,
        histories: dict[str, list[Event]],
        now: datetime,
        cache: dict[str, GroupActivity],
        position: int | None = None,
    ) -> None:
        """Work out these relationships' answers under this process's settings; with
        ``position`` (their events were caught up at it), write their rows too."""
        writes = Writes(self.key)
        work_out(tx, writes, self.answer, histories, now, cache, position)
        writes.flush(tx)

    def answer(
        self,
        handle: str,
        history: Sequence[Event],
        groups: dict[str, GroupActivity],
        now: datetime,
    ) -> tuple[NextAction, list[Violation]]:
        return assess(handle, history, groups, self.settings, now)

    def refresh(self, now: datetime) -> None:
        """Recompute the actions whose answer changes with time alone by ``now``."""
        params = (self.key, now.timestamp(), now.timestamp(), BATCH)
        while True:
            # Most queries find nothing to refresh: look before taking the writer's lock.
            with self.db.transaction(commit=False) as tx:
                if not tx.rows(DUE.replace("{state}", ""), params):
                    return
            with self.db.transaction(commit=True, durable=False) as tx:
                rows = tx.rows(DUE.replace("{state}", ", r.state"), params)
                if not rows:
                    return
                histories = loaded(rows)
                self._recompute(tx, histories, now, {})

    def rebuild(self, now: datetime) -> int:
        """Make the read models again from the first event."""
        self.clear()
        with self.sharing.rebuild():  # shared with worker processes (sharing.Sharing)
            return self.catch_up(now)

    def clear(self) -> None:
        """Empty read models at the first event (migration.emptied), in one transaction with
        the position, so another process never finds them missing (it finds them empty, and
        helps)."""
        last = self.recorder.max_notification_id() or 0
        with self.db.transaction(commit=True) as tx:
            emptied(self.db, tx, last)
            self.tracking.reset(tx.cursor)
            tx.run(
                "INSERT INTO {p}meta VALUES ('playbook', ?), ('schema', ?), ('layout', ?)",
                (self.playbook, SCHEMA_VERSION, layout().tag),
            )
            # Empty answers are complete: this process's move with the catch-up from here.
            tx.run(
                "INSERT INTO {p}answered (settings, position, playbook) VALUES (?, 0, ?)",
                (self.key, self.playbook),
            )

    def forget(self, tx: Tx, rid: str) -> None:
        """Erasure: the person appears nowhere in the read models (in the transaction that
        records it, engine.erasure), nor does a group only they were seen in."""
        writes = Writes(self.key)
        writes.purge(rid)
        writes.flush(tx)
