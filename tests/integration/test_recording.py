"""Recording on every store: round trips, order, hard rules, reopening."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from outreach.domain import (
    HandleTaken,
    InvalidInput,
    OptedOutError,
    UnknownHandle,
)
from outreach.domain.events import RECORDABLE
from outreach.engine import Engine

from .samples import ADD, EVERY_EVENT, T0, at


def clock() -> datetime:
    return T0 + timedelta(days=60)


def open_engine(url: str) -> Engine:
    return Engine.open(url, recruiter="sam", clock=clock)


def test_every_event_round_trips_with_all_fields(store_url: str) -> None:
    assert {kind for kind, _ in EVERY_EVENT} == set(RECORDABLE), "a recordable event has no sample"
    with open_engine(store_url) as engine:
        engine.add("ada", at=at(0), **ADD)
        for day, (kind, fields) in enumerate(EVERY_EVENT, start=1):
            engine.record("ada", kind, at=at(day), **fields)
        history = engine.history("ada")

    assert [type(e).KIND for e in history] == ["added"] + [kind for kind, _ in EVERY_EVENT]
    added = history[0]
    assert added.model_dump(include=set(ADD)) == {  # type: ignore[union-attr]
        **ADD,
        "skills": ("python", "analytical engines"),
    }
    for event, (kind, fields) in zip(history[1:], EVERY_EVENT, strict=True):
        stored = event.model_dump(include=set(fields))
        for name, value in fields.items():
            expected = tuple(v.lower() for v in value) if name == "skills" else value
            if isinstance(expected, list):
                expected = tuple(expected)
            assert stored[name] == expected, (kind, name)
        assert event.by == "sam"
        assert event.occurred_at.tzinfo is not None


def test_history_comes_back_in_the_order_it_happened_for_backdated_events(store_url: str) -> None:
    with open_engine(store_url) as engine:
        engine.add("ada", at=at(10), **ADD)
        engine.record("ada", "emailed", at=at(20))
        engine.record("ada", "met", at=at(5), where="PyCon")  # "I met her last month"
        engine.record("ada", "researched", at=at(15), note="blog")
        kinds = [type(e).KIND for e in engine.history("ada")]
    assert kinds == ["met", "added", "researched", "emailed"]


def refused(engine: Engine, error: type[Exception], action: object) -> Exception:
    before = engine.event_count()
    with pytest.raises(error) as caught:
        action()  # type: ignore[operator]
    assert engine.event_count() == before, "a refused command wrote something"
    return caught.value


def test_hard_rules_refuse_and_write_nothing(store_url: str) -> None:
    with open_engine(store_url) as engine:
        engine.add("ada", at=at(0), **ADD)
        engine.record("ada", "opted-out", at=at(10))

        error = refused(engine, OptedOutError, lambda: engine.record("ada", "emailed", at=at(11)))
        assert "asked not to be contacted" in str(error)
        refused(engine, OptedOutError, lambda: engine.record("ada", "called", at=at(10)))
        engine.record("ada", "emailed", at=at(9))  # before the opt-out: history is history
        engine.record("ada", "replied", at=at(12))  # an answer is not outreach

        refused(engine, HandleTaken, lambda: engine.add("ada", name="Another Ada"))
        error = refused(engine, UnknownHandle, lambda: engine.record("adda", "replied"))
        assert "'ada'" in str(error), "an unknown handle suggests close matches"

        error = refused(
            engine,
            InvalidInput,
            lambda: engine.record("ada", "rescheduled", at=at(12), to=at(11)),
        )
        assert "to:" in str(error)
        error = refused(
            engine,
            InvalidInput,
            lambda: engine.add("bob", name="", email="b@x", tz="Mars/Base", source="party"),
        )
        for field in ("name", "tz", "source"):
            assert f"{field}:" in str(error), f"{field} is not named in: {error}"
        refused(engine, InvalidInput, lambda: engine.add("Not A Handle!", name="Bob"))
        refused(
            engine,
            InvalidInput,
            lambda: engine.record("ada", "replied", at=clock() + timedelta(days=1)),
        )
        refused(
            engine,
            InvalidInput,
            lambda: engine.record("ada", "replied", at=datetime(2026, 3, 3)),
        )
        refused(engine, InvalidInput, lambda: engine.record("ada", "waved"))
        long_ago = datetime(1066, 10, 14, tzinfo=UTC)  # years the playbook cannot count in
        refused(engine, InvalidInput, lambda: engine.record("ada", "replied", at=long_ago))
        with pytest.raises(InvalidInput, match="years 1900 to 2999"):
            engine.agenda(now=datetime(9999, 12, 31, tzinfo=UTC))

        engine.erase("ada")
        # Since issue 11 the erased handle names nobody: refused as unknown, nothing written.
        refused(engine, UnknownHandle, lambda: engine.record("ada", "replied"))
        refused(engine, UnknownHandle, lambda: engine.erase("ada"))


def test_a_group_is_the_same_whatever_the_case_and_spacing(store_url: str) -> None:
    with open_engine(store_url) as engine:
        engine.watch_group("Python  Forum", at=at(1))
        engine.contributed_to_group("python forum", at=at(2), note="answered a question")
        kinds = [type(e).KIND for e in engine.group_history("PYTHON FORUM")]
    assert kinds == ["group-noted", "watch", "contributed"]


def test_recorded_time_and_who_are_kept_apart_from_when_it_happened(store_url: str) -> None:
    with Engine.open(store_url, recruiter="kim", clock=clock) as engine:
        engine.add("ada", at=at(0), **ADD)
        recorded = engine.record("ada", "replied", at=at(3), by="lee")
    event = recorded.event
    assert event.occurred_at == at(3)
    assert event.timestamp == clock()
    assert event.by == "lee"
    assert datetime.now(UTC) - clock() > timedelta(0)
