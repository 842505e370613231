"""The whole pipeline as the insight commands see it: every relationship's history and the
activity of the groups people were spotted in, handed over by the engine in one piece.

The statistics, the agenda over time and the what-if comparison are pure functions of a
``Pipeline``, the playbook settings and a moment: no clock, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from outreach.domain.events import Event
from outreach.projections.model import GroupActivity


@dataclass(frozen=True)
class Person:
    """One relationship: its handle and every event recorded about it, in any order.

    An erased person's events still say what happened and when (their data is unreadable):
    they count in the pipeline's totals and nowhere else."""

    handle: str
    events: Sequence[Event]
    erased: bool = False


@dataclass(frozen=True)
class Pipeline:
    people: Sequence[Person]
    groups: Mapping[str, GroupActivity] = field(default_factory=dict)

    def living(self) -> list[Person]:
        """Everyone whose data can still be shown (not erased)."""
        return [p for p in self.people if not p.erased]
