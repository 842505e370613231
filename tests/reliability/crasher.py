"""A process to be killed: a large import, or a catch-up of the read models.

crasher.py URL import FIRST N   import people FIRST.. FIRST+N-1 (3 events each) through
                                the engine, a line per person read; it catches up at the end
crasher.py URL raw FIRST N      the same with no catch-up (to leave work for one)
crasher.py URL catch-up         catch the read models up, in small batches
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from outreach.engine import Engine, NewRelationship
from outreach.engine.bulk import import_relationships

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
EVENTS_EACH = 3


def people(count: int, first: int = 0) -> Iterator[NewRelationship]:
    for i in range(first, first + count):
        at = NOW - timedelta(days=90, minutes=i)
        yield NewRelationship(
            handle=f"p{i:05d}",
            name=f"Person Number{i}",
            at=at,
            fields={"email": f"p{i}@example.org", "skills": ["python", f"skill{i % 7}"]},
            events=(
                ("met", at + timedelta(hours=1), {"where": "PyCon", "would_hire": i % 3 == 0}),
                ("researched", at + timedelta(hours=2), {"note": f"note {i}"}),
            ),
        )


def progress(_: int) -> None:
    print("+", flush=True)


def main(url: str, mode: str, first: int, count: int) -> None:
    import outreach.engine.view.readmodel as readmodel

    readmodel.BATCH = 40  # many small catch-up transactions: more moments to be killed at
    with Engine.open(url, recruiter="importer", clock=lambda: NOW) as engine:
        print("ready", flush=True)
        if mode == "import":
            engine.import_relationships(people(count, first), batch_size=25, progress=progress)
        elif mode == "raw":
            envelope = lambda at: engine.app._envelope(at, None)  # noqa: E731
            import_relationships(
                engine.app, people(count, first), envelope, batch_size=25, progress=progress
            )
        else:
            engine.catch_up()
    print("done", flush=True)


if __name__ == "__main__":
    first, count = (int(sys.argv[3]), int(sys.argv[4])) if len(sys.argv) > 4 else (0, 0)
    main(sys.argv[1], sys.argv[2], first, count)
