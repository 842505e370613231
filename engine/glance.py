"""Answers read straight from the read models of an SQLite store, without opening the engine,
when there is nothing for the engine to do first: every event caught up, no stored answer due
to be worked out again, and nothing to do at opening (no file to create or make private, no
master key, no new read-model schema or playbook settings). Otherwise None: the caller opens
the engine, which does what is needed and gives the same answer.

This is most of a read command's start-up: eventsourcing, the domain's events, the policy,
cryptography and pydantic are never imported here. The stored answers are read as plain values
(``StoredAction``: the fields of ``NextAction``, read from the same JSON), and the settings are
compared as figures. Everything is read in one transaction, so the checks and the answer see the
same moment of the store."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

from outreach.domain.checks import check_moment, good_handle
from outreach.engine.access import SIDE_FILES
from outreach.engine.store import parse
from outreach.engine.view.answers import (
    ANSWERED,
    ANSWERS,
    DUE,
    MAX_LIMIT,
    due_rows,
    settings_key,
    valid,
)
from outreach.engine.view.schema import SCHEMA_VERSION
from outreach.engine.view.sql import Tx
from outreach.projections.settings_file import settings_json

if TYPE_CHECKING:
    from outreach.projections.model import NextAction
    from outreach.projections.settings import Playbook

T = TypeVar("T")
# As engine.privacy and engine.view.sql name them (pinned by the tests of this module).
MASTER_ENVS = ("OUTREACH_KEY", "OUTREACH_KEY_FILE")
MASTER_ROW = "~master"
POSITION = "outreach"


@dataclass(frozen=True)
class StoredEvidence:
    """``Evidence``, as stored."""

    version: int
    kind: str
    occurred_at: datetime
    by: str


@dataclass(frozen=True)
class StoredPriority:
    """``Priority``, as stored: the parts of an action's rank in the agenda."""

    agreed: bool
    kind_rank: int
    would_hire: bool
    key_contributor: bool


@dataclass(frozen=True)
class StoredAction:
    """``NextAction``, as stored: the same fields, the kind as its word."""

    handle: str
    kind: str | None
    text: str
    due: datetime | None
    rule: str
    rules: tuple[str, ...]
    because: str
    line: str
    evidence: tuple[StoredEvidence, ...]
    priority: StoredPriority | None
    recheck_at: datetime | None
    snoozed_until: datetime | None = None


def stored_action(payload: str | bytes) -> StoredAction:
    """A next action from its stored JSON (``NextAction``'s). A ValueError if it is not that
    shape (an answer stored by another version): the engine reads it then."""
    fields = json.loads(payload)
    if not isinstance(fields, dict) or not fields.keys() <= _ACTION_FIELDS:
        raise ValueError("not a stored next action")
    priority = fields["priority"]
    return StoredAction(
        handle=fields["handle"],
        kind=fields["kind"],
        text=fields["text"],
        due=_moment(fields["due"]),
        rule=fields["rule"],
        rules=tuple(fields["rules"]),
        because=fields["because"],
        line=fields["line"],
        evidence=tuple(
            StoredEvidence(**{**e, "occurred_at": datetime.fromisoformat(e["occurred_at"])})
            for e in fields["evidence"]
        ),
        priority=None if priority is None else StoredPriority(**priority),
        recheck_at=_moment(fields["recheck_at"]),
        snoozed_until=_moment(fields.get("snoozed_until")),
    )


_ACTION_FIELDS = frozenset(StoredAction.__dataclass_fields__)


def as_stored(action: NextAction) -> StoredAction:
    """The engine's answer as this module reads it from the store."""
    return stored_action(action.model_dump_json())


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


if TYPE_CHECKING:
    Settings = Playbook | Mapping[str, Any]  # the model, or its figures (its model_dump)


def next_action(
    url: str | None, handle: str, now: datetime, settings: Settings
) -> StoredAction | None:
    """Someone's stored next action at ``now`` (the present), or None: ask the engine."""
    wanted = good_handle(handle)
    if wanted is None:
        return None  # the engine names what is wrong with the handle

    def read(tx: Tx) -> StoredAction | None:
        # By the handle as the read models hold it (unsealed without a master key): the
        # relationship it names now, however the engine finds that.
        row = tx.one(ANSWERS + " AND r.handle = ?", (_key(settings), wanted))
        return (
            _shown(stored_action, row["payload"]) if row is not None and valid(row, now) else None
        )

    return _read(url, now, settings, read)


def agenda(
    url: str | None,
    now: datetime,
    settings: Settings,
    recruiter: str | None = None,
    limit: int | None = None,
) -> list[StoredAction] | None:
    """The stored agenda at ``now`` (the present), or None: ask the engine."""
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        return None

    def read(tx: Tx) -> list[StoredAction] | None:
        # In the agenda's order already: the rows are sorted on the parts of Priority.key.
        stored = due_rows(tx, _key(settings), now, recruiter, limit)
        return (
            None if stored is None else _shown(lambda rows: list(map(stored_action, rows)), stored)
        )

    return _read(url, now, settings, read)


def _key(settings: Settings) -> str:
    """The key the answers worked out with these settings are stored under."""
    if isinstance(settings, Mapping):
        return settings_key(settings_json(settings))
    return settings_key(settings.model_dump_json())


def _shown(read: Callable[[Any], T], payload: Any) -> T | None:
    """What the stored answers say; None (ask the engine) if one is of a shape not known here."""
    try:
        return read(payload)
    except (KeyError, TypeError, ValueError):
        return None


def _read(
    url: str | None, now: datetime, settings: Settings, read: Callable[[Tx], T | None]
) -> T | None:
    if any(os.environ.get(name, "").strip() for name in MASTER_ENVS):
        return None
    try:
        check_moment(now)
        store = parse(url)
    except Exception:  # the engine says what is wrong with the moment or the URL
        return None
    if store.kind != "sqlite" or store.path is None or not _private(store.path):
        return None
    try:
        # mode=rw: never create a file (the engine does, private).
        uri = f"file:{quote(str(store.path))}?mode=rw"
        connection = sqlite3.connect(uri, uri=True, timeout=10, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        connection.row_factory = sqlite3.Row
        cursor = connection.cursor()
        if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            return None
        cursor.execute("BEGIN")
        tx = Tx(cursor, "outreach_", postgres=False)
        return read(tx) if _current(tx, now, settings) else None
    except sqlite3.Error:
        return None  # a table missing (a store being made), or a locked file
    finally:
        connection.close()


def _private(path: Path) -> bool:
    """The file exists, and none of its files can be read by others (else the engine makes
    them private first)."""
    for suffix in SIDE_FILES:
        try:
            mode = stat.S_IMODE(os.stat(f"{path}{suffix}").st_mode)
        except FileNotFoundError:
            if not suffix:
                return False
            continue
        except OSError:
            return False
        if mode & 0o077:
            return False
    return True


def _current(tx: Tx, now: datetime, settings: Settings) -> bool:
    """Nothing for the engine to do before answering at ``now``: among others, the answers
    stored under these settings are complete up to the read models' position."""
    meta = {row["key"]: row["value"] for row in tx.rows("SELECT key, value FROM {p}meta")}
    if meta.get("schema") != SCHEMA_VERSION:
        return False
    key = _key(settings)
    answered = tx.one(ANSWERED, (key,))
    if tx.one("SELECT 1 AS n FROM {p}keys WHERE id = ?", (MASTER_ROW,)) is not None:
        return False
    position = tx.one(
        "SELECT notification_id AS n FROM tracking WHERE application_name = ?", (POSITION,)
    )
    last = tx.one("SELECT MAX(rowid) AS n FROM stored_events")
    if position is None or position["n"] != (last["n"] or 0):
        return False
    if answered is None or answered["position"] != position["n"]:
        return False
    stamp = now.timestamp()
    return not tx.rows(DUE.replace("{state}", ""), (key, stamp, stamp, 1))
