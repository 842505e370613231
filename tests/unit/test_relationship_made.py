"""A relationship is made as the eventsourcing library makes an aggregate: ``add`` builds the
``added`` event and ``started`` the aggregate from it (the library's ``_create`` resolves the
topic and inspects ``__init__`` for each one), and ``record`` makes each event the next version
(the library's ``trigger_event`` checks again what was just made). The events and the state
are the library's, field for field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.domain import BaseAggregate, ProgrammingError
from outreach.domain import relationship as module
from outreach.domain.events import RECORDABLE, Added, Event
from outreach.domain.relationship import Relationship, new_id

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
PROFILE = {"email": "ada@example.org", "skills": ["Python"], "tz": "europe/london"}
HISTORY: list[tuple[str, dict[str, Any]]] = [
    ("met", {"where": "PyCon", "would_hire": True}),
    ("profile-updated", {"title": "Staff engineer"}),
    ("emailed", {"intent": "networking", "topic": "types"}),
    ("declined-busy", {"callback_at": NOW - timedelta(days=1)}),
    ("retracted", {"retracted_version": 3}),
    ("opted-out", {}),
]


def envelope(days: int) -> dict[str, Any]:
    return {"occurred_at": NOW - timedelta(days=days), "by": "sam", "timestamp": NOW}


def as_the_library_makes_it(rid: UUID) -> Relationship:
    made = Relationship._create(Added, id=rid, handle="ada", name="Ada", **envelope(30), **PROFILE)
    for n, (kind, fields) in enumerate(HISTORY):
        BaseAggregate.trigger_event(made, RECORDABLE[kind], **envelope(20 - n), **fields)
    return made


def test_add_and_record_make_what_the_library_makes(monkeypatch: pytest.MonkeyPatch) -> None:
    rid = new_id()
    monkeypatch.setattr(module, "new_id", lambda: rid)
    made = Relationship.add("ada", name="Ada", **envelope(30), **PROFILE)
    for n, (kind, fields) in enumerate(HISTORY):
        made.record(RECORDABLE[kind], **envelope(20 - n), **fields)
    library = as_the_library_makes_it(rid)
    assert made.pending_events == library.pending_events
    assert len(made.pending_events) == 1 + len(HISTORY)
    assert vars(made) == vars(library)
    assert (made.id, made.version, made.created_on, made.modified_on) == (
        library.id,
        library.version,
        library.created_on,
        library.modified_on,
    )


def test_an_event_class_without_a_topic_of_its_own_is_refused() -> None:
    class Unnamed(Event):
        pass

    made = Relationship.add("ada", name="Ada", **envelope(3))
    with pytest.raises(ProgrammingError):
        made.trigger_event(Unnamed, **envelope(2))
    assert made.version == 1
