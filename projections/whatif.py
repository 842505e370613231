"""What a change to the playbook's figures would do, before anyone makes it: every relationship
replayed as of now under both settings, through the policy's own entry point, and compared.

An action "differs" when its kind, its due time or its sentence does (a sentence can name a
figure). A violation is the same one under both settings when its kind, its time and the events
it cites are; erased people are left out, as everywhere but the totals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from outreach.projections.model import Frozen, NextAction, Violation
from outreach.projections.pipeline import Pipeline
from outreach.projections.policy import assess
from outreach.projections.settings import Playbook


class Side(Frozen):
    """A next action as one of the two settings has it (``kind`` None: nothing to do)."""

    kind: str | None
    due: datetime | None
    text: str
    line: str


class ActionChange(Frozen):
    handle: str
    before: Side
    after: Side


class ViolationChange(Frozen):
    change: str  # "appears" or "disappears"
    violation: Violation


class KindCount(Frozen):
    before: str
    after: str
    count: int


class Comparison(Frozen):
    now: datetime
    changed: Mapping[str, tuple[Any, Any]]  # each changed figure: (in force, proposed)
    people: int
    actions: tuple[ActionChange, ...]
    violations: tuple[ViolationChange, ...]
    actions_by_kind: tuple[KindCount, ...]  # how many actions go from one kind to another
    appearing: Mapping[str, int]  # violations that would appear, by kind
    disappearing: Mapping[str, int]


def side(action: NextAction) -> Side:
    kind = action.kind.value if action.kind is not None else None
    return Side(kind=kind, due=action.due, text=action.text, line=action.line)


def _key(v: Violation) -> tuple[str, datetime, tuple[int, ...]]:
    return (v.kind, v.occurred_at, tuple(e.version for e in v.evidence))


def compare(pipeline: Pipeline, before: Playbook, after: Playbook, now: datetime) -> Comparison:
    """Each next action and violation that ``after`` would change, as of ``now``."""
    actions: list[ActionChange] = []
    violations: list[ViolationChange] = []
    living = pipeline.living()
    for person in living:
        was, was_found = assess(person.handle, person.events, pipeline.groups, before, now)
        will, will_found = assess(person.handle, person.events, pipeline.groups, after, now)
        old, new = side(was), side(will)
        if (old.kind, old.due, old.text) != (new.kind, new.due, new.text):
            actions.append(ActionChange(handle=person.handle, before=old, after=new))
        old_keys = {_key(v) for v in was_found}
        new_keys = {_key(v) for v in will_found}
        violations += [ViolationChange(change="disappears", violation=v)
                       for v in was_found if _key(v) not in new_keys]  # fmt: skip
        violations += [ViolationChange(change="appears", violation=v)
                       for v in will_found if _key(v) not in old_keys]  # fmt: skip
    return _comparison(len(living), actions, violations, before, after, now)


def merge(
    parts: Sequence[Comparison], before: Playbook, after: Playbook, now: datetime
) -> Comparison:
    """Comparisons of parts of a pipeline (worked out apart) as one, in handle order."""
    actions = sorted((a for p in parts for a in p.actions), key=lambda a: a.handle)
    violations = sorted(
        (v for p in parts for v in p.violations), key=lambda c: c.violation.handle
    )  # stable: each person's own order stays
    return _comparison(sum(p.people for p in parts), actions, violations, before, after, now)


def _comparison(
    people: int,
    actions: list[ActionChange],
    violations: list[ViolationChange],
    before: Playbook,
    after: Playbook,
    now: datetime,
) -> Comparison:
    pairs = Counter((a.before.kind or "none", a.after.kind or "none") for a in actions)
    changed = {
        key: (getattr(before, key), getattr(after, key))
        for key in type(before).model_fields
        if getattr(before, key) != getattr(after, key)
    }
    return Comparison(
        now=now,
        changed=changed,
        people=people,
        actions=tuple(actions),
        violations=tuple(violations),
        actions_by_kind=tuple(
            KindCount(before=b, after=a, count=n) for (b, a), n in sorted(pairs.items())
        ),
        appearing=_by_kind(violations, "appears"),
        disappearing=_by_kind(violations, "disappears"),
    )


def _by_kind(found: list[ViolationChange], change: str) -> dict[str, int]:
    return dict(sorted(Counter(c.violation.kind for c in found if c.change == change).items()))


def overrides(current: Playbook, pairs: list[str]) -> dict[str, Any]:
    """``KEY=VALUE`` pairs as settings figures: whole numbers where the figure is one, text
    otherwise; the settings' own validation judges them (unknown keys, bad values)."""
    table: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            from outreach.projections.settings import SettingsError

            raise SettingsError(f"--set {pair!r} is not KEY=VALUE: write, e.g., --set grace=3")
        default = getattr(current, key, None)
        number = isinstance(default, int) and value.strip().lstrip("-").isdigit()
        table[key] = int(value) if number else value
    return table
