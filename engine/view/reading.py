"""The read models as the engine's queries read them: stored answers, violations, skills,
people and the meta rows (the playbook settings and schema they were made with). Writing them
is ``outreach.engine.view.readmodel``'s."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from outreach.domain.events import Event, SpottedOnline
from outreach.domain.values import group_key
from outreach.engine.view.answers import (
    AGENDA_ORDER,
    ANSWERS,
    BY_HANDLE,
    CHECKS,
    LATER_CHECKS,
    answer_row,
    as_of,
    due_rows,
    due_sql,
    load_violation,
    recruiter_filter,
    valid,
)
from outreach.engine.view.groups import groups_of
from outreach.engine.view.sql import NAME, Database, Position
from outreach.projections.model import GroupActivity, Violation


class Reading:
    """Reads of the read-model tables, each in a transaction of its own."""

    recorder: Any  # the events' recorder and the read models' position (set by ReadModel)
    tracking: Position

    def __init__(self, db: Database, key: str) -> None:
        self.db = db
        self.key = key  # the settings this process's answers are stored under
        self._checks: tuple[str, str] | None = None

    def current_action(self, handle: str, now: datetime) -> str | None:
        """The stored next action (its JSON) of the relationship whose handle has this key
        in the handle index, when it is the present answer at ``now``: read in one statement
        with the checks that there is nothing to do first (``current``). None otherwise:
        the engine catches up and refreshes, and reads again."""
        rows = self.current(BY_HANDLE, (self.key, handle), now)
        if rows is None or len(rows) != 1 or rows[0]["payload"] is None:
            return None
        row = rows[0]
        return str(row["payload"]) if valid(row, now) else None

    def current_agenda(
        self, now: datetime, recruiter: str | None, limit: int | None
    ) -> list[str] | None:
        """The stored actions due at ``now`` in agenda order, read as ``current_action``."""
        sql, params = due_sql(self.key, now, recruiter, limit)
        order = AGENDA_ORDER.replace("{a}", "x")
        rows = self.current(sql, params, now, order, agenda=True, columns="x.payload")
        if rows is None:
            return None
        return [row["payload"] for row in rows if row["payload"] is not None]

    def current(
        self,
        query: str,
        params: tuple[Any, ...],
        now: datetime,
        order: str = "",
        *,
        agenda: bool = False,
        columns: str = "x.*",
    ) -> list[Any] | None:
        """The rows of ``query`` (as ``x``: its ``columns``, in ``order``), read in the
        statement that checks that a query at ``now``, the present, has nothing to do first:
        every event caught up and this settings' answers complete up to them; for the
        ``agenda``, also none due to be worked out again by ``now`` and none worked out after
        it (one person's answer says so itself: ``valid``). None when there is something to
        do: the caller catches up and refreshes as always. One statement sees one moment of
        the store, so the checks hold for the rows it reads: on PostgreSQL, one round trip
        where the catch-up, the refresh and the query took six."""
        checks = self._checks_sql(agenda)
        keys = (self.key, self.key, self.key) if agenda else (self.key,)
        sql = f"SELECT c.*, {columns} FROM ({checks}) c LEFT JOIN ({query}) x ON TRUE{order}"
        with self.db.transaction(commit=False) as tx:
            rows = tx.rows(sql, (*keys, NAME, *params), prepare=True)
        if not rows:
            return None  # no position yet, or a sealed row that cannot be opened
        first, stamp = rows[0], now.timestamp()
        if agenda and not _settled(first["c_recheck"], first["c_computed"], stamp):
            return None
        position = first["c_position"]
        caught_up = position == (first["c_last"] or 0) == first["c_answered"]
        return rows if caught_up else None

    def _checks_sql(self, agenda: bool) -> str:
        if self._checks is None:
            if self.db.postgres:
                schema = self.db.datastore.schema
                events = f'"{schema}"."{self.recorder.events_table_name}"'
                number = "notification_id"
            else:
                events, number = self.recorder.events_table_name, "rowid"
            checks = CHECKS.replace("{events}", events).replace("{n}", number)
            checks = checks.replace("{t}", self.tracking.table)
            self._checks = (checks.replace("{more}", ""), checks.replace("{more}", LATER_CHECKS))
        return self._checks[agenda]

    def groups_for(self, history: Sequence[Event]) -> dict[str, GroupActivity]:
        """The activity of the groups someone was spotted in."""
        keys = sorted({group_key(e.group) for e in history if isinstance(e, SpottedOnline)})
        if not keys:
            return {}
        with self.db.transaction(commit=False) as tx:
            return groups_of(tx, keys, {})

    def answer_row(self, rid: str) -> Any:
        with self.db.transaction(commit=False) as tx:
            return answer_row(tx, self.key, rid)

    def answer_rows(self, recruiter: str | None, rid: str | None) -> list[Any]:
        where, params = recruiter_filter(recruiter)
        if rid is not None:
            where, params = where + " AND a.id = ?", (*params, rid)
        with self.db.transaction(commit=False) as tx:
            return tx.rows(ANSWERS + where, (self.key, *params))

    def stale(
        self, now: datetime, recruiter: str | None, limit: int | None = None, rid: str | None = None
    ) -> list[Any]:
        """The answers that do not hold any more at ``now``."""
        where, params = recruiter_filter(recruiter)
        if rid is not None:
            where, params = where + " AND a.id = ?", (*params, rid)
        sql = ANSWERS + " AND a.recheck <= ?" + where + (f" LIMIT {int(limit)}" if limit else "")
        with self.db.transaction(commit=False) as tx:
            return tx.rows(sql, (self.key, now.timestamp(), *params))

    def agenda(self, now: datetime, recruiter: str | None, limit: int | None) -> list[str] | None:
        """The stored actions due by ``now``, in agenda order; None when some were worked
        out after ``now`` (the query is "as of" an earlier moment)."""
        with self.db.transaction(commit=False) as tx:
            return due_rows(tx, self.key, now, recruiter, limit)

    def violations(self, now: datetime, recruiter: str | None, rid: str | None) -> list[str] | None:
        where, params = recruiter_filter(recruiter, "v.id")
        if rid is not None:
            where, params = where + " AND v.id = ?", (*params, rid)
        sql = "SELECT v.payload FROM {p}violations v WHERE v.settings = ? AND v.occurred <= ?"
        sql += where + " ORDER BY v.occurred, v.handle, v.kind"
        with self.db.transaction(commit=False) as tx:
            if as_of(tx, self.key, now):
                return None
            rows = tx.rows(sql, (self.key, now.timestamp(), *params))
        return [row["payload"] for row in rows]

    def stored_violations(self, rid: str) -> list[Violation]:
        with self.db.transaction(commit=False) as tx:
            rows = tx.rows(
                "SELECT payload FROM {p}violations WHERE settings = ? AND id = ? ORDER BY n",
                (self.key, rid),
            )
        return [load_violation(row["payload"]) for row in rows]

    def with_skills(self, skills: Sequence[str]) -> list[Any]:
        with self.db.transaction(commit=False) as tx:
            return tx.chunks(
                "SELECT s.id, s.skill, r.handle, r.name, r.strength, a.kind, a.payload"
                " FROM {p}skills s JOIN {p}relationships r ON r.id = s.id"
                " JOIN {p}actions a ON a.settings = ? AND a.id = s.id WHERE s.skill IN ({in})",
                list(skills),
                first=(self.key,),
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


def _settled(recheck: float | None, computed: float | None, stamp: float) -> bool:
    """No stored answer due to be worked out again at ``stamp``, none worked out after it."""
    return (recheck is None or stamp < recheck) and (computed is None or computed <= stamp)
