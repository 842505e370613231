"""Reliability tests: soaks run on demand (-m slow, or OUTREACH_SOAK=1), and every test writes
its figures to reports/reliability.json, where RELIABILITY.md takes them from."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from outreach.engine import Engine

REPORT = Path(__file__).parents[2] / "reports" / "reliability.json"


@pytest.fixture(autouse=True)
def soak_on_demand(request: pytest.FixtureRequest) -> None:
    wanted = "slow" in (request.config.getoption("-m") or "") or os.environ.get("OUTREACH_SOAK")
    if request.node.get_closest_marker("slow") and not wanted:
        pytest.skip("a soak: run it with -m slow (or OUTREACH_SOAK=1)")


@pytest.fixture
def figures(request: pytest.FixtureRequest) -> Iterator[Callable[..., None]]:
    """Record this test's figures (commands run, kills survived, events lost ...)."""
    found: dict[str, Any] = {}

    def record(**values: Any) -> None:
        found.update(values)

    yield record
    if found:
        REPORT.parent.mkdir(exist_ok=True)
        report = json.loads(REPORT.read_text()) if REPORT.exists() else {}
        report[request.node.name] = found
        REPORT.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")


def all_events(engine: Engine) -> list[Any]:
    """Every event in the store, in recording order, through the engine's own mapper."""
    events, start = [], 1
    while batch := engine.app.recorder.select_notifications(start, 1000):
        events += [engine.app.mapper.to_domain_event(n) for n in batch]
        start = batch[-1].id + 1
    return events
