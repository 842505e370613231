"""SIGKILL a large import and a catch-up at random moments, then reopen: the store opens, no
half-recorded command is visible, re-running the import completes it exactly, and the read
models catch up exactly once."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from integration.tables import snapshot
from outreach.engine import Engine

from .conftest import all_events
from .crasher import EVENTS_EACH, NOW, people

CRASHER = Path(__file__).with_name("crasher.py")
STEP, SLICE = 100, 300  # each import takes 300 people, 200 of them the last one's


def start(url: str, mode: str, first: int) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, str(CRASHER), url, mode, str(first), str(SLICE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready", child.stderr and child.stderr.read()
    return child


def kill_at_random(child: subprocess.Popen[str], rng: random.Random, mode: str) -> bool:
    """Let it work a random while (an import: a random number of people read), then SIGKILL
    it. Returns whether it was killed (it may have finished first)."""
    assert child.stdout is not None
    if mode == "catch-up":
        time.sleep(rng.uniform(0, 0.2))  # where it is killed, not a figure checked
    else:
        for _ in range(rng.randrange(SLICE)):
            if not child.stdout.readline():
                break
    child.send_signal(signal.SIGKILL)
    child.communicate(timeout=60)
    return child.returncode == -signal.SIGKILL


def whole_commands_only(engine: Engine) -> Counter[Any]:
    """Every relationship in the log has its whole import (one command, one transaction)."""
    versions: dict[Any, list[int]] = {}
    for event in all_events(engine):
        versions.setdefault(event.originator_id, []).append(event.originator_version)
    assert all(v == list(range(1, EVENTS_EACH + 1)) for v in versions.values()), versions
    return Counter(len(v) for v in versions.values())


def crash_many_times(url: str, wanted: int, figures: Any) -> None:
    """Kill children at work until ``wanted`` of them were killed (some finish first)."""
    rng = random.Random(wanted)
    kills: Counter[str] = Counter()
    with Engine.open(url, recruiter="check", clock=lambda: NOW):
        pass  # the store exists before the first child races to make it
    rounds = 0
    while sum(kills.values()) < wanted:
        assert rounds < 3 * wanted, f"the children kept finishing before the kill: {kills}"
        # Imports with their own catch-up, imports leaving work behind, and catch-ups.
        n, rounds = rounds, rounds + 1
        mode = ("import", "raw", "catch-up")[n % 3]
        if kill_at_random(start(url, mode, STEP * n), rng, mode):
            kills[mode] += 1
        with Engine.open(url, recruiter="check", clock=lambda: NOW) as engine:
            whole_commands_only(engine)  # reopened without a catch-up of its own

    total = STEP * (rounds - 1) + SLICE
    with Engine.open(url, recruiter="check", clock=lambda: NOW) as engine:
        before = engine.event_count()
        report = engine.import_relationships(people(total), batch_size=25)
        assert report.failed == []
        assert len(report.added) + len(report.skipped) == total
        assert len(report.added) == total - before // EVENTS_EACH
        assert whole_commands_only(engine) == {EVENTS_EACH: total}
        assert engine.event_count() == total * EVENTS_EACH
        assert sorted(engine.handles()) == [f"p{i:05d}" for i in range(total)]
        incremental = snapshot(engine)
        assert {r["version"] for r in incremental["relationships"]} == {EVENTS_EACH}
        assert engine.readmodel.position() == engine.app.recorder.max_notification_id()
        engine.rebuild()
        assert snapshot(engine) == incremental
        again = engine.import_relationships(people(total), batch_size=25)
        assert (again.added, len(again.skipped)) == ([], total)
    figures(
        rounds=rounds,
        kills_survived=sum(kills.values()),
        **{f"killed_{mode}": k for mode, k in kills.items()},
        people=total,
        imported_before_the_last_run=before // EVENTS_EACH,
        events=total * EVENTS_EACH,
        events_lost=0,
        half_recorded_seen=0,
    )


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_killed_imports_and_catch_ups_lose_and_double_nothing(
    kind: str, sqlite_url: str, request: pytest.FixtureRequest, figures: Any
) -> None:
    url = sqlite_url if kind == "sqlite" else request.getfixturevalue("postgres_store")
    crash_many_times(url, 20, figures)


@pytest.mark.slow
def test_soak_killed_100_times(sqlite_url: str, figures: Any) -> None:
    crash_many_times(sqlite_url, 100, figures)
