"""The read models: exactly once, resumable, equal to a rebuild, seen at once by others."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from outreach.engine import Engine, NewRelationship
from outreach.projections.settings import Playbook

from .tables import snapshot

NOW = datetime(2026, 3, 6, 11, 0, tzinfo=UTC)


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


def pipeline(engine: Engine) -> None:
    engine.add("ada", name="Ada Lovelace", skills=["python", "math"], at=days_ago(90))
    engine.record("ada", "researched", at=days_ago(80), common_ground=["PyCon"])
    engine.record("ada", "emailed", at=days_ago(79), topic="type checkers")
    engine.record("ada", "declined-busy", at=days_ago(70))
    engine.add("bob", name="Bob Page", skills=["rust"], at=days_ago(60), tz="America/New_York")
    engine.record("bob", "called", at=days_ago(59))  # a cold call
    engine.record("bob", "spotted-online", at=days_ago(58), group="Rust Forum")
    engine.watch_group("Rust Forum", at=days_ago(50))
    engine.contributed_to_group("rust forum", at=days_ago(40))
    engine.add("cy", name="Cy Young", skills=["python"], at=days_ago(30))
    engine.record("cy", "met", at=days_ago(29), where="a meetup", would_hire=True)
    engine.record("cy", "replied", at=days_ago(28))


def test_incremental_catch_up_equals_a_rebuild(store_url: str) -> None:
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        engine.next_actions()
        incremental = snapshot(engine)
        processed = engine.rebuild()
        assert processed == engine.event_count()
        assert snapshot(engine) == incremental
    assert len(incremental["relationships"]) == 3
    assert {row["key"] for row in incremental["groups"]} == {"rust forum"}


def test_changing_settings_recomputes_actions_without_replaying_events(sqlite_url: str) -> None:
    with Engine.open(sqlite_url, clock=lambda: NOW) as engine:
        pipeline(engine)
        before = engine.next_action("ada")
        position = engine.readmodel.position()
    slower = Playbook(busy_follow_up=5)
    with Engine.open(sqlite_url, clock=lambda: NOW, settings=slower) as engine:
        after = engine.next_action("ada")
        assert engine.readmodel.position() == position  # nothing was read again
    assert before.kind == after.kind == "offer-time"
    assert after.due is not None and before.due is not None and after.due > before.due


def test_another_process_sees_a_write_at_once(sqlite_url: str) -> None:
    with Engine.open(sqlite_url, clock=lambda: NOW) as reader:
        pipeline(reader)
        assert "dee" not in reader.handles()
        script = (
            "import sys; from datetime import datetime, timezone;"
            "from outreach.engine import Engine;"
            "now = datetime(2026, 3, 6, 11, tzinfo=timezone.utc);"
            "e = Engine.open(sys.argv[1], clock=lambda: now);"
            "e.add('dee', name='Dee', skills=['python'])"
        )
        subprocess.run([sys.executable, "-c", script, sqlite_url], check=True)
        assert "dee" in reader.handles()
        assert reader.next_action("dee").kind == "research"
        assert "dee" in [m.handle for m in reader.find(["python"])]


def test_postgres_readers_see_other_writers_at_once(postgres_store: str) -> None:
    with (
        Engine.open(postgres_store, clock=lambda: NOW) as reader,
        Engine.open(postgres_store, clock=lambda: NOW) as writer,
    ):
        writer.add("dee", name="Dee", skills=["python"])
        assert reader.next_action("dee").kind == "research"
        writer.record("dee", "researched", note="blog")
        assert reader.next_action("dee").kind == "email"


def test_an_answer_that_changes_with_time_alone_is_worked_out_again(store_url: str) -> None:
    clock = {"now": NOW}
    with Engine.open(store_url, clock=lambda: clock["now"]) as engine:
        engine.add("ada", name="Ada", at=days_ago(10))
        engine.record("ada", "researched", at=days_ago(9))
        engine.record("ada", "emailed", at=days_ago(8))
        engine.record("ada", "replied", at=days_ago(7))
        engine.record("ada", "motivation", at=days_ago(6), kind="growth")
        assert engine.next_action("ada").kind == "keep-in-touch"
        # Two years of silence later a new round begins: research again before writing.
        clock["now"] = NOW + timedelta(days=730)
        assert engine.next_action("ada").kind == "research"
        assert [a.handle for a in engine.agenda()] == ["ada"]


def test_a_past_now_answers_as_of_then(store_url: str) -> None:
    with Engine.open(store_url, clock=lambda: NOW) as engine:
        engine.add("ada", name="Ada", at=days_ago(10))
        engine.record("ada", "researched", at=days_ago(5))
        assert engine.next_action("ada").kind == "email"
        assert engine.next_action("ada", now=days_ago(7)).kind == "research"
        assert engine.agenda(now=days_ago(20)) == []
        assert engine.next_action("ada").kind == "email"


def test_recording_a_broken_dont_warns_at_once(store_url: str) -> None:
    with Engine.open(store_url, clock=lambda: NOW) as engine:
        engine.add("ada", name="Ada", at=days_ago(10))
        warned = engine.record("ada", "called", at=days_ago(9)).warnings
        # Playbook v2: the call was connected nine days ago, and since then nobody asked what
        # would make a move worthwhile: someone in conversation is left waiting.
        assert {w.kind for w in warned} == {"cold-call", "outreach-before-research", "left-waiting"}
        assert engine.record("ada", "researched", at=days_ago(8)).warnings == ()


CATCH_UP = """
import sys
from datetime import datetime, timezone
from outreach.engine import Engine
now = datetime(2026, 3, 6, 11, tzinfo=timezone.utc)
e = Engine.open(sys.argv[1], clock=lambda: now)
print("ready", flush=True)
e.catch_up()
"""


def test_a_catch_up_killed_midway_resumes_without_double_counting(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'outreach.db'}"
    items = [
        NewRelationship(
            handle=f"p{n}",
            name=f"Person {n}",
            at=days_ago(100),
            fields={"skills": ["python"]},
            events=(("researched", days_ago(90), {}), ("emailed", days_ago(89), {})),
        )
        for n in range(3000)
    ]
    with Engine.open(url, clock=lambda: NOW) as engine:
        engine.readmodel.clear()  # import without catching up: empty, then write events
        from outreach.engine.bulk import import_relationships

        import_relationships(engine.app, items, lambda at: engine.app._envelope(at, None))
    kills = 0
    for delay in (0.05, 0.1, 0.2, 0.4, 0.8):  # a fast machine catches up 3,000 people in 0.3 s
        worker = subprocess.Popen(
            [sys.executable, "-c", CATCH_UP, url], stdout=subprocess.PIPE, text=True
        )
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
        time.sleep(delay)
        if worker.poll() is None:
            os.kill(worker.pid, signal.SIGKILL)
            kills += 1
        worker.wait()
    with Engine.open(url, clock=lambda: NOW) as engine:
        engine.catch_up()
        resumed = snapshot(engine)
        assert engine.readmodel.position() == engine.app.recorder.max_notification_id()
        engine.rebuild()
        assert snapshot(engine) == resumed
    assert len(resumed["relationships"]) == 3000
    assert kills >= 1, "no catch-up was interrupted: make the store bigger"


@pytest.mark.parametrize("batch", [1, 7])
def test_catching_up_in_small_steps_equals_one_step(batch: int) -> None:
    with Engine.open("memory://", clock=lambda: NOW) as engine:
        pipeline(engine)
        whole = snapshot(engine)
        engine.readmodel.clear()
        while engine.readmodel.catch_up(NOW, limit=batch):
            pass
        assert snapshot(engine) == whole


def test_asking_about_someone_erased_finds_nobody(store_url: str) -> None:
    """Since issue 11 an erased handle names nobody: saying "was erased" told a guessed
    handle that someone had existed."""
    from outreach.domain import UnknownHandle

    with Engine.open(store_url, clock=lambda: NOW) as engine:
        pipeline(engine)
        engine.erase("ada")
        with pytest.raises(UnknownHandle, match="no relationship with handle 'ada'"):
            engine.next_action("ada")
        with pytest.raises(UnknownHandle):
            engine.next_action("zed")
        assert "ada" not in [a.handle for a in engine.next_actions()]


def test_a_rebuild_writes_over_the_answers_it_keeps(sqlite_url: str) -> None:
    """On SQLite a rebuild keeps the answers' tables (schema.KEPT): each row is
    written again, whatever it held, and those past the end of someone's violations go."""
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        engine.next_actions()
        before = snapshot(engine)
        assert before["violations"], "no violation to tamper with"
        with engine.readmodel.db.transaction(commit=True) as tx:
            tampered = tx.run(
                "UPDATE {p}actions SET kind = 'callback', payload = '{}', s_tier = 0, due = 0"
            )
            tx.run("UPDATE {p}violations SET rule = 'tampered', payload = '{}'")
            for n in (97, 98):  # past the end of everyone's violations
                tx.run(
                    "INSERT INTO {p}violations SELECT settings, id, ?, handle, kind, rule,"
                    " occurred, by, payload FROM {p}violations WHERE n = 0",
                    (n,),
                )
        assert tampered == 3
        assert snapshot(engine) != before
        engine.rebuild()
        assert snapshot(engine) == before
        assert engine.readmodel.meta("held") is None  # the catch-up passed the rows kept
