"""What happened: the relationship and group aggregates, their events, values and errors.

Import it as ``outreach.domain``.
"""

if __name__ != "outreach.domain":  # pragma: no cover - guards a mistaken bare import
    raise ImportError(
        f"this package is 'outreach.domain', not {__name__!r}: install the project"
        " (pip install -e .) and import outreach.domain"
    )

from outreach.domain.errors import (
    CannotRetract,
    ErasedError,
    HandleTaken,
    InvalidInput,
    NothingToUndo,
    OptedOutError,
    OutreachError,
    StoreBusy,
    StoreError,
    UnknownHandle,
)
from outreach.domain.events import RECORDABLE, Event, GroupEvent, RelationshipEvent
from outreach.domain.relationship import Group, Relationship
from outreach.domain.values import group_id, relationship_id

__all__ = [
    "RECORDABLE",
    "CannotRetract",
    "ErasedError",
    "Event",
    "Group",
    "GroupEvent",
    "HandleTaken",
    "InvalidInput",
    "NothingToUndo",
    "OptedOutError",
    "OutreachError",
    "Relationship",
    "RelationshipEvent",
    "StoreBusy",
    "StoreError",
    "UnknownHandle",
    "group_id",
    "relationship_id",
]
