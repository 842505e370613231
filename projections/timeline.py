"""The agenda's size over time: how many actions were due at each of a series of moments, each
worked out as of then by the policy's own entry point (``decide``), from the histories alone.

A next action holds until its ``recheck_at`` or the next event, whichever comes first (as the
read model keeps it), so each person is decided once per change, not once per moment.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from outreach.domain.corrections import in_effect
from outreach.projections.model import Frozen, NextAction
from outreach.projections.pipeline import Pipeline
from outreach.projections.policy import decide
from outreach.projections.settings import Playbook

MAX_POINTS = 60


class AgendaPoint(Frozen):
    at: datetime
    due: int  # actions due at that moment (callbacks included)


def moments(start: datetime, end: datetime, most: int = MAX_POINTS) -> list[datetime]:
    """Evenly spaced moments from ``start`` to ``end`` (both in), a week apart or more."""
    if end <= start:
        return [end]
    step = max(timedelta(days=7), (end - start) / (most - 1))
    found: list[datetime] = []
    at = end
    while at >= start and len(found) < most:
        found.append(at)
        at -= step
    return found[::-1]


def agenda_sizes(
    pipeline: Pipeline, settings: Playbook, at: Sequence[datetime]
) -> tuple[AgendaPoint, ...]:
    """The number of actions due at each moment of ``at`` (in order), erased people left out."""
    counts = [0] * len(at)
    for person in pipeline.living():
        # Retracted events never happened: a retraction's own time changes nothing either.
        events = sorted(
            in_effect(person.events), key=lambda e: (e.occurred_at, e.originator_version)
        )
        if not events:
            continue
        action: NextAction | None = None
        until: datetime | None = None
        for k, moment in enumerate(at):
            if moment < events[0].occurred_at:
                continue  # not in the pipeline yet
            if action is None or (until is not None and moment >= until):
                action = decide(person.handle, events, pipeline.groups, settings, moment)
                later = next((e.occurred_at for e in events if e.occurred_at > moment), None)
                until = min((t for t in (action.recheck_at, later) if t), default=None)
            if action.kind is not None and action.due is not None and action.due <= moment:
                counts[k] += 1
    return tuple(AgendaPoint(at=m, due=n) for m, n in zip(at, counts, strict=True))
