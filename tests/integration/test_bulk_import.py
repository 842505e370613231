"""The bulk import: batched saves, idempotent by handle, whatever is in the store already."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from outreach.engine import Engine, NewRelationship

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)


def person(n: int) -> NewRelationship:
    return NewRelationship(
        handle=f"p{n}",
        name=f"Person {n}",
        at=NOW - timedelta(days=100),
        fields={"skills": ["python"]},
        events=(("researched", NOW - timedelta(days=90), {}),),
    )


def test_importing_twice_adds_nothing_the_second_time(store_url: str) -> None:
    with Engine.open(store_url, clock=lambda: NOW) as engine:
        first = engine.import_relationships([person(n) for n in range(7)], batch_size=3)
        again = engine.import_relationships([person(n) for n in range(7)], batch_size=3)
        assert (len(first.added), first.events) == (7, 14)
        assert (again.added, again.skipped, again.events) == ([], [f"p{n}" for n in range(7)], 0)
        assert engine.event_count() == 14


def test_a_report_without_handles_counts_what_a_listing_report_lists(store_url: str) -> None:
    """``outreach import`` asks for counts only (a file of a million rows would otherwise
    hold every handle): they are the lengths of the lists an embedding caller gets."""
    with Engine.open(store_url, clock=lambda: NOW) as engine:
        engine.import_relationships([person(n) for n in (1, 3, 11, 13)])
        people = [person(n) for n in (*range(5), 0)]
        counted = engine.import_relationships(people, batch_size=2, keep_handles=False)
        assert (counted.added, counted.skipped) == ([], [])
        assert (counted.people_added, counted.people_skipped, counted.events) == (3, 3, 6)
        people = [person(n) for n in (*range(10, 15), 10)]
        listed = engine.import_relationships(people, batch_size=2)
        assert (listed.people_added, listed.people_skipped, listed.events) == (3, 3, 6)
        assert (listed.added, listed.skipped) == (["p10", "p12", "p14"], ["p11", "p13", "p10"])


def test_a_batch_with_some_people_in_the_store_adds_the_others(store_url: str) -> None:
    with Engine.open(store_url, clock=lambda: NOW) as engine:
        engine.import_relationships([person(n) for n in (1, 3)])
        report = engine.import_relationships([person(n) for n in range(5)], batch_size=5)
        assert report.added == ["p0", "p2", "p4"]
        assert report.skipped == ["p1", "p3"]
        assert report.events == 6
        assert sorted(engine.handles()) == [f"p{n}" for n in range(5)]


def test_an_erased_handle_imported_again_is_a_new_relationship(sqlite_url: str) -> None:
    """Since issue 11 nothing leads from a handle to the erased: their handle can be added
    again, by an import as by ``add``, as someone new (their old events stay sealed away)."""
    with Engine.open(sqlite_url, clock=lambda: NOW) as engine:
        engine.import_relationships([person(n) for n in range(3)])
        old = engine.app.id_of("p1")
        engine.erase("p1")
        report = engine.import_relationships([person(n) for n in range(4)])
        assert (report.added, report.skipped) == (["p1", "p3"], ["p0", "p2"])
        assert sorted(engine.handles()) == ["p0", "p1", "p2", "p3"]
        assert engine.app.id_of("p1") != old


def test_a_large_import_keeps_a_bounded_number_of_data_keys_in_memory(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Memory stays flat on a file of a million rows (issue 14, finding 7): the process keeps
    at most MAX_CACHED data keys (a million of them held about 150 MB)."""
    from outreach.engine import privacy

    monkeypatch.setattr(privacy, "MAX_CACHED", 700)
    with Engine.open(sqlite_url, clock=lambda: NOW) as engine:
        report = engine.import_relationships([person(n) for n in range(1600)], batch_size=500)
        assert len(report.added) == 1600
        assert len(engine.privacy._keys) <= 700
        assert engine.next_action("p3").handle == "p3"  # a key dropped is read again
        assert len(engine.handles()) == 1600
