"""Correcting the record and putting people aside: ``retract``, ``undo`` and ``snooze``. The
engine's methods of the same names delegate here.

Events are never edited: a mistake is withdrawn by a ``retracted`` event naming its version,
and every answer then treats it as never recorded (``outreach.domain.corrections``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from outreach.domain.corrections import NEVER_RETRACTED, withdrawn
from outreach.domain.errors import NothingToUndo
from outreach.domain.events import Event

if TYPE_CHECKING:
    from outreach.engine.engine import Engine, Recorded


def retract(
    engine: Engine,
    handle: str,
    version: int,
    *,
    reason: str | None = None,
    at: datetime | None = None,
    by: str | None = None,
) -> Recorded:
    """Withdraw event ``version`` (as ``history`` shows it), recorded by mistake. Added,
    opted-out, erased and a retraction stand: ``CannotRetract``, nothing written."""
    return engine.record(
        handle, "retracted", retracted_version=version, reason=reason, at=at, by=by
    )


def retractable(engine: Engine, handle: str) -> Event | None:
    """The latest recorded event that can still be retracted: the one ``undo`` withdraws."""
    events = engine.history(handle)
    gone = withdrawn(events)
    candidates = [
        e for e in events if type(e) not in NEVER_RETRACTED and e.originator_version not in gone
    ]
    return max(candidates, key=lambda e: e.originator_version, default=None)


def undo(
    engine: Engine, handle: str, *, reason: str | None = None, by: str | None = None
) -> Recorded:
    """Retract the latest recorded event that can be retracted."""
    event = retractable(engine, handle)
    if event is None:
        raise NothingToUndo(handle)
    return retract(engine, handle, event.originator_version, reason=reason, by=by)


def snooze(
    engine: Engine,
    handle: str,
    until: datetime,
    *,
    reason: str | None = None,
    at: datetime | None = None,
    by: str | None = None,
) -> Recorded:
    """Put the relationship aside until ``until``: no action is due before then, unless they
    answer (any touch after the snooze ends it) or a callback was agreed."""
    return engine.record(handle, "snoozed", until=until, reason=reason, at=at, by=by)
