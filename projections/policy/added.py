"""The answer for someone just added, without working out their history: an import adds
thousands of people at once, each with one ``added`` event, and the catch-up after it asks the
policy about every one of them.

What the table says of such a history, as of a moment at or after the event (PLAYBOOK.md
"Next best action"): nothing ends it (lines 1 and 1b), nobody answered (2 to 4), they were
spotted in no group (5), it is their first round (6), and an ``added`` event is not research,
so line 7 applies, due when they were added. Its sentence names only who they are. Nothing
was sent, so there is no violation, and nothing can change with time alone: no touch to go
dormant, no research to go stale, no group to listen in, no snooze, no deadline. The full
path (``answer.in_full``) gives the same answer for every such history
(tests/unit/test_just_added.py compares the two over generated ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from outreach.domain.events import Added, Event
from outreach.projections.calendar import zone
from outreach.projections.model import ActionKind, Evidence, NextAction, Priority
from outreach.projections.policy.decision import Decision, Facts
from outreach.projections.policy.table import ROWS
from outreach.projections.settings import Playbook
from outreach.projections.wording import action_text, because
from pydantic import BaseModel

_Model = TypeVar("_Model", bound=BaseModel)

_RESEARCH = ROWS["7"]
_PRIORITY = Priority(
    agreed=False,
    kind_rank=list(ActionKind).index(ActionKind.RESEARCH),
    would_hire=False,
    key_contributor=False,
)


def just_added(
    handle: str, history: Sequence[Event], settings: Playbook, now: datetime
) -> NextAction | None:
    """The next action for a history of one ``added`` event at or before ``now`` (line 7,
    research them), else None: any other history needs the whole table."""
    if len(history) != 1:
        return None
    added = history[0]
    if type(added) is not Added or added.occurred_at > now:
        return None
    tz = zone(added.tz or settings.recruiter_tz)  # theirs, else the recruiter's
    row = _RESEARCH
    assert row.kind is not None
    d = Decision(row.line, row.kind, (row.rule,), added.occurred_at, Facts(added.name, tz))
    # Made without validating again (an import's catch-up makes one for each person: the
    # validation was half of this function's time): every value is already of its field's
    # type, taken from a validated event, the table's row and the wording's sentences; the
    # test (tests/unit/test_just_added.py) compares the answers with the whole table's.
    evidence = _made(
        Evidence,
        {
            "version": added.originator_version,
            "kind": added.KIND,
            "occurred_at": added.occurred_at,
            "by": added.by,
        },
    )
    return _made(
        NextAction,
        {
            "handle": handle,
            "kind": row.kind,
            "text": action_text(d),
            "due": added.occurred_at.astimezone(tz),
            "rule": row.rule,
            "rules": d.rules,
            "because": because(d),
            "line": row.line,
            "evidence": (evidence,),
            "priority": _PRIORITY,
            "recheck_at": None,
            "snoozed_until": None,
        },
        _GIVEN,
    )


# The fields the table's answer gives (the snooze's end only when snoozed): model_fields_set.
_GIVEN = frozenset(NextAction.model_fields) - {"snoozed_until"}
_new = object.__new__
_SLOTS = BaseModel.__dict__  # pydantic's slots, set through their descriptors
_set_dict = _SLOTS["__dict__"].__set__
_set_given = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__


def _made(cls: type[_Model], values: dict[str, Any], given: frozenset[str] | None = None) -> _Model:
    """``cls.model_construct(**values)`` as pydantic makes it, in a fifth of the time:
    ``values`` holds every field in its order; ``given``, those given (all, if None)."""
    model = _new(cls)
    _set_dict(model, values)
    _set_given(model, set(values if given is None else given))
    _set_extra(model, None)
    _set_private(model, None)
    return model
