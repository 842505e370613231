"""The rows of one share of a catch-up batch: the events of some relationships decoded, their
stored histories read and merged, their answers worked out and their rows made ready to write.

The same work runs in the catch-up's own process (``outreach.engine.view.readmodel``) and in
its workers (``outreach.engine.view.crew``): a share is every event of the relationships it
holds, so that a relationship's rows are worked out in one place."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from uuid import UUID

from outreach.domain.events import Added, Erased, Event
from outreach.engine.view.groups import groups_of
from outreach.engine.view.notes import Note, histories, uuid_of
from outreach.engine.view.sql import Tx
from outreach.engine.view.writes import Writes
from outreach.projections.model import GroupActivity, NextAction, Violation
from outreach.projections.state import merge, profile, valid_until

Answer = Callable[
    [str, Sequence[Event], dict[str, GroupActivity], datetime], tuple[NextAction, list[Violation]]
]


YOUNG = 10_000  # objects made between the collector's looks at the youngest, in a catch-up


@contextmanager
def fewer_collections() -> Iterator[None]:
    """The garbage collector looks at new objects every ``YOUNG`` made, not 700, while a
    catch-up runs: a batch makes and drops hundreds of thousands of events and answers (freed
    as they go: they hold no cycles), and at 700 the collector's passes over them, and over
    every object the process holds now and then, were 6 % of a 10k rebuild's CPU (0.66 s, a
    tenth of it at 10,000; peak memory the same). Put back after, unless changed meanwhile."""
    before = gc.get_threshold()
    if before[0] >= YOUNG:
        yield
        return
    gc.set_threshold(YOUNG, *before[1:])
    try:
        yield
    finally:
        if gc.get_threshold()[0] == YOUNG:
            gc.set_threshold(*before)


def collect_less() -> None:
    """``fewer_collections`` for the rest of a process that only catches up (a worker)."""
    gc.set_threshold(YOUNG, *gc.get_threshold()[1:])


def decode(mapper: Any, notes: Sequence[Note]) -> dict[str, list[Event]]:
    """The events of these notifications by relationship (hex id), an erased person's left
    out but for the erasure itself."""
    new: dict[str, list[Event]] = {}
    ids: dict[str, UUID] = {}
    for _, hid, version, topic, state in notes:
        event = mapper.read(hid, uuid_of(hid, ids), version, topic, state)
        if event is not None:
            new.setdefault(hid, []).append(event)
    return new


PAGE = 100  # a changed group's members worked out (and, in a writing share, written) at a time


def share_rows(
    tx: Tx,
    key: str,
    answer: Answer,
    new: dict[str, list[Event]],
    others: Sequence[str],
    activity: dict[str, GroupActivity],
    now: datetime,
    position: int,
    *,
    flush: Callable[[Writes], None] | None = None,
    stream: int = 0,
) -> Writes:
    """The rows of a share: the relationships of its ``new`` events (by hex id, decoded) and
    ``others`` (members of groups whose activity the batch changed), given the batch's group
    ``activity``. With ``flush``, the rows so far are handed to it before each page of members
    (written, in a transaction that writes; sent, by a worker), and with ``stream`` also
    after every ``stream`` relationships of ``new``, and those left are returned; else all
    are returned."""
    held: set[str] = set()
    found = histories(tx, sorted(new), held)
    for rid, events in new.items():
        found[rid] = merge(found.get(rid, []), events)
    writes = Writes(key)
    cache = dict(activity)
    # Rows are written only by a catch-up (or a command's own write, which moves the position
    # too), in a transaction that moves the position as this one's writes will, and an
    # erasure only deletes: those with no row found here have none when their rows are
    # written, and nothing to delete first.
    fresh = set(new) - held
    if flush is None or not stream or len(found) <= stream:
        work_out(tx, writes, answer, found, now, cache, position, fresh=fresh)
    else:  # a shared catch-up's: its rows go out as they are worked out (worker.STREAM)
        rids = list(found)
        for start in range(0, len(rids), stream):
            if start:
                flush(writes)
                writes = Writes(key)
            page = {rid: found[rid] for rid in rids[start : start + stream]}
            work_out(tx, writes, answer, page, now, cache, position, fresh=fresh)
    # A group's members a page at a time: all of a large group's histories (and rows) held
    # at once made a rebuild's peak memory grow with the store. Their histories are as their
    # rows hold them: only the rows' position moves (writing each row anew, its history
    # dumped again, and its skills and recruiters, was most of the work of such a batch).
    members = sorted(set(others) - set(new))
    for start in range(0, len(members), PAGE):
        if flush is not None:
            flush(writes)
            writes = Writes(key)
        page = histories(tx, members[start : start + PAGE])
        work_out(tx, writes, answer, page, now, cache, position, whole=False)
    return writes


def work_out(
    tx: Tx,
    writes: Writes,
    answer: Answer,
    histories: dict[str, list[Event]],
    now: datetime,
    cache: dict[str, GroupActivity],
    position: int | None = None,
    *,
    whole: bool = True,
    fresh: set[str] | frozenset[str] = frozenset(),
) -> None:
    """Work out these relationships' answers into ``writes``; with ``position`` (their events
    were caught up at it), their relationship rows too: written anew if ``whole``, else (the
    histories are as their rows hold them) only moved to ``position``. ``fresh``: those known
    to have no rows yet."""
    for rid, history in histories.items():
        if not history:
            continue
        if Erased in set(map(type, history)) or type(history[0]) is not Added:
            # Erased, or being erased: the key goes first, and a stored history sealed
            # with it reads as gone (only the events after it remain).
            writes.purge(rid)
            continue
        facts = profile(history)
        handle = handle_of(history)
        groups = groups_of(tx, facts["groups"], cache) if facts["groups"] else {}
        new = rid in fresh
        if position is not None and whole:
            writes.relationship(tx, rid, handle, facts, history, position, fresh=new)
        elif position is not None:
            writes.moved.append((position, rid))
        action, violations = answer(handle, history, groups, now)
        until = valid_until(action, history, now)
        recruiters = facts["recruiters"]
        writes.answers(tx, rid, handle, action, violations, until, now, recruiters, fresh=new)


def handle_of(history: Sequence[Event]) -> str:
    for event in history:
        handle = getattr(event, "handle", None)
        if handle:
            return str(handle)
    raise ValueError("a relationship's history has no 'added' event")
