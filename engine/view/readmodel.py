"""The read models: next actions, violations, relationship state and a skills index, kept in
the events' own database and caught up exactly once (the tracking position moves in the same
transaction as the rows it accounts for)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from outreach.domain.events import (
    Added,
    Contributed,
    Erased,
    Event,
    GroupNoted,
    SpottedOnline,
    Watched,
)
from outreach.domain.values import group_id, group_key
from outreach.engine.view.answers import (
    ANSWERS,
    DUE,
    answer_row,
    as_of,
    due_rows,
    load_violation,
    recruiter_filter,
)
from outreach.engine.view.sql import SCHEMA_VERSION, Database, Tx
from outreach.engine.view.tracking import Position
from outreach.engine.view.writes import Writes
from outreach.projections.model import GroupActivity, NextAction, Violation
from outreach.projections.policy import assess
from outreach.projections.settings import Playbook
from outreach.projections.state import (
    dump_group,
    earliest,
    load_group,
    load_history,
    merge,
    profile,
)

BATCH = 2000
GROUP_EVENTS = (GroupNoted, Watched, Contributed)


class Conflict(Exception):
    """Another process moved the tracking position first: read again."""


class ReadModel:
    def __init__(
        self, db: Database, recorder: Any, mapper: Any, settings: Playbook, tracking: Position
    ) -> None:
        self.db = db
        self.recorder = recorder
        self.mapper = mapper
        self.settings = settings
        self.tracking = tracking

    def create(self) -> None:
        self.tracking.create()
        self.db.create()

    def position(self) -> int:
        return int(self.tracking.position())

    def catch_up(self, now: datetime, limit: int | None = None) -> int:
        """Process every event recorded since the last catch-up; returns how many."""
        done = 0
        start = self.position()
        while limit is None or done < limit:
            size = BATCH if limit is None else min(BATCH, limit - done)
            batch = self.recorder.select_notifications(start + 1, size)
            if not batch:
                break
            # The events' data keys, read before the transaction that loads the events.
            self.db.prefetch(n.originator_id for n in batch)
            try:
                with self.db.transaction(commit=True, durable=False) as tx:
                    if not self.tracking.move(tx.cursor, start, batch[-1].id):
                        raise Conflict
                    self._apply(tx, batch, now)
            except Conflict:
                start = self.position()
                continue
            done += len(batch)
            start = batch[-1].id
            if len(batch) < size:
                break  # every event recorded before this catch-up began is in
        return done

    def _apply(self, tx: Tx, batch: Sequence[Any], now: datetime) -> None:
        new: dict[Any, list[Event]] = {}
        groups: dict[str, GroupActivity] = {}
        stored: dict[str, GroupActivity | None] = {}  # each group as the batch found it
        keys: dict[Any, str] = {}
        for notification in batch:
            rid = notification.originator_id
            if notification.topic != Erased.TOPIC and self.mapper.erased(rid):
                continue  # an erased person's events: only the erasure itself counts
            event = self.mapper.to_domain_event(notification)
            if isinstance(event, GROUP_EVENTS):
                key = self._key_of(tx, event, keys)
                groups[key] = _group_after(self._group(tx, key, groups, stored, event), event)
            else:
                new.setdefault(notification.originator_id, []).append(event)
                if isinstance(event, SpottedOnline):
                    key = group_key(event.group)
                    before = self._group(tx, key, groups, stored, event)
                    spotted = earliest(before.first_spotted, event.occurred_at)
                    if spotted != before.first_spotted:
                        groups[key] = before.model_copy(update={"first_spotted": spotted})
                    tx.run(
                        "INSERT INTO {p}members (key, id) VALUES (?, ?)"
                        " ON CONFLICT (key, id) DO NOTHING",
                        (key, notification.originator_id.hex),
                    )
        # Only a group whose activity changed moves its members' answers: recomputing every
        # member of every group seen in the batch made catch-up quadratic in the store's size.
        touched_groups = {key for key, activity in groups.items() if activity != stored[key]}
        for key in touched_groups:
            first_watched, first_spotted, contributed = dump_group(groups[key])
            tx.run(
                "INSERT INTO {p}groups (key, gid, name, first_watched, first_spotted,"
                " contributed) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET"
                " name = excluded.name, first_watched = excluded.first_watched,"
                " first_spotted = excluded.first_spotted, contributed = excluded.contributed",
                (
                    key,
                    group_id(key).hex,
                    groups[key].name,
                    first_watched,
                    first_spotted,
                    contributed,
                ),
            )
        members = tx.chunks("SELECT id FROM {p}members WHERE key IN ({in})", sorted(touched_groups))
        ids = {i.hex for i in new} | {row["id"] for row in members}
        histories = self._histories(tx, sorted(ids))
        for originator_id, events in new.items():
            histories[originator_id.hex] = merge(histories.get(originator_id.hex, []), events)
        self._recompute(tx, histories, now, groups)

    def _key_of(self, tx: Tx, event: Event, keys: dict[Any, str]) -> str:
        """Group events carry the group's id; its key comes with the first (GroupNoted)."""
        gid = event.originator_id
        if gid not in keys:
            if isinstance(event, GroupNoted):
                keys[gid] = group_key(event.name)
            else:
                row = tx.one("SELECT key FROM {p}groups WHERE gid = ?", (gid.hex,))
                keys[gid] = str(row["key"])
        return keys[gid]

    def _group(
        self,
        tx: Tx,
        key: str,
        cache: dict[str, GroupActivity],
        stored: dict[str, GroupActivity | None],
        event: Event,
    ) -> GroupActivity:
        if key not in cache:
            row = tx.one("SELECT * FROM {p}groups WHERE key = ?", (key,))
            stored[key] = load_group(row) if row else None
            cache[key] = stored[key] or GroupActivity(
                name=getattr(event, "name", None) or getattr(event, "group", key),
                first_watched=None,
                first_spotted=None,
                contributed_at=(),
            )
        return cache[key]

    def groups_for(self, history: Sequence[Event]) -> dict[str, GroupActivity]:
        """The activity of the groups someone was spotted in."""
        keys = sorted({group_key(e.group) for e in history if isinstance(e, SpottedOnline)})
        if not keys:
            return {}
        with self.db.transaction(commit=False) as tx:
            return self._groups_of(tx, keys, {})

    def _histories(self, tx: Tx, ids: Sequence[str]) -> dict[str, list[Event]]:
        rows = tx.chunks("SELECT id, state FROM {p}relationships WHERE id IN ({in})", ids)
        return {row["id"]: load_history(row["state"], _uuid(row["id"])) for row in rows}

    def _groups_of(
        self, tx: Tx, keys: Iterable[str], cache: dict[str, GroupActivity]
    ) -> dict[str, GroupActivity]:
        missing = [k for k in keys if k not in cache]
        for row in tx.chunks("SELECT * FROM {p}groups WHERE key IN ({in})", missing):
            cache[row["key"]] = load_group(row)
        return {k: cache[k] for k in keys if k in cache}

    def _recompute(
        self,
        tx: Tx,
        histories: dict[str, list[Event]],
        now: datetime,
        cache: dict[str, GroupActivity],
    ) -> None:
        writes = Writes()
        for rid, history in histories.items():
            if not history:
                continue
            if any(isinstance(e, Erased) for e in history) or not isinstance(history[0], Added):
                # Erased, or being erased: the key goes first, and a stored history sealed
                # with it reads as gone (only the events after it remain).
                writes.purge(rid)
                continue
            facts = profile(history)
            handle = _handle_of(history)
            groups = self._groups_of(tx, facts["groups"], cache)
            writes.relationship(tx, rid, handle, facts, history)
            action, violations = self.answer(handle, history, groups, now)
            until = _valid_until(action, history, now)
            writes.answers(tx, rid, handle, action, violations, until, now, facts["recruiters"])
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
        due = DUE
        params = (now.timestamp(), now.timestamp(), BATCH)
        while True:
            # Most queries find nothing to refresh: look before taking the writer's lock.
            with self.db.transaction(commit=False) as tx:
                if not tx.rows(due.replace("{state}", ""), params):
                    return
            with self.db.transaction(commit=True, durable=False) as tx:
                rows = tx.rows(due.replace("{state}", ", r.state"), params)
                if not rows:
                    return
                histories = {
                    row["id"]: load_history(row["state"], _uuid(row["id"])) for row in rows
                }
                self._recompute(tx, histories, now, {})

    def recompute_all(self, now: datetime) -> None:
        """After a settings change: every action again, from the stored state (no replay)."""
        after = ""
        while True:
            with self.db.transaction(commit=True, durable=False) as tx:
                rows = tx.rows(
                    "SELECT id, state FROM {p}relationships WHERE id > ? ORDER BY id LIMIT ?",
                    (after, BATCH),
                )
                if not rows:
                    return
                histories = {
                    row["id"]: load_history(row["state"], _uuid(row["id"])) for row in rows
                }
                self._recompute(tx, histories, now, {})
                after = rows[-1]["id"]

    def write_saved(
        self, saved: Any, action: NextAction, violations: list[Violation], now: datetime
    ) -> bool:
        """Write one command's answers, worked out from the aggregate it saved, when its
        events are the only ones not caught up yet; False (nothing written) otherwise."""
        history = list(saved.history)
        rid = history[0].originator_id.hex
        with self.db.transaction(commit=True, durable=False) as tx:
            if not self.tracking.move(tx.cursor, saved.first - 1, saved.last):
                return False
            writes = Writes()
            facts = profile(history)
            # The rows hold what the history before this command gave (all caught up).
            earlier = history[: len(history) - len(saved.events)]
            before = profile(earlier) if earlier else None
            writes.relationship(tx, rid, saved.handle, facts, history, before)
            until = _valid_until(action, history, now)
            writes.answers(
                tx, rid, saved.handle, action, violations, until, now, facts["recruiters"]
            )
            writes.flush(tx)
        return True

    def rebuild(self, now: datetime) -> int:
        """Make the read models again from the first event."""
        self.clear()
        return self.catch_up(now)

    def clear(self) -> None:
        """Empty read models at the first event. The tables are dropped and made again in one
        transaction with the position, so another process never finds them missing (it
        finds them empty, and helps catching up)."""
        with self.db.transaction(commit=True) as tx:
            self.db.drop_in(tx)
            self.db.create_in(tx)
            self.tracking.reset(tx.cursor)
            tx.run(
                "INSERT INTO {p}meta (key, value) VALUES ('playbook', ?), ('schema', ?)",
                (self.settings.model_dump_json(), SCHEMA_VERSION),
            )

    def answer_row(self, rid: str) -> Any:
        with self.db.transaction(commit=False) as tx:
            return answer_row(tx, rid)

    def answer_rows(self, recruiter: str | None, rid: str | None) -> list[Any]:
        where, params = recruiter_filter(recruiter)
        if rid is not None:
            where, params = where + " AND a.id = ?", (*params, rid)
        with self.db.transaction(commit=False) as tx:
            return tx.rows(ANSWERS + where, params)

    def stale(
        self, now: datetime, recruiter: str | None, limit: int | None = None, rid: str | None = None
    ) -> list[Any]:
        """The answers that do not hold any more at ``now``."""
        where, params = recruiter_filter(recruiter)
        if rid is not None:
            where, params = where + " AND a.id = ?", (*params, rid)
        sql = ANSWERS + " AND a.recheck <= ?" + where + (f" LIMIT {int(limit)}" if limit else "")
        with self.db.transaction(commit=False) as tx:
            return tx.rows(sql, (now.timestamp(), *params))

    def agenda(self, now: datetime, recruiter: str | None, limit: int | None) -> list[str] | None:
        """The stored actions due by ``now``, in agenda order; None when some were worked
        out after ``now`` (the query is "as of" an earlier moment)."""
        with self.db.transaction(commit=False) as tx:
            return due_rows(tx, now, recruiter, limit)

    def violations(self, now: datetime, recruiter: str | None, rid: str | None) -> list[str] | None:
        where, params = recruiter_filter(recruiter, "v.id")
        if rid is not None:
            where, params = where + " AND v.id = ?", (*params, rid)
        sql = "SELECT v.payload FROM {p}violations v WHERE v.occurred <= ?" + where
        sql += " ORDER BY v.occurred, v.handle, v.kind"
        with self.db.transaction(commit=False) as tx:
            if as_of(tx, now):
                return None
            return [row["payload"] for row in tx.rows(sql, (now.timestamp(), *params))]

    def stored_violations(self, rid: str) -> list[Violation]:
        with self.db.transaction(commit=False) as tx:
            rows = tx.rows("SELECT payload FROM {p}violations WHERE id = ? ORDER BY n", (rid,))
        return [load_violation(row["payload"]) for row in rows]

    def with_skills(self, skills: Sequence[str]) -> list[Any]:
        with self.db.transaction(commit=False) as tx:
            return tx.chunks(
                "SELECT s.id, s.skill, r.handle, r.name, r.strength, a.kind, a.payload"
                " FROM {p}skills s JOIN {p}relationships r ON r.id = s.id"
                " JOIN {p}actions a ON a.id = s.id WHERE s.skill IN ({in})",
                list(skills),
            )

    def states(self) -> list[Any]:
        """Every relationship's id, handle and stored history (the list of people)."""
        with self.db.transaction(commit=False) as tx:
            return tx.rows("SELECT id, handle, state FROM {p}relationships")

    def skills_of(self, ids: Sequence[str]) -> dict[str, list[str]]:
        every: dict[str, list[str]] = {}
        with self.db.transaction(commit=False) as tx:
            for row in tx.chunks("SELECT id, skill FROM {p}skills WHERE id IN ({in})", ids):
                every.setdefault(row["id"], []).append(row["skill"])
        return every

    def handles(self) -> list[str]:
        with self.db.transaction(commit=False) as tx:
            return [row["handle"] for row in tx.rows("SELECT handle FROM {p}relationships")]

    def forget(self, tx: Tx, rid: str) -> None:
        """Erasure: the person appears nowhere in the read models (in the transaction that
        records it, engine.erasure), nor does a group only they were seen in."""
        writes = Writes()
        writes.purge(rid)
        writes.flush(tx)

    def meta(self, key: str) -> str | None:
        with self.db.transaction(commit=False) as tx:
            row = tx.one("SELECT value FROM {p}meta WHERE key = ?", (key,))
        return str(row["value"]) if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db.transaction(commit=True) as tx:
            tx.run(
                "INSERT INTO {p}meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _group_after(before: GroupActivity, event: Event) -> GroupActivity:
    if isinstance(event, GroupNoted):
        return before.model_copy(update={"name": event.name})
    if isinstance(event, Watched):
        return before.model_copy(
            update={"first_watched": earliest(before.first_watched, event.occurred_at)}
        )
    if isinstance(event, Contributed):
        times = tuple(sorted((*before.contributed_at, event.occurred_at)))
        return before.model_copy(update={"contributed_at": times})
    return before


def _valid_until(action: NextAction, history: Sequence[Event], now: datetime) -> datetime | None:
    """An answer holds until its recheck time, or until the first event that happened after
    ``now`` (recorded earlier with a later clock) comes into view."""
    later = [e.occurred_at for e in history if e.occurred_at > now]
    return earliest(action.recheck_at, min(later) if later else None)


def _handle_of(history: Sequence[Event]) -> str:
    for event in history:
        handle = getattr(event, "handle", None)
        if handle:
            return str(handle)
    raise ValueError("a relationship's history has no 'added' event")


def _uuid(hex_id: str) -> Any:
    from uuid import UUID

    return UUID(hex_id)
