"""Listening in the online groups someone was spotted in (DO 5, PLAYBOOK.md line 5): when
listening began, when it was long enough, and the group's name, for the policy and the
violations. The groups are the history's (``History.spotted_groups``, ``History.groups``)."""

from __future__ import annotations

from datetime import datetime

from outreach.projections.history import History


def group_name(h: History, key: str) -> str:
    activity = h.groups.get(key)
    spotted = h.spotted_groups.get(key)
    return activity.name if activity else spotted.group if spotted else key


def listening(h: History, key: str) -> tuple[datetime | None, datetime | None]:
    """When listening in a group began (first watched, or anyone first spotted there) and
    the recruiter's first contribution to it."""
    activity = h.groups.get(key)
    spotted = h.spotted_groups.get(key)
    starts = [spotted.occurred_at] if spotted else []
    if activity is None:
        return min(starts, default=None), None
    starts += [t for t in (activity.first_watched, activity.first_spotted) if t]
    return min(starts, default=None), min(activity.contributed_at, default=None)


def ready_at(h: History, key: str) -> datetime | None:
    """When the recruiter will have listened in a group long enough and contributed to it;
    None until a contribution is on record. Activity after now only counts from its time,
    so comparing this moment with now (or with a touch) is all it takes."""
    start, contributed = listening(h, key)
    if start is None or contributed is None:
        return None
    return max(h.after(start, "observe_for"), contributed)
