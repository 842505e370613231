"""An erasure is done whole or not at all, and its physical clean-up is finished or said to be
pending (issue 14, findings 4 and 5)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from outreach.domain import UnknownHandle
from outreach.engine import Engine, erasure

from tests.cli.helpers import Outreach

from .people import ADA_SECRETS, NOW, found, populate, store_bytes

HOLD_A_READ = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN")
connection.execute("SELECT COUNT(*) FROM stored_events").fetchone()
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
connection.execute("COMMIT")
"""
# Dies (SIGKILL) inside the erasure: right after its key is deleted, or at a random moment.
ERASE_AND_DIE = """
import os, signal, sys
from outreach.engine import Engine
from outreach.engine.privacy import Privacy
if sys.argv[3] == "after the key":
    name = "shred_in" if hasattr(Privacy, "shred_in") else "shred"  # 0.1 had shred
    original = getattr(Privacy, name)
    def shred_and_die(*args, **kwargs):
        original(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
    setattr(Privacy, name, shred_and_die)
with Engine.open(sys.argv[1], recruiter="sam") as engine:
    print("erasing", flush=True)
    engine.erase(sys.argv[2])
print("erased", flush=True)
"""


def reader(path: Path, seconds: float) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD_A_READ, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "holding"
    return child


def stored_key(engine: Engine, handle: str) -> str:
    with engine.readmodel.db.transaction(commit=False) as tx:
        row = tx.one("SELECT key FROM {p}keys WHERE id = ?", (engine.app.id_of(handle).hex,))
    return str(row["key"])


def test_erase_waits_for_a_brief_reader_and_leaves_nothing(
    tmp_path: Path, figures: Callable[..., None]
) -> None:
    path = tmp_path / "outreach.db"
    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        engine.agenda(now=NOW)
        key = stored_key(engine, "augusta-l")
        held = reader(path, 1.5)
        started = time.monotonic()
        engine.erase("augusta-l")
        waited = time.monotonic() - started
        held.wait(timeout=30)
        assert engine.clean_up_pending is None
        assert found(store_bytes(path), [*ADA_SECRETS, key]) == []
    figures(reader_held_seconds=1.5, erase_waited_seconds=round(waited, 1))


def test_erase_says_the_clean_up_is_pending_and_the_next_command_finishes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, figures: Callable[..., None]
) -> None:
    monkeypatch.setattr(erasure, "WAIT_FOR_READERS", 0.5)
    outreach = Outreach(tmp_path)
    path = tmp_path / "cli.db"
    with Engine.open(outreach.url, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        engine.agenda(now=NOW)
        key = stored_key(engine, "augusta-l")
    held = reader(path, 60)
    try:
        result = outreach("erase", "augusta-l", "--yes")
        assert result.exit_code == 0, result.stderr
        assert "clean-up" in result.stderr and "pending" in result.stderr, result.stderr
        assert "another process" in result.stderr and "next command" in result.stderr
        assert found(store_bytes(path), [key]) == [key]  # said so: still in the log
    finally:
        held.kill()
        held.wait()
    outreach.ok("agenda")  # any later command
    assert found(store_bytes(path), [*ADA_SECRETS, key]) == []
    figures(readers_held=1, clean_ups_pending_then_finished=1)


def test_an_embedded_engine_finishes_a_pending_clean_up_at_its_next_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The promise is "any later command": an engine kept open by embedding code keeps it
    too, not only a process that opens the store anew."""
    monkeypatch.setattr(erasure, "WAIT_FOR_READERS", 0.5)
    path = tmp_path / "outreach.db"
    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        engine.agenda(now=NOW)
        key = stored_key(engine, "augusta-l")
        held = reader(path, 60)
        try:
            engine.erase("augusta-l")
            assert engine.clean_up_pending is not None
            engine.record("grace-h", "researched", note="while the reader holds on")
            assert engine.clean_up_pending is not None, "a reader still there: still pending"
            assert found(store_bytes(path), [key]) == [key]
        finally:
            held.kill()
            held.wait()
        engine.record("grace-h", "researched", note="the reader is gone")
        assert engine.clean_up_pending is None
        assert found(store_bytes(path), [*ADA_SECRETS, key]) == []


def check_whole(url: str, handle: str) -> str:
    """Either wholly there (key, index row, answers, recording) or wholly erased."""
    with Engine.open(url, recruiter="sam", clock=lambda: NOW) as engine:
        try:
            rid = engine.app.id_of(handle)
        except UnknownHandle:
            assert handle not in engine.handles()
            assert handle not in {a.handle for a in engine.agenda(now=NOW)}
            assert handle not in {m.handle for m in engine.find(["python"])}
            return "erased"
        assert engine.privacy.key(rid) is not None, "the key is gone but they are not erased"
        assert handle in engine.handles()
        assert engine.next_action(handle, now=NOW).handle == handle
        assert handle in {a.handle for a in engine.agenda(now=NOW)}
        engine.record(handle, "researched", note="still here after the kill")
        return "there"


def erase_and_die(url: str, handle: str, when: str, delay: float) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", ERASE_AND_DIE, url, handle, when],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    if when == "at random":
        assert child.stdout.readline().strip() == "erasing"
        time.sleep(delay)
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=60)


def test_an_erase_killed_right_after_its_key_is_deleted_leaves_them_wholly_there(
    sqlite_url: str,
) -> None:
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
    erase_and_die(sqlite_url, "augusta-l", "after the key", 0)
    assert check_whole(sqlite_url, "augusta-l") == "there"
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.erase("augusta-l")  # and erasing again completes it
    assert check_whole(sqlite_url, "augusta-l") == "erased"


def test_erasures_killed_at_random_moments_are_whole_or_not_done(
    tmp_path: Path, figures: Callable[..., None]
) -> None:
    url = f"sqlite:///{tmp_path / 'outreach.db'}"
    rounds = 12
    with Engine.open(url, recruiter="sam", clock=lambda: NOW) as engine:
        for n in range(rounds):
            engine.add(f"p{n}", name=f"Person {n}", skills=["python"], at=NOW)
    outcomes = []
    chance = random.Random(14)
    for n in range(rounds):
        erase_and_die(url, f"p{n}", "at random", chance.uniform(0.0, 0.15))
        outcomes.append(check_whole(url, f"p{n}"))
    figures(
        erasures_interrupted=rounds,
        wholly_erased=outcomes.count("erased"),
        wholly_there=outcomes.count("there"),
        half_done=0,
    )
