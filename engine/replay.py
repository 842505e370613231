"""Replaying a whole store for ``whatif`` on every core: the stored histories are split among
forked worker processes, each loads and compares its share, and the parent merges the answers.

Each relationship is worked out twice (under the settings in force and the proposed ones), and
reading a history back costs as much again: at 10,000 people that is seconds of CPU, which
several cores divide. Forking lets the workers inherit the rows without copying them through
pipes; only the differences come back. Small stores, and systems that cannot fork, replay in
the process itself.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from outreach.projections.model import GroupActivity
from outreach.projections.pipeline import Person, Pipeline
from outreach.projections.settings import Playbook
from outreach.projections.state import load_history
from outreach.projections.whatif import Comparison, compare, merge

PARALLEL_FROM = 2000  # people: below this, starting processes costs more than it saves
Row = tuple[str, str, str]  # id, handle, stored history
_SHARED: tuple[Sequence[Sequence[Row]], Mapping[str, GroupActivity], Playbook, Playbook,
               datetime] | None = None  # fmt: skip


def workers_for(people: int) -> int:
    if people < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def replay(
    rows: Sequence[Row],
    groups: Mapping[str, GroupActivity],
    before: Playbook,
    after: Playbook,
    now: datetime,
    workers: int | None = None,
) -> Comparison:
    """``compare`` over the stored rows, on ``workers`` processes (by default, one per core
    for a large store)."""
    count = workers_for(len(rows)) if workers is None else workers
    if count <= 1:
        return _compare(rows, groups, before, after, now)
    global _SHARED
    _SHARED = ([rows[k::count] for k in range(count)], groups, before, after, now)
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            parts = pool.map(_work, range(count))
    finally:
        _SHARED = None
    return merge(parts, before, after, now)


def _work(k: int) -> Comparison:
    assert _SHARED is not None, "a worker forked from replay() inherits its share"
    chunks, groups, before, after, now = _SHARED
    return _compare(chunks[k], groups, before, after, now)


def _compare(
    rows: Sequence[Row], groups: Mapping[str, Any], before: Playbook, after: Playbook,
    now: datetime,
) -> Comparison:  # fmt: skip
    people = [Person(handle, load_history(state, UUID(rid))) for rid, handle, state in rows]
    return compare(Pipeline(people=people, groups=groups), before, after, now)
