"""Two people with distinctive personal data, to look for in the bytes of a store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from outreach.engine import Engine

T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
NOW = T0 + timedelta(days=40)

ADA: dict[str, Any] = {
    "name": "Augusta Lovelacewright",
    "email": "augusta.lovelacewright@analytical.example",
    "phone": "+44 20 7946 0958",
    "company": "Babbageworks Ltd",
    "skills": ["python", "compilers"],
    "tz": "Europe/London",
}
ADA_NOTE = "collects Jacquard loom punchcards"
ADA_SAID = "wrote about Bernoulli numbers"
# What must not be found anywhere in the store once Ada is erased.
ADA_SECRETS = [
    "Lovelacewright",
    "lovelacewright",
    "augusta.lovelacewright@analytical.example",
    "7946 0958",
    "Babbageworks",
    "Jacquard loom",
    "Bernoulli",
    "augusta-l",  # her handle
]
GRACE: dict[str, Any] = {
    "name": "Grace Hopperfield",
    "email": "grace.hopperfield@navy.example",
    "skills": ["python", "cobol"],
    "tz": "America/New_York",
}
GRACE_SECRETS = ["Hopperfield", "grace.hopperfield@navy.example", "grace-h"]


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)


def populate(engine: Engine) -> None:
    engine.add("augusta-l", at=T0, **ADA)
    engine.record("augusta-l", "met", at=at(1), where="PyCon UK", would_hire=True)
    engine.record("augusta-l", "researched", at=at(2), note=ADA_NOTE, common_ground=["chess"])
    engine.record("augusta-l", "spotted-online", at=at(3), group="Python Forum", said=ADA_SAID)
    engine.record("augusta-l", "emailed", at=at(4), topic="Bernoulli numbers in Rust")
    engine.record("augusta-l", "referral-asked", at=at(5))  # a violation: no skills named
    engine.add("grace-h", at=T0, **GRACE)
    engine.record("grace-h", "met", at=at(1), where="Strange Loop", would_hire=True)
    engine.record("grace-h", "researched", at=at(2), note="compilers", common_ground=["navy"])
    engine.record("grace-h", "emailed", at=at(3), topic="compilers")
    engine.record("grace-h", "referral-asked", at=at(4))


def store_bytes(path: Path) -> bytes:
    """The database file and its write-ahead log, as a thief copying them would get them."""
    return b"".join(
        p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    )


def found(data: bytes, secrets: list[str]) -> list[str]:
    return [s for s in secrets if s.encode() in data]


def view(engine: Engine, handle: str) -> dict[str, Any]:
    """Everything the engine answers about someone, to compare before and after."""
    return {
        "history": [
            e.model_dump(exclude={"timestamp", "originator_id"})  # ids are random since 0.2
            for e in engine.history(handle)
        ],
        "next": engine.next_action(handle, now=NOW).model_dump(),
        "violations": [v.model_dump() for v in engine.violations(handle=handle, now=NOW)],
    }
