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

from outreach.domain.events import Added, Event
from outreach.projections.calendar import zone
from outreach.projections.model import ActionKind, Evidence, NextAction, Priority, made
from outreach.projections.policy.decision import Decision, Facts
from outreach.projections.policy.table import ROWS
from outreach.projections.settings import Playbook
from outreach.projections.wording import action_text, because

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
    # Made without validating again (model.made): an import's catch-up makes one for each
    # person. The test (tests/unit/test_just_added.py) compares with the whole table's.
    evidence = made(
        Evidence,
        version=added.originator_version,
        kind=added.KIND,
        occurred_at=added.occurred_at,
        by=added.by,
    )
    return made(
        NextAction,
        handle=handle,
        kind=row.kind,
        text=action_text(d),
        due=added.occurred_at.astimezone(tz),
        rule=row.rule,
        rules=d.rules,
        because=because(d),
        line=row.line,
        evidence=(evidence,),
        priority=_PRIORITY,
        recheck_at=None,
        snoozed_until=None,
    )
