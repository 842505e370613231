"""The insight figures are the same on every kind of store: in memory, a SQLite file and a
PostgreSQL schema (the erased are found in each one's own event table)."""

from __future__ import annotations

from outreach.engine import Engine
from outreach.engine.insight import pipeline_stats, proposed, what_if

from .known import NOW, fill


def test_stats_and_whatif_on_every_store(store_url: str) -> None:
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        fill(engine)
        found = pipeline_stats(engine)
        changed = what_if(engine, proposed(engine.settings, ["call_after_email=1"]), workers=1)
    assert (found.people, found.erased) == (67, 1)
    networking = next(r for r in found.first_touch if r.kind == "networking email")
    assert (networking.count, networking.hits) == (40, 12)
    assert [s.people for s in found.funnel] == [67, 67, 67, 16, 13, 4, 2, 1]
    assert len(changed.actions) == 41 and changed.people == 66
