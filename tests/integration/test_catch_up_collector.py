"""A catch-up looks for garbage less often while it runs (outreach.engine.view.shares
``fewer_collections``), and leaves the process's collector as it found it."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from outreach.engine import Engine
from outreach.engine.view.readmodel import ReadModel
from outreach.engine.view.shares import YOUNG, collect_less

from .test_readmodels import NOW, pipeline


@pytest.fixture
def threshold() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    yield before
    gc.set_threshold(*before)


def thresholds_while_answering(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    seen: list[tuple[int, ...]] = []
    answer = ReadModel.answer

    def noting(self: ReadModel, *args: Any) -> Any:
        seen.append(gc.get_threshold())
        return answer(self, *args)

    monkeypatch.setattr(ReadModel, "answer", noting)
    return seen


@pytest.mark.parametrize(
    ("before", "during"),
    [
        ((700, 10, 10), (YOUNG, 10, 10)),  # the default: raised while rebuilding, put back
        ((50_000, 20, 20), (50_000, 20, 20)),  # higher, set by the application: left alone
    ],
)
def test_a_rebuild_collects_less_often_and_puts_the_threshold_back(
    monkeypatch: pytest.MonkeyPatch,
    threshold: tuple[int, int, int],
    before: tuple[int, int, int],
    during: tuple[int, int, int],
) -> None:
    gc.set_threshold(*before)
    with Engine.open("memory://", recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        seen = thresholds_while_answering(monkeypatch)
        engine.rebuild()
    assert seen and all(t == during for t in seen)
    assert gc.get_threshold() == before


def test_a_catch_up_worker_collects_less_for_its_life(threshold: tuple[int, int, int]) -> None:
    gc.set_threshold(700, 10, 10)
    collect_less()  # as outreach.engine.view.crew's worker does once it has opened the store
    assert gc.get_threshold() == (YOUNG, 10, 10)
