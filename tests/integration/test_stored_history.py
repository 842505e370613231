"""A relationship's history as the read model stores it (``dump_history``) holds what pydantic's
JSON dump of each event gives, by position (projections.state.Layout), and loads back as the same
events; a history as the releases before stored it (topics and field names spelled out) too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import orjson
from eventsourcing.utils import get_topic
from outreach.domain.events import RECORDABLE, Event
from outreach.engine import Engine
from outreach.projections.state import dump_history, layout, load_history

from .samples import ADD, EVERY_EVENT, T0, at

ZONES = [UTC, ZoneInfo("Europe/Paris"), ZoneInfo("Europe/London"), timezone(-timedelta(hours=3.5))]


def pydantic_dump(history: list[Event]) -> str:
    """As the releases before this layout stored a history."""
    return orjson.dumps(
        [
            {"t": get_topic(type(e)), "s": e.model_dump(mode="json", exclude={"originator_id"})}
            for e in history
        ]
    ).decode()


def test_every_event_dumps_as_pydantic_writes_it_and_loads_back() -> None:
    assert {kind for kind, _ in EVERY_EVENT} == set(RECORDABLE), "a recordable event has no sample"
    with Engine.open("memory://", recruiter="sam", clock=lambda: T0 + timedelta(days=60)) as engine:
        engine.add("ada", at=at(0), **ADD)
        for day, (kind, fields) in enumerate(EVERY_EVENT, start=1):
            # Moments in several zones and with microseconds, as a recruiter may give them.
            when = (at(day) + timedelta(microseconds=day * 7)).astimezone(ZONES[day % len(ZONES)])
            engine.record("ada", kind, at=when, **fields)
        made = engine.history("ada")  # as this process made them
        engine.app.histories = type(engine.app.histories)()
        read = engine.history("ada")  # read back from the store

    assert {type(e) for e in made} == {type(e) for e in read}
    assert any(e.occurred_at.microsecond for e in made)
    for history in (made, read):
        stored = dump_history(history)
        assert orjson.loads(stored) == by_position(history)
        assert load_history(stored, history[0].originator_id) == history
        assert load_history(pydantic_dump(history), history[0].originator_id) == history


def by_position(history: list[Event]) -> list[object]:
    """``Layout``'s form written from pydantic's dump: each event's class number in the
    layout, then its fields' values in the class's order."""
    known = layout()
    events: list[object] = [known.tag]
    for event in history:
        fields = event.model_dump(mode="json", exclude={"originator_id"})
        assert list(fields) == list(known.fields[known.classes.index(type(event))])
        events.append([known.classes.index(type(event)), *fields.values()])
    return events


def test_a_moment_at_a_zero_offset_is_written_as_utc() -> None:
    with Engine.open("memory://", recruiter="sam", clock=lambda: T0 + timedelta(days=9)) as engine:
        engine.add("ada", at=datetime(2026, 1, 6, 11, tzinfo=ZoneInfo("Europe/London")), **ADD)
        history = engine.history("ada")
    assert '"2026-01-06T11:00:00Z"' in dump_history(history)
    assert orjson.loads(dump_history(history)) == by_position(history)
