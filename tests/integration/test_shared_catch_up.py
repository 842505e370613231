"""A catch-up shared with worker processes (outreach.engine.view.crew) writes the same rows as
one in a single process, and loses nothing when a worker or the catch-up itself is killed.

Sharing starts only for a large backlog on a machine with a second core; these tests force it
on small stores (``Sharing(backlog=0, workers=...)``) with small batches, so that people's
events straddle batches and groups change in the middle of the catch-up."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from outreach.engine import Engine, NewRelationship, bulk
from outreach.engine.view import readmodel, shares
from outreach.engine.view.crew import Crew
from outreach.engine.view.sharing import Reopening, Sharing

from .tables import snapshot

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)
KEY = "q" * 43 + "="  # a master key: the rows are sealed, the workers open the events
GROUPS = ("Rust Forum", "PyData", "Gophers")
SHARER = Path(__file__).with_name("sharer.py")


@pytest.fixture(params=["sqlite", "postgres"])
def file_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store other processes can open: a SQLite file, and PostgreSQL when named."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'outreach.db'}"
    else:
        yield request.getfixturevalue("postgres_store")


def people(count: int, seed: int = 7, prefix: str = "p") -> Iterator[NewRelationship]:
    rng = random.Random(seed)
    for n in range(count):
        at = NOW - timedelta(days=rng.uniform(30, 300))
        steps: list[tuple[str, dict[str, Any]]] = [("researched", {"common_ground": ["talks"]})]
        if rng.random() < 0.4:
            steps.append(("spotted-online", {"group": rng.choice(GROUPS)}))
        steps += rng.choice(
            [
                [("emailed", {"topic": "a role"}), ("replied", {})],
                [("emailed", {"topic": "a role"}), ("declined-busy", {})],
                [("called", {}), ("met", {"where": "a meetup", "would_hire": True})],
                [("emailed", {"topic": "a role"})],
            ]
        )
        events = tuple(
            (kind, at + timedelta(days=i + 1), fields) for i, (kind, fields) in enumerate(steps)
        )
        yield NewRelationship(
            handle=f"{prefix}{n:04d}",
            name=f"Person {n}",
            at=at,
            fields={"skills": rng.sample(["python", "rust", "go", "sql"], 2)},
            events=events,
        )


def populate(engine: Engine, count: int = 240) -> None:
    """People imported, then groups watched and contributed to (their members' answers
    move), more events of people imported long before, and two people erased."""
    engine.import_relationships(people(count), batch_size=40)
    for n, group in enumerate(GROUPS[:2]):
        engine.watch_group(group, at=NOW - timedelta(days=20 + n))
        engine.contributed_to_group(group, at=NOW - timedelta(days=10 + n))
    for n in range(0, count, 9):
        engine.record(f"p{n:04d}", "emailed", at=NOW - timedelta(days=5), topic="again")
    for n in range(1, count, 23):
        engine.record(f"p{n:04d}", "spotted-online", at=NOW - timedelta(days=4), group="Gophers")
    engine.watch_group("Gophers", at=NOW - timedelta(days=3))
    engine.erase("p0007")
    engine.erase(f"p{count - 5:04d}")
    engine.record("p0003", "replied", at=NOW - timedelta(days=1))


def share(engine: Engine, workers: int = 1) -> None:
    engine.readmodel.sharing.backlog = 0
    engine.readmodel.sharing.workers = engine.readmodel.sharing.rebuild_workers = workers


def test_sharing_is_asked_for_and_needs_a_large_backlog_and_a_store_to_reopen() -> None:
    store = Reopening({}, postgres=False, master=None)
    assert Sharing(reopening=store).crew_size(10**6) == 0  # off unless asked for
    cores = len(os.sched_getaffinity(0))
    assert Sharing(reopening=store, workers=None).crew_size(10**6) == cores - 1
    assert Sharing(reopening=store, workers=None).crew_size(19_999) == 0
    assert Sharing(reopening=store, workers=2).crew_size(20_000) == 2
    assert Sharing(workers=2).crew_size(10**6) == 0  # an in-memory store: no other process
    rebuilding = Sharing(reopening=store)
    with rebuilding.rebuild():  # a rebuild shares unless told not to
        assert rebuilding.crew_size(10**6) == cores - 1
        assert rebuilding.crew_size(19_999) == 0
    assert rebuilding.crew_size(10**6) == 0  # and only while it runs


def test_no_workers_where_the_program_is_not_run_by_a_python(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A worker is ``sys.executable -m ...``: an embedding server's own binary would not run it."""
    store = Reopening({}, postgres=False, master=None)
    monkeypatch.setattr(sys, "executable", "/usr/bin/uwsgi")
    assert Sharing(reopening=store, workers=2).crew_size(10**6) == 0
    rebuilding = Sharing(reopening=store)
    with rebuilding.rebuild():
        assert rebuilding.crew_size(10**6) == 0


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readmodel, "BATCH", 97)
    monkeypatch.setattr(shares, "PAGE", 7)  # a changed group's members, in this process's shares


@pytest.mark.parametrize("sealed", [False, True], ids=["plain", "sealed"])
def test_a_shared_rebuild_writes_the_rows_of_one_in_process(
    file_store: str, sealed: bool, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if sealed:
        monkeypatch.setenv("OUTREACH_KEY", KEY)
    with Engine.open(file_store, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        engine.readmodel.sharing.workers = engine.readmodel.sharing.rebuild_workers = 0
        assert engine.rebuild() == engine.event_count()
        alone = snapshot(engine)
        for workers in (1, 2):
            share(engine, workers)
            assert engine.rebuild() == engine.event_count()
            assert snapshot(engine) == alone
    assert len(alone["relationships"]) == 238  # the erased are nowhere
    assert alone["violations"] and alone["skills"] and alone["members"]  # every kind of row
    assert {row["key"] for row in alone["groups"]} == {g.lower() for g in GROUPS}


def test_a_shared_catch_up_goes_on_from_where_the_read_models_are(
    file_store: str, small_batches: None
) -> None:
    with Engine.open(file_store, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine, 120)
        position = engine.readmodel.position()
        # A backlog left by an import whose catch-up did not run, straddling the last one's.
        more = people(300, seed=8, prefix="q")
        bulk.import_relationships(
            engine.app, more, lambda at: {"occurred_at": at or NOW, "by": "sam", "timestamp": NOW}
        )
        assert engine.readmodel.position() == position
        share(engine)
        assert engine.readmodel.catch_up(NOW) == engine.event_count() - position
        shared = snapshot(engine)
        engine.readmodel.sharing.workers = engine.readmodel.sharing.rebuild_workers = 0
        engine.rebuild()
        assert snapshot(engine) == shared
        assert len(shared["relationships"]) == 118 + 300


def test_a_worker_killed_mid_catch_up_loses_nothing(
    file_store: str, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The batch the worker was working on is done again in this process, and the rest."""
    applied = Crew.apply
    calls: list[int] = []

    def killing(self: Crew, *args: Any) -> Any:
        calls.append(1)
        if len(calls) == 3:
            self.processes[0].kill()
            self.processes[0].wait()
        return applied(self, *args)

    monkeypatch.setattr(Crew, "apply", killing)
    with Engine.open(file_store, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        engine.readmodel.sharing.workers = engine.readmodel.sharing.rebuild_workers = 0
        engine.rebuild()
        alone = snapshot(engine)
        share(engine)
        calls.clear()
        assert engine.rebuild() == engine.event_count()
        assert len(calls) == 3  # the crew ended at its third batch
        assert snapshot(engine) == alone


def test_a_shared_catch_up_killed_resumes_without_loss(file_store: str) -> None:
    """SIGKILL the catch-up's own process with its workers at work: the workers end (their
    input closes), the position is where the last committed batch put it, and the next
    catch-up (shared again) finishes with the rows of one in a single process."""
    with Engine.open(file_store, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine, 600)
        engine.readmodel.sharing.workers = engine.readmodel.sharing.rebuild_workers = 0
        engine.rebuild()
        alone = snapshot(engine)
        total = engine.event_count()
        engine.readmodel.clear()  # empty read models at the first event
    child = subprocess.Popen(
        [sys.executable, str(SHARER), file_store],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert child.stdout is not None
        workers = [int(pid) for pid in child.stdout.readline().split()]
        assert workers, "the catch-up started no worker"
        for _ in range(3):  # two batches committed, the third begun
            assert child.stdout.readline().strip() == "batch"
        # Soon: its hundred batches of 53 events take a fast machine under 0.2 s in all.
        time.sleep(random.uniform(0.0, 0.02))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    for pid in workers:  # their input closed: they end by themselves
        assert _ends(pid), f"worker {pid} outlived the catch-up"
    with Engine.open(file_store, recruiter="sam", clock=lambda: NOW) as engine:
        # Anywhere from the second batch on: killed after its last commit and before it said
        # "done" (closing the engine and its workers), it is at the end without saying so.
        assert 2 * 53 <= engine.readmodel.position() <= total
        share(engine)
        engine.catch_up()
        assert engine.readmodel.position() == total
        assert snapshot(engine) == alone


def _ends(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(")")[-1].split()[0] == "Z":
                    return True  # ended, waiting for init to reap it
        except (ProcessLookupError, FileNotFoundError):
            return True
        time.sleep(0.05)
    return False
