"""A shared catch-up's batches overlap (outreach.engine.view.crew): a worker is told its share
of the next batch, and reads and decodes it, before the batch it works on is committed, by the
slots of the moment the next batch was read. These check the ways that could differ from a
catch-up in one process: the slots moving at every batch (a relationship's events and its
group's members change shares from one batch to the next), and a batch read again (the share
told for it dropped for the new one), and the rows streamed (written as they come, between
pages of this process's own share)."""

from __future__ import annotations

from typing import Any

import pytest
from outreach.engine import Engine
from outreach.engine.view import crew
from outreach.engine.view.crew import SLOTS, Crew

from .tables import snapshot
from .test_shared_catch_up import NOW, file_store, populate, share, small_batches

__all__ = ["file_store", "small_batches"]  # fixtures, used by name


def alone(engine: Engine) -> dict[str, Any]:
    engine.readmodel.sharing.workers = engine.readmodel.sharing.rebuild_workers = 0
    engine.rebuild()
    return snapshot(engine)


def test_slots_moving_at_every_batch_change_no_row(
    file_store: str, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    moves: list[int] = []

    def swinging(self: Crew, mine: float, busiest: float) -> None:
        moves.append(1)
        self._share_out(1 if len(moves) % 2 else SLOTS - 1, len(self.processes))

    monkeypatch.setattr(Crew, "_balance", swinging)
    monkeypatch.setattr(crew, "STREAM", 3)  # rows sent and written every 3 relationships
    with Engine.open(file_store, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        expected = alone(engine)
        for workers in (1, 2):
            share(engine, workers)
            assert engine.rebuild() == engine.event_count()
            assert snapshot(engine) == expected
    assert len(moves) > 10


def test_a_batch_read_again_drops_the_share_told_for_the_one_before(
    file_store: str, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process moving the position first (here: the move refused every third batch)
    makes the catch-up read its batch again: the workers were told their shares of the batch
    read ahead, and are told them again."""
    with Engine.open(file_store, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        expected = alone(engine)
        tracking = engine.readmodel.tracking
        moved = tracking.move
        calls: list[int] = []

        def refusing(cursor: Any, start: int, end: int) -> bool:
            calls.append(1)
            return False if len(calls) % 3 == 0 else bool(moved(cursor, start, end))

        monkeypatch.setattr(tracking, "move", refusing)
        told = Crew.tell
        batches: list[int] = []

        def telling(self: Crew, batch: Any) -> Any:
            batches.append(batch[0][0])
            return told(self, batch)

        monkeypatch.setattr(Crew, "tell", telling)
        share(engine)
        assert engine.rebuild() == engine.event_count()
        assert snapshot(engine) == expected
    assert len(batches) > len(set(batches)) > 5  # batches told again


def test_rows_streamed_a_few_relationships_at_a_time_are_the_same(
    file_store: str, small_batches: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[bool] = []
    written = crew.Inbox.written

    def counting(self: crew.Inbox, *args: Any, wait: bool) -> bool:
        waits.append(wait)
        return written(self, *args, wait=wait)

    monkeypatch.setattr(crew.Inbox, "written", counting)
    monkeypatch.setattr(crew, "STREAM", 2)
    with Engine.open(file_store, recruiter="sam", clock=lambda: NOW) as engine:
        populate(engine)
        expected = alone(engine)
        share(engine, 2)
        assert engine.rebuild() == engine.event_count()
        assert snapshot(engine) == expected
    assert False in waits  # taken between pages of this process's own
