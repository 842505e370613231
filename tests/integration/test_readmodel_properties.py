"""Property: whatever was recorded, in whatever order, the read models equal a rebuild."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from outreach.domain import OutreachError
from outreach.engine import Engine

from .tables import snapshot

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)
HANDLES = ["ada", "bob", "cy"]
GROUPS = ["Rust Forum", "PyData Slack"]

EVENTS: list[tuple[str, dict[str, Any]]] = [
    ("researched", {"common_ground": ["chess"]}),
    ("emailed", {}),
    ("emailed", {"intent": "opportunity"}),
    ("called", {}),
    ("called", {"outcome": "voicemail"}),
    ("replied", {}),
    ("declined-busy", {}),
    ("declined", {}),
    ("met", {"where": "PyCon", "would_hire": True}),
    ("motivation", {"kind": "growth"}),
    ("referral-asked", {"skills": ["go"]}),
    ("spotted-online", {"group": "Rust Forum", "key_contributor": True}),
    ("spotted-online", {"group": "PyData Slack"}),
    ("opted-out", {}),
]

command = st.one_of(
    st.tuples(
        st.just("event"), st.sampled_from(HANDLES), st.sampled_from(EVENTS), st.integers(0, 400)
    ),
    st.tuples(st.just("watch"), st.sampled_from(GROUPS), st.just(None), st.integers(0, 400)),
    st.tuples(st.just("contribute"), st.sampled_from(GROUPS), st.just(None), st.integers(0, 400)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(command, max_size=25), st.integers(0, 30))
def test_incremental_read_models_equal_a_rebuild(commands: list[Any], later: int) -> None:
    clock = {"now": NOW}
    with Engine.open("memory://", recruiter="sam", clock=lambda: clock["now"]) as engine:
        for handle in HANDLES:
            engine.add(handle, name=handle.title(), skills=["python"], at=NOW - timedelta(days=500))
        for kind, target, event, days in commands:
            at = NOW - timedelta(days=days)  # backdated, in any order
            try:
                if kind == "event":
                    engine.record(target, event[0], at=at, **event[1])
                elif kind == "watch":
                    engine.watch_group(target, at=at)
                else:
                    engine.contributed_to_group(target, at=at)
            except OutreachError:
                pass  # refused (after an opt-out): nothing written
        clock["now"] = NOW + timedelta(days=later)
        engine.next_actions()
        incremental = snapshot(engine)
        engine.rebuild()
        engine.next_actions()
        assert snapshot(engine) == incremental
