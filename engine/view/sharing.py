"""When a catch-up shares its work with worker processes (outreach.engine.view.crew), and
what a worker needs to open the store again."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reopening:
    """What a worker needs to open the store again: eventsourcing's settings for it, whether
    it is PostgreSQL, and the master key its data keys are wrapped with (if any)."""

    env: dict[str, str]
    postgres: bool
    master: bytes | None


@dataclass
class Sharing:
    """When a catch-up shares its work: from ``backlog`` events not caught up, with up to
    ``workers`` worker processes, or ``rebuild_workers`` for a rebuild (None: one fewer than
    the usable cores; 0: never; tests set ``backlog=0``). A rebuild shares unless told not to:
    on an idle 2-core machine one worker made a 100k rebuild 26.0 s against 33.6 s alone, for
    ~15 % more CPU, the peaks summed 137 MB at 10k people and 154 at 100k (alone 72 and 78);
    other catch-ups (a query's, an import's) stay in one process unless asked (RESULTS.md,
    session 9). Never where the program is not run by a Python (uwsgi, say): a worker is
    ``sys.executable -m outreach.engine.view.worker``."""

    backlog: int = 20_000
    workers: int | None = 0
    rebuild_workers: int | None = None
    own: int = 10  # of SLOTS: the share of the first batch this process works out itself
    reopening: Reopening | None = field(default=None, repr=False)
    rebuilding: bool = False

    def crew_size(self, backlog: int) -> int:
        python = os.path.basename(sys.executable or "").lower().startswith(("python", "pypy"))
        if self.reopening is None or backlog < self.backlog or not python:
            return 0
        asked = self.rebuild_workers if self.rebuilding else self.workers
        return max(0, len(os.sched_getaffinity(0)) - 1) if asked is None else asked

    @contextlib.contextmanager
    def rebuild(self) -> Iterator[None]:
        """While a rebuild catches up: its own number of workers."""
        self.rebuilding = True
        try:
            yield
        finally:
            self.rebuilding = False
