"""A query at the present reads its answer in the statement that checks there is nothing to do
first (engine.view.reading's ``current``), and otherwise catches up and refreshes as always:
the answers are those of the full way, whichever way was taken."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from outreach.engine import Engine, NewRelationship
from outreach.engine.bulk import import_relationships

from .test_readmodels import pipeline

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)


def full_way(engine: Engine, handles: list[str]) -> tuple[list[object], list[object]]:
    """The answers at the engine's present, asked with ``now``: caught up, refreshed, read."""
    at = engine.clock()
    actions = [engine.queries.next_action(h, now=at) for h in handles]
    return actions, list(engine.queries.agenda(now=at, limit=50))


def test_the_one_statement_read_gives_the_full_way_s_answers(store_url: str) -> None:
    with Engine.open(store_url, clock=lambda: NOW) as engine:
        pipeline(engine)
        handles = ["ada", "bob", "cy"]
        engine.agenda()  # caught up and refreshed: the next reads take the short way
        assert engine.readmodel.current_agenda(NOW, None, 50) is not None
        short = [engine.next_action(h) for h in handles], engine.agenda(limit=50)
        assert short == full_way(engine, handles)
        assert [a.handle for a in engine.agenda(recruiter="nobody")] == []


def test_events_not_caught_up_are_caught_up_first(store_url: str) -> None:
    with Engine.open(store_url, clock=lambda: NOW) as engine:
        pipeline(engine)
        engine.agenda()
        # Saved with no read-model rows (as another process's import leaves them).
        people = [NewRelationship("dee", "Dee", at=NOW - timedelta(days=3))]
        import_relationships(engine.app, people, lambda at: engine.app._envelope(at, None))
        assert engine.readmodel.current_agenda(NOW, None, 50) is None  # behind: the full way
        assert engine.next_action("dee").kind == "research"
        assert "dee" in [a.handle for a in engine.agenda()]
        assert engine.readmodel.current_agenda(NOW, None, 50) is not None


def test_answers_due_again_or_worked_out_later_take_the_full_way(store_url: str) -> None:
    clock = {"now": NOW}
    with Engine.open(store_url, clock=lambda: clock["now"]) as engine:
        pipeline(engine)
        engine.agenda()
        # Two years on, every answer is due to be worked out again.
        clock["now"] = NOW + timedelta(days=730)
        assert engine.readmodel.current_agenda(clock["now"], None, 50) is None
        later = engine.agenda(), engine.next_action("ada")
        assert later == (full_way(engine, ["ada"])[1], full_way(engine, ["ada"])[0][0])
        # The clock set back: the answers were worked out after the moment asked about.
        clock["now"] = NOW
        assert engine.readmodel.current_agenda(NOW, None, 50) is None
        assert engine.agenda() == engine.agenda(now=NOW)
        assert engine.next_action("ada") == engine.next_action("ada", now=NOW)


def test_another_processes_settings_leave_these_answers_to_be_completed(store_url: str) -> None:
    if store_url == "memory://":
        pytest.skip("a memory store is one engine's: no other opens it")
    from outreach.projections.settings import Playbook

    with Engine.open(store_url, clock=lambda: NOW) as engine:
        pipeline(engine)
        before = engine.next_action("ada")
        with Engine.open(
            store_url, clock=lambda: NOW, settings=Playbook(busy_follow_up=5)
        ) as other:
            other.record("ada", "replied", at=NOW - timedelta(days=1))
            theirs = other.next_action("ada")
        # The position moved past this settings' answers: completed before reading.
        assert engine.readmodel.current_agenda(NOW, None, 50) is None
        mine = engine.next_action("ada")
        assert mine != before and mine.kind == theirs.kind
        assert mine == engine.next_action("ada", now=NOW)
