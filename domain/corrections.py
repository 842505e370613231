"""Corrections: which recorded events are in effect (PLAYBOOK.md, Words: "retracted").

Events are never edited: a mistake is withdrawn by a ``retracted`` event naming the withdrawn
event's version. This is the one place that says which events a retraction withdraws; the
policy, the violations, the read models and every count or export replay ``in_effect`` of a
history, and only the history display shows what was withdrawn (``withdrawn``).

A retraction withdraws its event whatever the moment asked about: the event was a mistake and
never happened, so an "as of" answer before the retraction was recorded leaves it out too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from outreach.domain.events import Added, Erased, Event, OptedOut, Retracted

E = TypeVar("E", bound=Event)

# Final or founding events: withdrawing them would undo a legal duty or the relationship itself.
NEVER_RETRACTED: frozenset[type[Event]] = frozenset({Added, OptedOut, Erased, Retracted})


def withdrawn(events: Iterable[Event]) -> dict[int, Retracted]:
    """The versions withdrawn by a retraction, each with the retraction that withdrew it."""
    return {e.retracted_version: e for e in events if type(e) is Retracted}


def in_effect(events: Iterable[E]) -> list[E]:
    """The events every answer is built from: retractions and what they withdrew left out."""
    listed = list(events)
    gone = withdrawn(listed)
    return [e for e in listed if type(e) is not Retracted and e.originator_version not in gone]
