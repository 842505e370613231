"""The engine's answers: next actions, the agenda, violations, skills search."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from outreach.domain.errors import InvalidInput, OutreachError, UnknownHandle
from outreach.domain.values import check_handle, normalise_handle, normalise_skills
from outreach.projections.model import NextAction, Violation
from outreach.projections.readmodel import ReadModel, load_action, load_violation
from outreach.projections.sql import Tx
from outreach.projections.state import load_history


@dataclass(frozen=True)
class Match:
    """Someone found by skills: how many of the asked skills they have, and how strong the
    relationship is (never whether they are looking)."""

    handle: str
    name: str
    skills: tuple[str, ...]
    matched: tuple[str, ...]
    strength: float


def sort_key(action: NextAction) -> tuple[int, int, int, float]:
    assert action.priority is not None
    return action.priority.key(action.due)


class Queries:
    """Mixed into the engine: every query catches up first, so it sees every write."""

    readmodel: ReadModel
    clock: Callable[[], datetime]

    def _ready(self, now: datetime | None) -> datetime:
        raise NotImplementedError

    def next_action(self, handle: str, *, now: datetime | None = None) -> NextAction:
        """The one next action for someone (or none, with the reason)."""
        moment = self._ready(now)
        rid = self._rid(handle)
        with self.readmodel.db.transaction(commit=False) as tx:
            row = tx.one(
                "SELECT a.payload, a.computed, a.recheck, r.state, r.handle FROM {p}actions a"
                " JOIN {p}relationships r ON r.id = a.id WHERE a.id = ?",
                (rid,),
            )
        if row is None:
            raise self._not_found(handle)
        if _valid(row, moment):
            return load_action(row["payload"])
        return self._fresh(tx_row=row, rid=rid, now=moment)[0]

    def next_actions(self, *, now: datetime | None = None) -> list[NextAction]:
        """Every relationship's next action, in agenda order (those with none last)."""
        moment = self._ready(now)
        actions = [a for a, _ in self._all(moment)]
        return sorted(actions, key=lambda a: (a.kind is None, sort_key(a) if a.kind else ()))

    def agenda(
        self,
        *,
        now: datetime | None = None,
        recruiter: str | None = None,
        limit: int | None = None,
    ) -> list[NextAction]:
        """Every action due at or before ``now``: agreed callbacks first, by time; then by
        kind; then people you'd hire, key contributors; then the most overdue."""
        moment = self._ready(now)
        if limit is not None and limit < 1:
            raise InvalidInput("the agenda", {"limit": "must be 1 or more"})
        where, params = _recruiter_filter(recruiter)
        sql = (
            "SELECT payload FROM {p}actions WHERE kind IS NOT NULL AND due <= ?"
            + where
            + " ORDER BY s_tier, s_rank, s_best, due"
            + (f" LIMIT {int(limit)}" if limit is not None else "")
        )
        with self.readmodel.db.transaction(commit=False) as tx:
            as_of = _as_of(tx, moment)
            rows = [] if as_of else tx.rows(sql, (moment.timestamp(), *params))
        if as_of:
            due = [
                a
                for a, _ in self._all(moment, recruiter)
                if a.kind is not None and a.due is not None and a.due <= moment
            ]
            return sorted(due, key=sort_key)[:limit]
        return [load_action(row["payload"]) for row in rows]

    def violations(
        self,
        *,
        now: datetime | None = None,
        handle: str | None = None,
        recruiter: str | None = None,
    ) -> list[Violation]:
        """The coaching report: every broken don't or skipped do, as of ``now``."""
        moment = self._ready(now)
        rid = self._rid(handle) if handle is not None else None
        where, params = _recruiter_filter(recruiter, column="by")
        if rid is not None:
            where += " AND id = ?"
            params = (*params, rid)
        sql = "SELECT payload FROM {p}violations WHERE occurred <= ?" + where
        sql += " ORDER BY occurred, handle, kind"
        with self.readmodel.db.transaction(commit=False) as tx:
            as_of = _as_of(tx, moment)
            rows = [] if as_of else tx.rows(sql, (moment.timestamp(), *params))
        if as_of:
            found = [
                v
                for _, vs in self._all(moment, recruiter, rid)
                for v in vs
                if recruiter is None or recruiter in v.by
            ]
            return sorted(found, key=lambda v: (v.occurred_at, v.handle, v.kind))
        return [load_violation(row["payload"]) for row in rows]

    def find(self, skills: Iterable[str], *, limit: int | None = None) -> list[Match]:
        """People with these skills, most skills matched first, then the strongest
        relationships. Never ranked by availability."""
        self._ready(None)
        try:
            wanted: tuple[str, ...] = normalise_skills(list(skills))
        except ValueError as error:
            raise InvalidInput("the search", {"skill": str(error)}) from None
        if not wanted:
            raise InvalidInput("the search", {"skill": "name at least one skill"})
        with self.readmodel.db.transaction(commit=False) as tx:
            rows = tx.chunks(
                "SELECT s.id, s.skill, r.handle, r.name, r.strength FROM {p}skills s"
                " JOIN {p}relationships r ON r.id = s.id WHERE s.skill IN ({in})",
                list(wanted),
            )
            found: dict[str, dict[str, Any]] = {}
            for row in rows:
                entry = found.setdefault(row["id"], {"row": row, "matched": []})
                entry["matched"].append(row["skill"])
            every = _skills_of(tx, list(found))
        matches = [
            Match(
                handle=e["row"]["handle"],
                name=e["row"]["name"],
                skills=tuple(every.get(rid, ())),
                matched=tuple(s for s in wanted if s in e["matched"]),
                strength=float(e["row"]["strength"]),
            )
            for rid, e in found.items()
        ]
        matches.sort(key=lambda m: (-len(m.matched), -m.strength, m.handle))
        return matches[:limit]

    def handles(self) -> list[str]:
        """Every handle with a relationship in the read models."""
        self._ready(None)
        with self.readmodel.db.transaction(commit=False) as tx:
            return [row["handle"] for row in tx.rows("SELECT handle FROM {p}relationships")]

    def _all(
        self, moment: datetime, recruiter: str | None = None, rid: str | None = None
    ) -> list[tuple[NextAction, list[Violation]]]:
        where, params = _recruiter_filter(recruiter, column="r.recruiters")
        if rid is not None:
            where += " AND r.id = ?"
            params = (*params, rid)
        with self.readmodel.db.transaction(commit=False) as tx:
            rows = tx.rows(
                "SELECT a.payload, a.computed, a.recheck, r.state, r.handle, r.id"
                " FROM {p}actions a JOIN {p}relationships r ON r.id = a.id WHERE 1 = 1" + where,
                params,
            )
        answers = []
        for row in rows:
            if _valid(row, moment):
                answers.append((load_action(row["payload"]), self._stored_violations(row["id"])))
            else:
                answers.append(self._fresh(tx_row=row, rid=row["id"], now=moment))
        return answers

    def _stored_violations(self, rid: str) -> list[Violation]:
        with self.readmodel.db.transaction(commit=False) as tx:
            rows = tx.rows("SELECT payload FROM {p}violations WHERE id = ? ORDER BY n", (rid,))
        return [load_violation(row["payload"]) for row in rows]

    def _fresh(self, *, tx_row: Any, rid: str, now: datetime) -> tuple[NextAction, list[Violation]]:
        """Work an answer out in memory (an "as of" query), without storing it."""
        from uuid import UUID

        history = load_history(tx_row["state"], UUID(rid))
        groups = self.readmodel.groups_for(history)
        return self.readmodel.answer(tx_row["handle"], history, groups, now)

    def _rid(self, handle: str) -> str:
        from outreach.domain.values import relationship_id

        try:
            return relationship_id(check_handle(normalise_handle(handle))).hex
        except (ValueError, TypeError):
            raise UnknownHandle(str(handle), self._suggest(str(handle))) from None

    def _suggest(self, handle: str) -> list[str]:
        raise NotImplementedError

    def _not_found(self, handle: str) -> OutreachError:
        raise NotImplementedError


def _as_of(tx: Tx, moment: datetime) -> bool:
    """A query before the moment some answers were worked out reads "as of" then. Asked in
    the query's own transaction: one round trip fewer for every query."""
    row = tx.one("SELECT 1 AS n FROM {p}actions WHERE computed > ? LIMIT 1", (moment.timestamp(),))
    return row is not None


def _valid(row: Any, moment: datetime) -> bool:
    stamp = moment.timestamp()
    return bool(row["computed"] <= stamp and (row["recheck"] is None or stamp < row["recheck"]))


def _recruiter_filter(
    recruiter: str | None, column: str = "recruiters"
) -> tuple[str, tuple[Any, ...]]:
    if recruiter is None:
        return "", ()
    escaped = recruiter.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f" AND {column} LIKE ? ESCAPE '\\'", (f"%|{escaped}|%",)


def _skills_of(tx: Tx, ids: Sequence[str]) -> dict[str, list[str]]:
    every: dict[str, list[str]] = {}
    for row in tx.chunks("SELECT id, skill FROM {p}skills WHERE id IN ({in})", ids):
        every.setdefault(row["id"], []).append(row["skill"])
    return every
