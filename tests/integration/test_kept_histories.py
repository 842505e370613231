"""A command on someone whose history its process kept takes that history without reading
the store (engine.application ``record``): the save proves it whole, or fails on the version
another process took since, and the command is then tried again from the store. These pin
that another process's writes in between are never lost nor overlooked."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest
from eventsourcing.persistence import PersistenceError
from outreach.domain import OptedOutError, StoreError, UnknownHandle
from outreach.engine import Engine

from .samples import T0, at


def clock() -> datetime:
    return T0 + timedelta(days=60)


@contextmanager
def two_processes(url: str) -> Iterator[tuple[Engine, Engine]]:
    if url == "memory://":
        pytest.skip("two engines cannot share one in-memory store")
    with (
        Engine.open(url, recruiter="kim", clock=clock) as mine,
        Engine.open(url, recruiter="lee", clock=clock) as theirs,
    ):
        yield mine, theirs


def test_a_command_follows_what_another_process_recorded_since(store_url: str) -> None:
    with two_processes(store_url) as (mine, theirs):
        mine.add("ada", name="Ada Lovelace", at=at(0))
        mine.record("ada", "emailed", at=at(1))  # kept by this process
        theirs.record("ada", "called", at=at(2))
        recorded = mine.record("ada", "replied", at=at(3))

        history = mine.history("ada")
        assert [e.KIND for e in history] == ["added", "emailed", "called", "replied"]
        assert [e.originator_version for e in history] == [1, 2, 3, 4]
        assert recorded.event.originator_version == 4
        # The answer was worked out from the whole history, the call included.
        assert recorded.next_action == theirs.next_action("ada")


def test_a_command_refused_by_what_another_process_recorded_since(store_url: str) -> None:
    with two_processes(store_url) as (mine, theirs):
        mine.add("ada", name="Ada Lovelace", at=at(0))
        mine.record("ada", "emailed", at=at(1))
        theirs.record("ada", "opted-out", at=at(2))
        count = mine.event_count()

        with pytest.raises(OptedOutError):
            mine.record("ada", "emailed", at=at(3))
        assert mine.event_count() == count


def test_a_command_on_someone_another_process_erased_finds_nobody(store_url: str) -> None:
    with two_processes(store_url) as (mine, theirs):
        mine.add("ada", name="Ada Lovelace", at=at(0))
        mine.record("ada", "emailed", at=at(1))
        theirs.erase("ada")
        count = mine.event_count()

        with pytest.raises(UnknownHandle):
            mine.record("ada", "replied", at=at(2))
        assert mine.event_count() == count
        theirs.add("ada", name="Another Ada", at=at(3))  # the handle, free again, is someone new
        assert mine.record("ada", "replied", at=at(4)).event.originator_version == 2


def test_a_failure_that_may_have_written_is_never_tried_again(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store error that is neither a stale history nor a busy store (on PostgreSQL, the
    connection lost at COMMIT, which the server may have committed) is reported, not tried
    again from the store: trying again would record the command twice."""
    with Engine.open(store_url, recruiter="kim", clock=clock) as engine:
        engine.add("ada", name="Ada Lovelace", at=at(0))
        engine.record("ada", "emailed", at=at(1))  # kept by this process
        saving = engine.app._save
        calls: list[int] = []

        def committed_then_lost(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            saved = saving(*args, **kwargs)
            if len(calls) == 1:
                raise PersistenceError("server closed the connection unexpectedly")
            return saved

        monkeypatch.setattr(engine.app, "_save", committed_then_lost)
        with pytest.raises(StoreError, match="server closed the connection"):
            engine.record("ada", "replied", at=at(2))
        monkeypatch.undo()
        assert [e.KIND for e in engine.history("ada")] == ["added", "emailed", "replied"]
