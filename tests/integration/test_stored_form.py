"""What an event is stored as: ``model_dump(mode="json")`` less its ids, the fields of a
person's events but the envelope sealed with their data key. The mapper writes a batch with
each class's serializer and one key lookup for a run of one person's events (the bulk
import's path), and what it stores is what the plain dump says, field by field and with the
envelope in the same order, for every kind of event a person's history may hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from outreach.domain.events import RECORDABLE, Event
from outreach.engine import Engine, NewRelationship
from outreach.engine.bulk import build
from outreach.engine.mapper import SEALED_FIELDS, sealed_fields

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
PARIS = timedelta(hours=2)


def day(n: float) -> datetime:
    return NOW - timedelta(days=200) + timedelta(days=n, microseconds=n * 1000)


HISTORY: tuple[tuple[str, datetime | None, dict[str, Any]], ...] = (
    ("profile-updated", day(1), {"skills": ["Rust", "go"], "title": "Staff engineer"}),
    ("past-candidacy", day(2), {"kind": "interviewed", "role": "SRE"}),
    ("met", day(3), {"where": "PyCon", "would_hire": True}),
    ("researched", day(4), {"note": "a talk", "common_ground": ["PyCon", "chess"]}),
    ("spotted-online", day(5), {"group": "Rust Users", "key_contributor": True, "said": "hi"}),
    ("motivation", day(6), {"kind": "pay", "detail": "said so"}),
    ("career-move", day(7), {"kind": "industry-change"}),
    ("emailed", day(8), {"intent": "follow-up", "topic": "types"}),
    ("called", day(9), {"outcome": "voicemail", "note": "left a message"}),
    ("replied", None, {}),
    ("declined-busy", day(10), {"callback_at": day(30)}),
    ("rescheduled", day(11), {"to": day(40).astimezone(timezone(PARIS))}),
    ("referral-asked", day(12), {"skills": ["ml"]}),
    ("referral-received", day(13), {"who": "grace"}),
    ("connection-offered", day(14), {"note": "an intro"}),
    ("opportunity-presented", day(15), {"role": "Platform lead"}),
    ("declined", day(16), {}),
    ("snoozed", day(17), {"until": day(60), "reason": "parental leave"}),
    ("retracted", day(18), {"retracted_version": 5, "reason": "wrong person"}),
    ("opted-out", day(19), {}),
)


def people() -> list[NewRelationship]:
    full = NewRelationship(
        handle="ada",
        name="Ada Lovelace",
        at=day(0),
        fields={
            "email": "ada@example.org",
            "phone": "+44 20 0000 0000",
            "url": "https://example.org/ada",
            "skills": ["Python", "compilers"],
            "tz": "europe/london",
            "source": "met",
            "company": "Analytical Engines",
            "title": "Engineer",
        },
        events=HISTORY,
    )
    bare = NewRelationship(handle="Bob", name=" Bob ", events=(("researched", None, {}),))
    return [full, bare]


def envelope(at: datetime | None) -> dict[str, Any]:
    return {"occurred_at": at or NOW, "by": "sam", "timestamp": NOW}


def plain_dump(event: Event) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the stored state must hold: the fields in the clear (in the dump's order) and
    those sealed, as ``model_dump(mode="json")`` gives them."""
    state = event.model_dump(mode="json", exclude={"originator_id", "originator_version"})
    sealed = {name: state.pop(name) for name in sealed_fields(type(event)) if name in state}
    return state, sealed


def test_every_stored_event_is_its_plain_dump_sealed(sqlite_url: str) -> None:
    with Engine.open(sqlite_url, recruiter="sam", clock=lambda: NOW) as engine:
        engine.watch_group("Rust Users", at=day(1))
        engine.contributed_to_group("Rust Users", at=day(2))
        relationships = [build(person, envelope) for person in people()]
        built: list[Event] = [e for r in relationships for e in r.pending_events]  # type: ignore[misc]
        engine.app.save(*relationships)
        mapper, recorder = engine.app.mapper, engine.app.recorder
        stored = {
            (n.originator_id, n.originator_version): n
            for n in recorder.select_notifications(1, 100_000)
        }
        kinds = set()
        for event in built:
            row = stored[(event.originator_id, event.originator_version)]
            state = mapper.decode_state(row.state)
            clear, sealed = plain_dump(event)
            class_version = getattr(type(event), "class_version", 1)
            order = [*clear, *([SEALED_FIELDS] if sealed else [])]
            assert list(state) == order + (["class_version"] if class_version > 1 else [])
            assert state.get("class_version", 1) == class_version
            assert {k: v for k, v in state.items() if k in clear} == clear
            if sealed:
                key = engine.app.privacy.key(event.originator_id)  # type: ignore[union-attr]
                opened = mapper._open(
                    key, state[SEALED_FIELDS], event.originator_id.hex, row.originator_version
                )
                assert opened == sealed
            assert row.topic == type(event).TOPIC
            assert mapper.to_domain_event(row) == event
            kinds.add(type(event))
        assert {k.KIND for k in kinds} == {"added", *RECORDABLE}
        groups = [n for n in stored.values() if n.topic.startswith("outreach.group:")]
        assert groups and all(SEALED_FIELDS not in mapper.decode_state(n.state) for n in groups)
