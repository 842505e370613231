"""What happened: the relationship and group aggregates, their events, values and errors.

Import it as ``outreach.domain``.
"""

if __name__ != "outreach.domain":  # pragma: no cover - guards a mistaken bare import
    raise ImportError(
        f"this package is 'outreach.domain', not {__name__!r}: install the project"
        " (pip install -e .) and import outreach.domain"
    )

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from outreach.domain.events import RECORDABLE, Event, GroupEvent, RelationshipEvent
    from outreach.domain.relationship import Group, Relationship
    from outreach.domain.values import group_id, relationship_id

# The events and aggregates (pydantic models, eventsourcing) are imported on first use: a
# command that only reads the read models, or parses a date, never needs them.
_LAZY = {
    "RECORDABLE": "events",
    "Event": "events",
    "GroupEvent": "events",
    "RelationshipEvent": "events",
    "Group": "relationship",
    "Relationship": "relationship",
    "group_id": "values",
    "relationship_id": "values",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'outreach.domain' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"outreach.domain.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


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
