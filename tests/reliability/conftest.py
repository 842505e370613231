"""Reliability tests: soaks run on demand (-m slow, or OUTREACH_SOAK=1), and every test writes
its figures to reports/reliability.json, where RELIABILITY.md takes them from."""

from __future__ import annotations

import os
from typing import Any

import pytest
from outreach.engine import Engine


@pytest.fixture(autouse=True)
def soak_on_demand(request: pytest.FixtureRequest) -> None:
    wanted = "slow" in (request.config.getoption("-m") or "") or os.environ.get("OUTREACH_SOAK")
    if request.node.get_closest_marker("slow") and not wanted:
        pytest.skip("a soak: run it with -m slow (or OUTREACH_SOAK=1)")


def all_events(engine: Engine) -> list[Any]:
    """Every event in the store, in recording order, through the engine's own mapper."""
    events, start = [], 1
    while batch := engine.app.recorder.select_notifications(start, 1000):
        events += [engine.app.mapper.to_domain_event(n) for n in batch]
        start = batch[-1].id + 1
    return events
