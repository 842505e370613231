"""The stored answers as they are read: the SQL that the engine's queries and
``outreach.engine.glance`` share. It imports neither eventsourcing nor the domain's events, so
that a read command which finds the read models up to date starts quickly."""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson
from outreach.engine.view.sql import Tx

if TYPE_CHECKING:  # pydantic is imported only when an answer is loaded
    from outreach.projections.model import NextAction, Violation

Sql = tuple[str, tuple[Any, ...]]  # a statement and its parameters

# SQLite counts a LIMIT in 64 bits; nobody reads an agenda of more than this.
MAX_LIMIT = 2**31 - 1

# Every answer is stored under the settings it was worked out with (``settings_key``), so
# that processes with different settings on one store each find their own: the first
# parameter of each statement below.
ANSWERS = (
    "SELECT a.payload, a.computed, a.recheck, r.state, r.handle, r.id FROM {p}actions a"
    " JOIN {p}relationships r ON r.id = a.id WHERE a.settings = ?"
)
# The answers that time alone changed by a moment (given twice). "+" keeps SQLite from
# scanning the computed index (every row is computed before now) rather than the recheck
# index (few rows are due): 76 ms against 0.05 at 100k people.
DUE = (
    "SELECT a.id{state} FROM {p}actions a JOIN {p}relationships r ON r.id = a.id"
    " WHERE a.settings = ? AND a.recheck <= ? AND +a.computed <= ? LIMIT ?"
)
# Up to which event position a settings' answers are complete: theirs are the current ones
# when it is the read models' own position.
ANSWERED = "SELECT position, playbook FROM {p}answered WHERE settings = ?"
# Whether a query at the present finds nothing to do first (``Reading.current``): the read
# models' position ({t}: the tracking table) is the last event's ({events}, numbered by {n})
# and that up to which this settings' answers are complete. Parameters: the settings key,
# the position's row.
CHECKS = (
    "SELECT t.notification_id AS c_position,"
    " (SELECT n.position FROM {p}answered n WHERE n.settings = ?) AS c_answered,"
    " (SELECT MAX(e.{n}) FROM {events} e) AS c_last{more}"
    " FROM {t} t WHERE t.application_name = ?"
)
# And for the agenda, whether no stored answer is due to be worked out again (the earliest
# recheck) nor was worked out after the moment (the latest computed). Each check is an
# index's first or last entry, whatever the moment, so that one plan serves every call.
# Parameters: the settings key, twice, before CHECKS' last.
LATER_CHECKS = (
    ", (SELECT MIN(d.recheck) FROM {p}actions d WHERE d.settings = ?) AS c_recheck,"
    " (SELECT MAX(l.computed) FROM {p}actions l WHERE l.settings = ?) AS c_computed"
)
# A stored answer by the handle's row in the handle index (engine.handles). Not joined to
# its relationship's row as ANSWERS is: the two are written and purged together, and the
# join was a third of the statement's planning.
BY_HANDLE = (
    "SELECT a.payload, a.computed, a.recheck FROM {p}handles h"
    " JOIN {p}actions a ON a.settings = ? AND a.id = h.id WHERE h.handle = ?"
)


def settings_key(playbook: str) -> str:
    """The key answers are stored under: a digest of the settings (``model_dump_json``)."""
    return hashlib.sha256(playbook.encode()).hexdigest()[:16]


def as_of(tx: Tx, key: str, moment: datetime) -> bool:
    """A query before the moment some answers were worked out reads "as of" then. Asked in
    the query's own transaction: one round trip fewer for every query."""
    row = tx.one(
        "SELECT 1 AS n FROM {p}actions WHERE settings = ? AND computed > ? LIMIT 1",
        (key, moment.timestamp()),
    )
    return row is not None


def recruiter_filter(recruiter: str | None, id_column: str = "a.id") -> tuple[str, tuple[Any, ...]]:
    """The relationships a recruiter recorded something in."""
    if recruiter is None:
        return "", ()
    return (
        f" AND {id_column} IN (SELECT id FROM {{p}}recruiters WHERE recruiter = ?)",
        (recruiter,),
    )


AGENDA_ORDER = " ORDER BY {a}.s_tier, {a}.s_rank, {a}.s_best, {a}.due"


def due_sql(key: str, now: datetime, recruiter: str | None, limit: int | None) -> Sql:
    """The stored actions due by ``now``, in agenda order (the order's columns too)."""
    where, params = recruiter_filter(recruiter)
    sql = "SELECT a.payload, a.s_tier, a.s_rank, a.s_best, a.due FROM {p}actions a"
    sql += " WHERE a.settings = ? AND a.kind IS NOT NULL AND a.due <= ?"
    sql += where + AGENDA_ORDER.replace("{a}", "a")
    sql += f" LIMIT {int(limit)}" if limit is not None else ""
    return sql, (key, now.timestamp(), *params)


def due_rows(
    tx: Tx, key: str, now: datetime, recruiter: str | None, limit: int | None
) -> list[str] | None:
    """The stored actions due by ``now``, in agenda order; None when some were worked out
    after ``now`` (the query is "as of" an earlier moment)."""
    if as_of(tx, key, now):
        return None
    return [row["payload"] for row in tx.rows(*due_sql(key, now, recruiter, limit))]


def answer_row(tx: Tx, key: str, rid: str) -> Any:
    return tx.one(ANSWERS + " AND a.id = ?", (key, rid))


def valid(row: Any, moment: datetime) -> bool:
    """Whether a stored answer holds at ``moment``: worked out by then, and not due again."""
    stamp = moment.timestamp()
    return bool(row["computed"] <= stamp and (row["recheck"] is None or stamp < row["recheck"]))


def sort_key(action: NextAction) -> tuple[int, int, int, float]:
    assert action.priority is not None
    return action.priority.key(action.due)


# The answers last loaded, by their JSON: the same text is the same (frozen) answer, so a
# process asked the agenda again validates only the lines that changed (50 lines were
# 0.7 ms of the agenda's 2). About 5 KB each with its JSON: 5 MB at most.
LOADED = 1024


@functools.lru_cache(maxsize=LOADED)
def load_action(payload: str) -> NextAction:
    from outreach.projections.model import NextAction

    # Parsed by pydantic itself: 7 us an answer, where orjson's dict validated after took 9
    # (the same answers: every one of the 10k store's compared, and their JSON again).
    return NextAction.model_validate_json(payload)


def load_violation(payload: str) -> Violation:
    from outreach.projections.model import Violation

    return Violation.model_validate(orjson.loads(payload))
