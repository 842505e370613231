"""The playbook policy, pure: history in, the next best action and the violations out.

The table itself is ``outreach.projections.policy.table.TABLE``, one row per line of
PLAYBOOK.md's "Next best action"; ``decide`` and ``assess`` are the entry points (the read
models, the engine's "as of" queries and what-if questions call them).
"""

from outreach.projections.policy.answer import (
    assess,
    decide,
    find_violations,
    next_action,
    recheck_at,
)
from outreach.projections.policy.decision import Decision, Facts
from outreach.projections.policy.table import TABLE, decision
from outreach.projections.wording import ERASED, MOTIVES

__all__ = [
    "ERASED",
    "MOTIVES",
    "TABLE",
    "Decision",
    "Facts",
    "assess",
    "decide",
    "decision",
    "find_violations",
    "next_action",
    "recheck_at",
]
