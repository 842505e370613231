"""The rows one read-model transaction writes, sent with one ``executemany`` per statement:
a catch-up batch touches hundreds of relationships, and a statement each cost more than the
work it did."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from orjson import OPT_UTC_Z, dumps
from outreach.domain.events import Event, SpottedOnline
from outreach.domain.values import group_key
from outreach.engine.view.groups import GROUPS, as_left, withdrawing
from outreach.engine.view.sql import Tx
from outreach.projections.model import GroupActivity, NextAction, Violation
from outreach.projections.state import dump_history, load_group, profile, valid_until
from pydantic import BaseModel

if TYPE_CHECKING:
    from outreach.engine.view.readmodel import ReadModel

UPSERT_RELATIONSHIP = (
    "INSERT INTO {p}relationships (id, handle, name, state, recruiters, would_hire,"
    " key_contributor, strength, version, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET handle = excluded.handle,"
    " name = excluded.name, state = excluded.state,"
    " recruiters = excluded.recruiters, would_hire = excluded.would_hire,"
    " key_contributor = excluded.key_contributor, strength = excluded.strength,"
    " version = excluded.version, position = excluded.position"
)
UPSERT_ACTION = (
    "INSERT INTO {p}actions (settings, id, handle, kind, payload, s_tier, s_rank, s_best, due,"
    " recheck, computed, recruiters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (settings, id) DO UPDATE SET handle = excluded.handle, kind = excluded.kind,"
    " payload = excluded.payload, s_tier = excluded.s_tier, s_rank = excluded.s_rank,"
    " s_best = excluded.s_best, due = excluded.due, recheck = excluded.recheck,"
    " computed = excluded.computed, recruiters = excluded.recruiters"
)
# A violation whose row holds it already is not written again (each column is compared: the
# payload holds them all, but sealed it differs every time).
UPSERT_VIOLATION = (
    "INSERT INTO {p}violations AS held (settings, id, n, handle, kind, rule, occurred, by,"
    " payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (settings, id, n) DO UPDATE SET"
    " handle = excluded.handle, kind = excluded.kind, rule = excluded.rule,"
    " occurred = excluded.occurred, by = excluded.by, payload = excluded.payload"
    " WHERE held.payload <> excluded.payload OR held.handle <> excluded.handle"
    " OR held.kind <> excluded.kind OR held.rule <> excluded.rule"
    " OR held.occurred <> excluded.occurred OR held.by <> excluded.by"
)
_version = attrgetter("originator_version")
PURGED = ("relationships", "actions", "violations", "skills", "members", "recruiters")


def answer_json(answer: BaseModel) -> str:
    """An answer (a next action, a violation) as pydantic's ``model_dump_json`` writes it,
    byte for byte, written by orjson from its values: an answer's fields are of types the two
    write alike (text, numbers, flags, kinds, tuples, moments with "Z" for UTC, and answers'
    parts, whose fields are written in their order), in half the time. The answer's own fields
    are handed over as they are held (``__dict__``, as ``_fields`` would: one call fewer)."""
    return dumps(answer.__dict__, default=_fields, option=OPT_UTC_Z).decode()


def _fields(part: Any) -> Any:
    if isinstance(part, BaseModel):
        return part.__dict__
    raise TypeError(f"{type(part).__name__} is not part of an answer")


class Writes:
    """Collects each relationship's rows; ``flush`` writes them all. A relationship appears
    once per transaction, so the order of its statements is kept: old rows out, new rows in.
    Answers are written under ``key``, the settings they were worked out with. Of a
    relationship's violations only those that differ from the rows held are written: most
    commands leave them as they were, or change one, and deleting and inserting them all
    again was about a tenth of a recorded event's CPU."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._now: datetime | None = None  # the moment last answered at, and its epoch
        self._now_epoch = 0.0
        self._empty()

    def _empty(self) -> None:
        self.relationships: list[tuple[Any, ...]] = []
        # Each relationship's violations, unsealed: n, handle, kind, rule, occurred, by, payload.
        self.violations: dict[str, list[tuple[Any, ...]]] = {}
        self.past_end: list[tuple[str, str, int]] = []  # settings, id, violations written
        self.new_skills: list[tuple[str]] = []  # ids whose skills are replaced
        self.new_recruiters: list[tuple[str]] = []  # ids whose recruiters are replaced
        self.skills: list[tuple[str, str]] = []
        self.recruiters: list[tuple[str, str]] = []
        self.actions: list[tuple[Any, ...]] = []
        self.moved: list[tuple[int, str]] = []  # (position, id): a row whose history is held
        self.purged: list[tuple[str]] = []

    def relationship(
        self,
        tx: Tx,
        rid: str,
        handle: str,
        facts: dict[str, Any],
        history: Sequence[Event],
        position: int,
        before: dict[str, Any] | None = None,
        *,
        fresh: bool = False,
    ) -> None:
        """The relationship's row, and its skills and recruiters unless ``before`` (the facts
        its rows hold already) has the same: rewriting equal rows dirtied a quarter of the
        pages a recorded event writes. ``position``: the event position it was written at,
        from which other settings' answers know theirs are behind. ``fresh``: it has no rows
        yet (skills and recruiters to delete first: none)."""
        self.relationships.append(
            (
                rid,
                tx.seal(rid, handle),
                tx.seal(rid, facts["name"]),
                tx.seal(rid, dump_history(history)),
                facts["recruiters"],
                int(facts["would_hire"]),
                int(facts["key_contributor"]),
                facts["strength"],
                max(map(_version, history)),  # mapped in C, not a generator
                position,
            )
        )
        if before is None or before["skills"] != facts["skills"]:
            if not fresh:
                self.new_skills.append((rid,))
            self.skills += [(skill, rid) for skill in facts["skills"]]
        if before is None or before["recruiter_names"] != facts["recruiter_names"]:
            if not fresh:
                self.new_recruiters.append((rid,))
            self.recruiters += [(name, rid) for name in facts["recruiter_names"]]

    def answers(
        self,
        tx: Tx,
        rid: str,
        handle: str,
        action: NextAction,
        violations: Sequence[Violation],
        valid_until: datetime | None,
        now: datetime,
        recruiters: str,
        *,
        fresh: bool = False,
    ) -> None:
        """The next action's row and the violations' (``fresh``: none held yet)."""
        # A moment's epoch asks its zone for the offset (three of them were 3 % of a just-added
        # person's catch-up): the due time's once (priority.key's last part is that epoch: not
        # asked for), now's once a batch.
        due = action.due.timestamp() if action.due is not None else None
        tiers = action.priority.key(None)[:3] if action.priority else (9, 99, 9)
        if now is not self._now:
            self._now, self._now_epoch = now, now.timestamp()
        self.actions.append(
            (
                self.key,
                rid,
                tx.seal(rid, handle),
                action.kind.value if action.kind else None,
                tx.seal(rid, answer_json(action)),
                *tiers,
                due,
                valid_until.timestamp() if valid_until is not None else None,
                self._now_epoch,
                recruiters,
            )
        )
        if not fresh:  # those held past the end of the list go
            self.past_end.append((self.key, rid, len(violations)))
        self.violations[rid] = [
            (
                n,
                handle,
                v.kind,
                v.rule,
                v.occurred_at.timestamp(),
                "|" + "|".join(v.by) + "|",
                answer_json(v),
            )
            for n, v in enumerate(violations)
        ]

    def purge(self, rid: str) -> None:
        """Erasure: the person appears nowhere in the read models (under any settings)."""
        self.purged.append((rid,))

    def flush(self, tx: Tx) -> None:
        """Write the rows collected, and let them go (more may be collected and flushed)."""
        self._write(tx)
        self._empty()

    def _write(self, tx: Tx) -> None:
        tx.many(UPSERT_RELATIONSHIP, self.relationships)
        tx.many("UPDATE {p}relationships SET position = ? WHERE id = ?", self.moved)
        tx.many("DELETE FROM {p}skills WHERE id = ?", self.new_skills)
        tx.many("INSERT INTO {p}skills (skill, id) VALUES (?, ?)", self.skills)
        tx.many("DELETE FROM {p}recruiters WHERE id = ?", self.new_recruiters)
        tx.many("INSERT INTO {p}recruiters (recruiter, id) VALUES (?, ?)", self.recruiters)
        tx.many(UPSERT_ACTION, self.actions)
        self._flush_violations(tx)
        for table in PURGED:
            tx.many(f"DELETE FROM {{p}}{table} WHERE id = ?", self.purged)
        if self.purged:  # a group name only the erased were seen in is theirs too
            tx.run(
                "DELETE FROM {p}groups WHERE first_watched IS NULL AND contributed = '[]'"
                " AND key NOT IN (SELECT key FROM {p}members)"
            )

    def _flush_violations(self, tx: Tx) -> None:
        """Write each relationship's violations by their place in its list (``n``): a row
        that holds the same already is left as it is (UPSERT_VIOLATION), and those past the
        end of the list are deleted. Asked of the database in the statements that write, not
        read first: on PostgreSQL a read is a round trip of its own."""
        if tx.answers_held:  # a rebuild's: rows kept past the end of a new person's too
            done = {rid for _, rid, _ in self.past_end}
            self.past_end += [
                (self.key, rid, len(rows))
                for rid, rows in self.violations.items()
                if rid not in done
            ]
        tx.many("DELETE FROM {p}violations WHERE settings = ? AND id = ? AND n >= ?", self.past_end)
        written: list[tuple[Any, ...]] = []
        for rid, rows in self.violations.items():
            if rows:
                handle = tx.seal(rid, rows[0][1])
                written += [
                    (self.key, rid, n, handle, kind, rule, occurred, by, tx.seal(rid, payload))
                    for n, _, kind, rule, occurred, by, payload in rows
                ]
        tx.many(UPSERT_VIOLATION, written)


class Answers:
    """A relationship's next action and violations once a command's events are added, worked
    out from its aggregate before the save. Their rows are written after the events, in the
    same transaction (engine.persistence's ``then``), when the read models were caught up to
    just before those events; else (``written`` false) a catch-up follows the save."""

    def __init__(
        self,
        readmodel: ReadModel,
        clock: Callable[[], datetime],
        handle: str,
        history: tuple[Event, ...],
        new: int,
    ) -> None:
        self.readmodel, self.handle, self.history, self.new = readmodel, handle, history, new
        self.now = now = clock()
        keys = sorted({group_key(e.group) for e in history if type(e) is SpottedOnline})
        groups: dict[str, GroupActivity] = {}
        withdrawn = withdrawing(history, new) if keys else {}
        if keys:  # the activity of the groups they were spotted in, as the command leaves it
            with readmodel.db.transaction(commit=False) as tx:
                groups = {row["key"]: load_group(row) for row in tx.chunks(GROUPS, keys)}
                if withdrawn:  # a sighting retracted (rare): engine.view.groups
                    as_left(tx, groups, withdrawn, history)
        # Someone spotted in a group, or a sighting retracted, moves the group's rows too:
        # the full catch-up does (not ``direct``).
        spotted = SpottedOnline in map(type, history[len(history) - new :])
        self.direct = not spotted and not withdrawn
        self.action, self.violations = readmodel.answer(handle, history, groups, now)
        self.written = False

    def write(self, cursor: Any, positions: Sequence[int]) -> None:
        """The rows, in the transaction of the events (at ``positions``), when they are the
        only events not caught up yet; nothing otherwise."""
        model, now = self.readmodel, self.now
        db, key, first, last = model.db, model.key, positions[0], positions[-1]
        tx = Tx(cursor, db.prefix, db.postgres, db.sealer)
        if not model.tracking.move_in_batch(tx.cursor, first - 1, last):
            return
        answered(tx, key, first - 1, last)
        history, writes = list(self.history), Writes(key)
        rid, facts = history[0].originator_id.hex, profile(history)
        # The rows hold what the history before this command gave (all caught up).
        earlier = history[: len(history) - self.new]
        before = profile(earlier) if earlier else None
        writes.relationship(tx, rid, self.handle, facts, history, last, before)
        until, recruiters = valid_until(self.action, history, now), facts["recruiters"]
        writes.answers(tx, rid, self.handle, self.action, self.violations, until, now, recruiters)
        writes.flush(tx)
        self.written = True

    def undone(self, error: Exception) -> None:
        """The database refused the rows (the events commit without them): a catch-up after
        the save tries again, and its failure is the command's note."""
        self.written = False


def answered(tx: Tx, key: str, start: int, end: int) -> None:
    """The answers under settings ``key``, complete up to ``start``, are now complete up to
    ``end`` (those of other settings are not: they find out from the rows' positions)."""
    moved = "UPDATE {p}answered SET position = ? WHERE settings = ? AND position = ?"
    tx.run(moved, (end, key, start))
