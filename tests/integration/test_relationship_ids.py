"""A new relationship's id: random, never from the handle, and ordered by the time it was
made (a version 7 UUID); relationships with the ids of earlier versions keep working."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from outreach.domain import relationship as aggregates
from outreach.domain.relationship import Relationship, new_id
from outreach.domain.values import relationship_id
from outreach.engine import Engine, NewRelationship

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)


def added(handle: str) -> Relationship:
    return Relationship.add(handle, name="Ada", occurred_at=NOW, by="sam", timestamp=NOW)


def test_ids_are_version_7_uuids_made_now() -> None:
    before = time.time_ns() // 1_000_000
    rid = new_id()
    after = time.time_ns() // 1_000_000
    assert (rid.version, rid.variant) == (7, uuid.RFC_4122)
    assert before <= rid.int >> 80 <= after


def test_the_same_handle_added_twice_gets_two_ids_neither_from_the_handle() -> None:
    first, second = added("ada-lovelace"), added("ada-lovelace")
    assert first.id != second.id
    assert relationship_id("ada-lovelace") not in (first.id, second.id)


def test_ids_made_in_one_millisecond_are_unique_by_their_random_bits() -> None:
    ids = [new_id() for _ in range(20_000)]
    assert len(set(ids)) == len(ids)
    by_millisecond: dict[int, list[UUID]] = {}
    for rid in ids:
        by_millisecond.setdefault(rid.int >> 80, []).append(rid)
    crowded = max(by_millisecond.values(), key=len)
    assert len(crowded) > 1  # thousands a millisecond here: the time alone does not tell them
    random_parts = {rid.int & ((1 << 76) - 1) for rid in crowded}
    assert len(random_parts) == len(crowded)


def test_ids_made_later_sort_after_earlier_ones() -> None:
    earlier = new_id()
    time.sleep(0.003)
    assert new_id().hex > earlier.hex  # as stored: the hex text the indexes sort


def test_relationships_with_random_version_4_ids_keep_working(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stores written before ids were time-ordered hold version 4 ids: found, listed, added
    to and imported over beside new ones."""

    def person(n: int) -> NewRelationship:
        return NewRelationship(handle=f"p{n}", name=f"Person {n}", at=NOW - timedelta(days=9))

    with monkeypatch.context() as old_version:
        old_version.setattr(aggregates, "new_id", uuid.uuid4)
        with Engine.open(sqlite_url, clock=lambda: NOW) as engine:
            engine.import_relationships([person(n) for n in range(3)])
    with Engine.open(sqlite_url, clock=lambda: NOW) as engine:
        assert engine.app.id_of("p1").version == 4
        report = engine.import_relationships([person(n) for n in range(5)])
        assert (report.added, report.skipped) == (["p3", "p4"], ["p0", "p1", "p2"])
        assert engine.app.id_of("p4").version == 7
        engine.record("p1", "researched", at=NOW - timedelta(days=1))
        assert [e.KIND for e in engine.history("p1")] == ["added", "researched"]
        assert sorted(engine.handles()) == [f"p{n}" for n in range(5)]
        assert {a.handle for a in engine.agenda(now=NOW)} == {f"p{n}" for n in range(5)}
