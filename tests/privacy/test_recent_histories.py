"""A process keeps the histories it read lately (engine.histories) and reads only what was
recorded since: what it answers is what a fresh read gives, also after another process wrote
or erased."""

from __future__ import annotations

from outreach.engine import Engine
from outreach.engine.histories import Histories
from outreach.engine.privacy import Privacy

from .people import NOW, populate


def test_a_kept_history_takes_in_what_another_process_recorded(sqlite_url: str) -> None:
    with (
        Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as long_running,
        Engine.open(sqlite_url, recruiter="kim", clock=lambda: NOW) as other,
    ):
        populate(long_running)
        before = long_running.history("grace-h")
        other.record("grace-h", "replied", at=NOW)
        after = long_running.history("grace-h")
        assert after[:-1] == before and after[-1].KIND == "replied"
        with Engine.open(sqlite_url, recruiter="lee", clock=lambda: NOW) as fresh:
            assert fresh.history("grace-h") == after


def test_a_key_shredded_by_a_process_that_died_reads_as_gone(sqlite_url: str) -> None:
    """A key deleted by another process (an erasure commits it with its ``erased`` event
    since issue 14, finding 5; here the key alone, the harder case): a process that kept the
    history reads it again, sealed fields and all, as a fresh one would."""
    with (
        Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as long_running,
        Engine.open(sqlite_url, recruiter="kim", clock=lambda: NOW) as other,
    ):
        populate(long_running)
        assert long_running.history("augusta-l")[0].name != "erased"  # type: ignore[attr-defined]
        with other.readmodel.db.transaction(commit=True) as tx:
            Privacy.shred_in(tx, other.app.id_of("augusta-l"))
        assert long_running.history("augusta-l")[0].name == "erased"  # type: ignore[attr-defined]


def test_keeps_the_latest_few(sqlite_url: str) -> None:
    histories = Histories(size=2)
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        engine.app.histories = histories
        for handle in ("augusta-l", "grace-h", "augusta-l"):
            rid = engine.app.id_of(handle)  # random since issue 11: found through the index
            loaded = engine.app.history_of(rid)
            assert loaded == list(engine.app.events.get(rid))  # as a fresh read gives it
        ids = [engine.app.id_of("grace-h"), engine.app.id_of("augusta-l")]
        assert list(histories._kept) == ids
