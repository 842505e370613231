"""A separate process that catches up a store's read models, sharing the work with worker
processes from the first event, in small batches (the shared catch-up's kill test). It
prints its workers' process ids once they are started, then a line as each batch begins."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Any

from outreach.engine import Engine
from outreach.engine.view import readmodel
from outreach.engine.view.crew import Crew

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)


def main(url: str) -> None:
    readmodel.BATCH = 53
    started = Crew.__init__

    def starting(self: Crew, *args: Any) -> None:
        started(self, *args)
        print(" ".join(str(p.pid) for p in self.processes), flush=True)

    applying = Crew.apply

    def applied(self: Crew, *args: Any) -> Any:
        print("batch", flush=True)  # the batches before this one are committed
        return applying(self, *args)

    Crew.__init__ = starting  # type: ignore[method-assign]
    Crew.apply = applied  # type: ignore[method-assign]
    with Engine.open(url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.readmodel.sharing.backlog = 0
        engine.readmodel.sharing.workers = 2
        engine.catch_up()
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
