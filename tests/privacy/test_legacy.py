"""Events stored before sealing existed (personal fields in plain JSON) still load."""

from __future__ import annotations

import pytest
from outreach.domain import UnknownHandle
from outreach.domain.relationship import Relationship
from outreach.domain.values import relationship_id
from outreach.engine import Engine
from outreach.engine.application import OutreachApplication
from outreach.engine.store import parse

from .people import NOW, T0, at


def write_unsealed(url: str) -> None:
    """What the engine wrote before this version: no keys table, no sealing, and the id
    derived from the handle."""
    app = OutreachApplication(env=parse(url).env)
    envelope = {"occurred_at": T0, "by": "sam", "timestamp": NOW}
    from outreach.domain.events import Added, Researched
    from outreach.domain.values import relationship_id

    old = Relationship._create(
        Added,
        id=relationship_id("old-timer"),
        handle="old-timer",
        name="Olga Oldfield",
        email="olga@old.example",
        **envelope,
    )

    old.record(Researched, note="met at a 2019 meetup", **{**envelope, "occurred_at": at(1)})
    app.save(*old.collect_events())
    app.close()


def test_events_written_before_sealing_load_and_new_ones_are_sealed(sqlite_url: str) -> None:
    write_unsealed(sqlite_url)
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        history = engine.history("old-timer")
        assert history[0].name == "Olga Oldfield"  # type: ignore[attr-defined]
        assert history[1].note == "met at a 2019 meetup"  # type: ignore[attr-defined]
        assert engine.next_action("old-timer", now=NOW).kind is not None
        engine.record("old-timer", "emailed", at=at(2), topic="Olga's new team")
        with engine.app.datastore.transaction(commit=False) as cursor:
            cursor.execute("SELECT state FROM stored_events ORDER BY rowid")
            states = [bytes(row["state"]) for row in cursor.fetchall()]
        assert b"Olga Oldfield" in states[0]
        assert b"Olga's new team" not in states[2] and b"~sealed" in states[2]
        assert engine.history("old-timer")[2].topic == "Olga's new team"  # type: ignore[attr-defined]


def test_an_erased_person_from_before_sealing_is_never_shown_again(sqlite_url: str) -> None:
    write_unsealed(sqlite_url)
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.erase("old-timer")
        rid = relationship_id("old-timer")
        assert engine.app.history_of(rid)[0].name == "erased"  # type: ignore[attr-defined]
        assert engine.handles() == []
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        assert engine.app.history_of(rid)[1].note is None  # type: ignore[attr-defined]
        with pytest.raises(UnknownHandle):  # the handle names nobody now
            engine.history("old-timer")
        engine.rebuild()
        assert engine.handles() == []
