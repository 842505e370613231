"""Erasure on request (respect-opt-out): the person's data is unreadable, the log stays whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from outreach.domain import UnknownHandle
from outreach.engine import Engine

from .people import (
    ADA_SECRETS,
    GRACE_SECRETS,
    NOW,
    found,
    populate,
    store_bytes,
    view,
)


def clock() -> object:
    return NOW


def test_an_erased_person_appears_nowhere_and_others_read_as_before(store_url: str) -> None:
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        grace_before = view(engine, "grace-h")
        events_before = engine.event_count()
        rid = engine.app.id_of("augusta-l")
        engine.erase("augusta-l")

        assert engine.event_count() == events_before + 1  # the log stays whole
        # Her events stay in the log, their data unreadable; her handle names nobody now
        # (issues 11 and 14: it used to answer "was erased", which told she had existed).
        log = engine.app.history_of(rid)
        assert [type(e).KIND for e in log][-1] == "erased"
        assert log[0].name == "erased"  # type: ignore[attr-defined]
        assert log[0].email is None  # type: ignore[attr-defined]
        with pytest.raises(UnknownHandle):
            engine.next_action("augusta-l", now=NOW)
        with pytest.raises(UnknownHandle):
            engine.history("augusta-l")
        assert "augusta-l" not in engine.handles()
        assert [a.handle for a in engine.agenda(now=NOW)] == ["grace-h"]
        assert [m.handle for m in engine.find(["python"])] == ["grace-h"]
        assert {v.handle for v in engine.violations(now=NOW)} == {"grace-h"}
        assert view(engine, "grace-h") == grace_before

        assert engine.rebuild() == engine.event_count()
        assert engine.handles() == ["grace-h"]
        assert view(engine, "grace-h") == grace_before


def test_nothing_more_can_be_recorded_for_an_erased_person(store_url: str) -> None:
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        engine.erase("augusta-l")
        count = engine.event_count()
        # The handle names nobody now (issue 11): refused as unknown, nothing written.
        with pytest.raises(UnknownHandle):
            engine.record("augusta-l", "researched", note="a new note about her")
        with pytest.raises(UnknownHandle):
            engine.erase("augusta-l")
        assert engine.event_count() == count


def test_the_sqlite_file_keeps_no_byte_of_an_erased_person(tmp_path: Path) -> None:
    path = tmp_path / "outreach.db"
    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        engine.next_action("augusta-l", now=NOW)
        assert found(store_bytes(path), ["Hopperfield"]) == ["Hopperfield"]  # the scan works
        key = engine.privacy.key(engine.app.id_of("augusta-l"))
        assert key is not None
        with engine.readmodel.db.transaction(commit=False) as tx:
            stored_key = tx.one(
                "SELECT key FROM {p}keys WHERE id = ?", (engine.app.id_of("augusta-l").hex,)
            )["key"]
        engine.erase("augusta-l")
        # Checked while the store is still open, and again once it is closed.
        assert found(store_bytes(path), [*ADA_SECRETS, stored_key]) == []
    assert found(store_bytes(path), [*ADA_SECRETS, stored_key]) == []
    with Engine.open(f"sqlite:///{path}", recruiter="sam", clock=lambda: NOW) as engine:
        assert engine.handles() == ["grace-h"]
        assert engine.history("grace-h")[0].name == "Grace Hopperfield"  # type: ignore[attr-defined]
    assert found(store_bytes(path), GRACE_SECRETS[:1]) == GRACE_SECRETS[:1]


def test_personal_fields_are_never_stored_in_the_clear_in_the_event_log(sqlite_url: str) -> None:
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        with engine.app.datastore.transaction(commit=False) as cursor:
            cursor.execute("SELECT state FROM stored_events")
            log = b"".join(bytes(row["state"]) for row in cursor.fetchall())
    assert found(log, ADA_SECRETS + GRACE_SECRETS) == []
    assert b"python" not in log  # skills are sealed too since issue 14 (finding 3)


def test_an_erasure_by_another_process_reaches_a_long_running_one(sqlite_url: str) -> None:
    with (
        Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as long_running,
        Engine.open(sqlite_url, recruiter="kim", clock=lambda: NOW) as other,
    ):
        populate(long_running)
        assert long_running.history("augusta-l")[0].name != "erased"  # type: ignore[attr-defined]
        rid = long_running.app.id_of("augusta-l")
        other.erase("augusta-l")
        assert long_running.handles() == ["grace-h"]  # a query catches up first
        assert long_running.app.history_of(rid)[0].name == "erased"  # type: ignore[attr-defined]
        with pytest.raises(UnknownHandle):
            long_running.history("augusta-l")
        with pytest.raises(UnknownHandle):
            long_running.record("augusta-l", "replied")
