"""Issue 14, items 2 and 8: a command whose events are saved has succeeded, whatever happens to
the read models after; a rebuild never breaks another process's command; a recruiter is one
name, never a pattern."""

from __future__ import annotations

import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

from outreach.engine import Engine

from .samples import T0, at


def clock():  # type: ignore[no-untyped-def]
    return T0 + timedelta(days=60)


def test_a_read_model_failure_after_the_save_is_a_note_not_a_failure(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    with Engine.open(url, recruiter="sam", clock=clock) as engine:
        engine.add("ada", name="Ada Lovelace", at=at(0))
        # Another process breaks the read models between this one's save and its catch-up.
        with sqlite3.connect(tmp_path / "s.db") as other:
            other.execute("DROP TABLE outreach_actions")
        recorded = engine.record("ada", "emailed", at=at(1))

        assert recorded.event.KIND == "emailed"
        assert recorded.notes and "read models are behind" in recorded.notes[0]
        assert [e.KIND for e in engine.history("ada")] == ["added", "emailed"]


def test_a_read_model_failure_after_the_save_is_a_note_on_postgresql_too(
    postgres_store: str,
) -> None:
    import psycopg

    base, schema = postgres_store.split("?schema=")
    with Engine.open(postgres_store, recruiter="sam", clock=clock) as engine:
        engine.add("ada", name="Ada Lovelace", at=at(0))
        with psycopg.connect(base, autocommit=True) as other:
            other.execute(f'DROP TABLE "{schema}".outreach_actions')
        # The rows refused in the events' transaction are undone alone: the events commit,
        # and the connection is fit for the next command (twice, as its statements were kept).
        for day in (1, 2):
            recorded = engine.record("ada", "emailed", at=at(day))
            assert recorded.notes and "read models are behind" in recorded.notes[0]
        assert [e.KIND for e in engine.history("ada")] == ["added", "emailed", "emailed"]


def test_a_rebuild_never_leaves_the_read_models_missing_to_another_process(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.db"
    url = f"sqlite:///{path}"
    with Engine.open(url, recruiter="sam", clock=clock) as engine:
        for n in range(20):
            engine.add(f"p{n}", name=f"Person {n}", at=at(0))
        missing: list[str] = []
        done = threading.Event()

        def look() -> None:
            other = sqlite3.connect(path, timeout=30)
            while not done.is_set():
                try:
                    other.execute("SELECT count(*) FROM outreach_relationships").fetchall()
                    other.execute("SELECT count(*) FROM outreach_actions").fetchall()
                except sqlite3.OperationalError as error:
                    if "no such table" in str(error):
                        missing.append(str(error))
            other.close()

        looker = threading.Thread(target=look)
        looker.start()
        try:
            for _ in range(30):
                engine.rebuild()
        finally:
            done.set()
            looker.join()
        assert missing == []
        assert len(engine.agenda(now=at(30))) == 20


def test_coaching_is_filed_under_the_one_name_given(store_url: str) -> None:
    with Engine.open(store_url, recruiter="sam", clock=clock) as engine:
        engine.add("ada", name="Ada Lovelace", at=at(0), by="alice|sam")
        engine.record("ada", "called", at=at(1), by="alice|sam")  # a cold call
        engine.add("bob", name="Bob Babbage", at=at(0), by="alice")

        filed = engine.violations(recruiter="alice|sam")
        assert filed and all(v.by == ("alice|sam",) for v in filed)
        assert engine.violations(recruiter="alice") == []
        assert engine.violations(recruiter="sam") == []
        assert [a.handle for a in engine.agenda(recruiter="sam")] == []
        assert [a.handle for a in engine.agenda(recruiter="alice")] == ["bob"]
        assert {a.handle for a in engine.agenda(recruiter="alice|sam")} <= {"ada"}


def test_a_command_given_again_with_its_key_records_nothing_twice(store_url: str) -> None:
    with Engine.open(store_url, recruiter="sam", clock=clock) as engine:
        engine.add("ada", name="Ada Lovelace", at=at(0))
        first = engine.record("ada", "emailed", at=at(1), idempotency_key="mail-41")
        again = engine.record("ada", "emailed", at=at(1), idempotency_key="mail-41")
        other = engine.record("ada", "emailed", at=at(2), idempotency_key="mail-42")

        assert again.event == first.event
        assert other.event.originator_version == first.event.originator_version + 1
        assert [e.KIND for e in engine.history("ada")] == ["added", "emailed", "emailed"]
    with Engine.open(store_url, recruiter="sam", clock=clock) as engine:
        if store_url != "memory://":  # another process retrying finds the key as well
            engine.record("ada", "emailed", at=at(1), idempotency_key="mail-41")
            assert len(engine.history("ada")) == 3
