"""Answers read straight from the read models of an SQLite store, without opening the engine,
when there is nothing for the engine to do first: every event caught up, no stored answer due
to be worked out again, and nothing to do at opening (no file to create or make private, no
master key, no new read-model schema or playbook settings). Otherwise None: the caller opens
the engine, which does what is needed and gives the same answer.

This is most of a read command's start-up: eventsourcing, the domain's events, the policy and
cryptography are never imported here. Everything is read in one transaction, so the checks
and the answer see the same moment of the store."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from outreach.domain.values import check_handle, check_moment, normalise_handle
from outreach.engine.access import SIDE_FILES
from outreach.engine.store import parse
from outreach.engine.view.answers import (
    ANSWERED,
    ANSWERS,
    DUE,
    MAX_LIMIT,
    due_rows,
    load_action,
    settings_key,
    sort_key,
    valid,
)
from outreach.engine.view.sql import SCHEMA_VERSION, Tx
from outreach.projections.model import NextAction
from outreach.projections.settings import Playbook

T = TypeVar("T")
# As engine.privacy and engine.view.tracking name them (pinned by the tests of this module).
MASTER_ENVS = ("OUTREACH_KEY", "OUTREACH_KEY_FILE")
MASTER_ROW = "~master"
POSITION = "outreach"


def next_action(
    url: str | None, handle: str, now: datetime, settings: Playbook
) -> NextAction | None:
    """Someone's stored next action at ``now`` (the present), or None: ask the engine."""
    try:
        wanted = check_handle(normalise_handle(handle))
    except (ValueError, TypeError):
        return None  # the engine names what is wrong with the handle

    def read(tx: Tx) -> NextAction | None:
        # By the handle as the read models hold it (unsealed without a master key): the
        # relationship it names now, however the engine finds that.
        key = settings_key(settings.model_dump_json())
        row = tx.one(ANSWERS + " AND r.handle = ?", (key, wanted))
        return load_action(row["payload"]) if row is not None and valid(row, now) else None

    return _read(url, now, settings, read)


def agenda(
    url: str | None,
    now: datetime,
    settings: Playbook,
    recruiter: str | None = None,
    limit: int | None = None,
) -> list[NextAction] | None:
    """The stored agenda at ``now`` (the present), or None: ask the engine."""
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        return None

    def read(tx: Tx) -> list[NextAction] | None:
        stored = due_rows(tx, settings_key(settings.model_dump_json()), now, recruiter, limit)
        return None if stored is None else sorted(map(load_action, stored), key=sort_key)

    return _read(url, now, settings, read)


def _read(
    url: str | None, now: datetime, settings: Playbook, read: Callable[[Tx], T | None]
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


def _current(tx: Tx, now: datetime, settings: Playbook) -> bool:
    """Nothing for the engine to do before answering at ``now``: among others, the answers
    stored under these settings are complete up to the read models' position."""
    meta = {row["key"]: row["value"] for row in tx.rows("SELECT key, value FROM {p}meta")}
    if meta.get("schema") != SCHEMA_VERSION:
        return False
    key = settings_key(settings.model_dump_json())
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
