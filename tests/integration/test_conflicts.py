"""On PostgreSQL, a save that conflicts with what is in the store (a handle taken) fails at
once as the conflict it is: never as "pipeline aborted", which the library retries ten times,
0.2 s apart, and which could end a whole import with "prepared statement does not exist" (seen
in the killed-imports reliability test, about one run in three under load)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from outreach.engine import Engine, NewRelationship

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)
ROUNDS = 20  # before the fix, about one conflict in three was retried


def person(n: int) -> NewRelationship:
    return NewRelationship(
        handle=f"p{n:03d}", name=f"Person {n}", at=NOW - timedelta(days=100), fields={}
    )


@pytest.fixture
def engine(postgres_store: str) -> Iterator[Engine]:
    with Engine.open(postgres_store, recruiter="sam", clock=lambda: NOW) as opened:
        yield opened


def count_attempts(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the recorder began writing a save's rows (once per attempt)."""
    recorder: Any = engine.app.recorder
    attempts = [0]
    begin = recorder._insert_events

    def counted(*args: Any, **kwargs: Any) -> Any:
        attempts[0] += 1
        return begin(*args, **kwargs)

    monkeypatch.setattr(recorder, "_insert_events", counted)
    return attempts


def test_a_batch_with_a_taken_handle_fails_once_as_a_conflict(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine.import_relationships([person(n) for n in range(0, 2 * ROUNDS, 2)])
    attempts = count_attempts(engine, monkeypatch)
    for n in range(ROUNDS):
        before = attempts[0]
        # p(2n) is in the store, p(2n+1) is not: the batch conflicts, then p(2n+1) is saved.
        report = engine.import_relationships([person(2 * n), person(2 * n + 1)])
        assert (report.added, report.skipped) == ([f"p{2 * n + 1:03d}"], [f"p{2 * n:03d}"])
        assert attempts[0] - before == 2, "the conflicting batch was tried more than once"
    assert len(engine.handles()) == 2 * ROUNDS
