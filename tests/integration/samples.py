"""One example of every event a relationship records, with every field set."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


ADD: dict[str, Any] = {
    "name": "Ada Lovelace",
    "email": "ada@example.org",
    "phone": "+44 20 7946 0000",
    "skills": ["Python", "Analytical Engines"],
    "tz": "Europe/London",
    "source": "met",
    "company": "Babbage & Co",
    "title": "Engineer",
}

# (kind, fields) for every recordable event, all fields given.
EVERY_EVENT: list[tuple[str, dict[str, Any]]] = [
    ("past-candidacy", {"kind": "interviewed", "role": "Data engineer"}),
    (
        "profile-updated",
        {"company": "Engines Ltd", "title": "Lead", "skills": ["rust"], "tz": "Europe/Paris"},
    ),
    ("met", {"where": "PyCon UK", "would_hire": True}),
    ("researched", {"note": "Speaks at meetups", "common_ground": ["PyCon", "chess"]}),
    ("spotted-online", {"group": "Python Forum", "said": "Loves typing", "key_contributor": True}),
    ("motivation", {"kind": "training", "detail": "wants a course"}),
    ("career-move", {"kind": "industry-change", "detail": "from banking"}),
    ("emailed", {"intent": "connection-offer", "topic": "type checkers"}),
    ("called", {"outcome": "voicemail"}),
    ("replied", {}),
    ("declined-busy", {"callback_at": at(30)}),
    ("rescheduled", {"to": at(31)}),
    ("declined", {}),
    ("referral-asked", {"skills": ["Rust", "Go"]}),
    ("referral-received", {"who": "grace-hopper"}),
    ("connection-offered", {"note": "intro to the Rust team"}),
    ("opportunity-presented", {"role": "Staff engineer"}),
    ("retracted", {"retracted_version": 10, "reason": "logged on the wrong person"}),
    ("snoozed", {"until": at(40), "reason": "on leave"}),
    ("opted-out", {}),
]
