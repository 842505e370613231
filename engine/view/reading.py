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
    ANSWERS,
    answer_row,
    as_of,
    due_rows,
    load_violation,
    recruiter_filter,
)
from outreach.engine.view.groups import groups_of
from outreach.engine.view.sql import Database
from outreach.projections.model import GroupActivity, Violation


class Reading:
    """Reads of the read-model tables, each in a transaction of its own."""

    def __init__(self, db: Database, key: str) -> None:
        self.db = db
        self.key = key  # the settings this process's answers are stored under

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
