"""A large catch-up on SQLite drops the indexes only queries read (``schema.QUERY_INDEXES``) and
makes them again when it ends: the same rows, the same indexes after; one that fails midway
leaves them to the next catch-up, or to the next opening of the store."""

from __future__ import annotations

from typing import Any

import pytest
from outreach.engine import Engine
from outreach.engine.view import readmodel
from outreach.engine.view.readmodel import ReadModel
from outreach.engine.view.schema import QUERY_INDEXES

from .tables import snapshot
from .test_readmodels import NOW, pipeline


def indexes(engine: Engine) -> set[str]:
    with engine.readmodel.db.transaction(commit=False) as tx:
        rows = tx.rows("SELECT name FROM sqlite_master WHERE type = 'index'")
    return {row["name"] for row in rows if not row["name"].startswith("sqlite_")}


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every catch-up of more than one batch is large; a batch is four events."""
    monkeypatch.setattr(readmodel, "LARGE", 1)
    monkeypatch.setattr(readmodel, "BATCH", 4)


def test_a_large_catch_up_makes_the_query_indexes_again(store_url: str, large: None) -> None:
    with Engine.open(store_url, recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        before = snapshot(engine)
        postgres = engine.readmodel.db.postgres
        made = set() if postgres else indexes(engine)
        assert postgres or {f"outreach_{name}" for name in QUERY_INDEXES} <= made
        dropped: list[bool] = []
        drop = engine.readmodel.db.drop_query_indexes

        def dropping(tx: Any) -> None:
            dropped.append(True)
            drop(tx)

        engine.readmodel.db.drop_query_indexes = dropping  # type: ignore[method-assign]
        assert engine.rebuild() == engine.event_count()
        assert dropped == [True], "the first batch drops them, once"
        assert snapshot(engine) == before
        assert not engine.readmodel.db.unindexed
        if not postgres:
            assert indexes(engine) == made


def test_a_small_catch_up_keeps_them(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readmodel, "BATCH", 4)  # LARGE as it is: 20,000 events
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        engine.readmodel.db.drop_query_indexes = None  # type: ignore[assignment,method-assign]
        engine.rebuild()  # would fail, calling it


def test_a_failed_catch_up_leaves_them_to_the_next(
    sqlite_url: str, large: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        pipeline(engine)
        made = indexes(engine)
        answer = ReadModel.answer
        calls = []

        def failing(self: ReadModel, *args: Any) -> Any:
            calls.append(1)
            if len(calls) == 3:
                raise RuntimeError("the policy failed midway")
            return answer(self, *args)

        monkeypatch.setattr(ReadModel, "answer", failing)
        with pytest.raises(RuntimeError):
            engine.readmodel.rebuild(NOW)
        assert not any(name.endswith(QUERY_INDEXES) for name in indexes(engine))
        monkeypatch.setattr(ReadModel, "answer", answer)
        engine.readmodel.catch_up(NOW, limit=1)  # small: it makes them, as the drop was its own
        assert indexes(engine) == made
        engine.readmodel.db.unindexed = False  # as another process's failure leaves them
        with engine.readmodel.db.transaction(commit=True) as tx:
            engine.readmodel.db.drop_query_indexes(tx)
        engine.readmodel.db.unindexed = False
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        assert indexes(engine) == made  # opening makes them
        engine.catch_up()  # the rest of the failed rebuild
        whole = snapshot(engine)
        engine.rebuild()
        assert snapshot(engine) == whole
        assert len(whole["relationships"]) == 3
