"""A separate process that records events: used by the durability tests."""

from __future__ import annotations

import contextlib
import sys
from datetime import UTC, datetime, timedelta

from outreach.domain import HandleTaken
from outreach.engine import Engine


def main(url: str, me: str, count: int) -> None:
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with Engine.open(url, recruiter=me) as engine:
        for handle in (me, "shared"):
            with contextlib.suppress(HandleTaken):  # the other writer added it first
                engine.add(handle, name=handle.title(), at=start)
        for n in range(count):
            # Half on the writer's own relationship, half on one both writers share.
            handle = me if n % 2 else "shared"
            engine.record(handle, "emailed", at=start + timedelta(minutes=n), topic=f"{me}-{n}")
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
