"""What the projections answer: a next action (or none, with the reason), and violations.

These are the shapes shared by the pure policy, the read models, the engine's queries and the
command line's JSON.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from outreach.domain.event import unvalidated
from outreach.projections.kinds import ActionKind as ActionKind
from pydantic import BaseModel, ConfigDict

M = TypeVar("M", bound=BaseModel)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def made(model: type[M], **fields: Any) -> M:
    """An answer the policy made itself, without validating what it already holds: every
    field given, in the model's order (``answer_json`` writes them in that order), each of
    its declared type. Validating them again was a tenth of the policy's time (a next
    action and two violations a relationship); ``model_construct`` costs more than that.
    tests/unit/test_made_answers.py checks that every answer validates to itself."""
    return unvalidated(model, fields, set(fields))


class Evidence(Frozen):
    """One recorded event that led to an answer."""

    version: int  # the event's position in the relationship's log (originator_version)
    kind: str  # the event's KIND, e.g. "emailed"
    occurred_at: datetime
    by: str


class Priority(Frozen):
    """The parts of an action's rank in the agenda, shown on request (like a task's urgency).

    Sorted ascending: agreed callbacks first (by their time), then by kind, then people you'd
    hire, then key contributors, then the most overdue (earliest due)."""

    agreed: bool  # an agreed callback
    kind_rank: int  # position of the kind in the agenda order
    would_hire: bool
    key_contributor: bool

    def key(self, due: datetime | None) -> tuple[int, int, int, float]:
        stamp = due.timestamp() if due is not None else float("inf")
        best = 0 if self.would_hire else 1 if self.key_contributor else 2
        if self.agreed:
            return (0, 0, 0, stamp)
        return (1, self.kind_rank, best, stamp)


class NextAction(Frozen):
    """Exactly one next action for a relationship, or none (``kind`` is None) with the reason."""

    handle: str
    kind: ActionKind | None
    text: str  # a sentence for the recruiter naming the specifics, or the reason for none
    due: datetime | None  # timezone-aware
    rule: str  # the primary playbook rule id
    rules: tuple[str, ...]  # every rule cited, primary first
    because: str  # the seed line that justifies it
    line: str  # the policy table's line that applied: "1", "1b", "2" ... "13"
    evidence: tuple[Evidence, ...]
    priority: Priority | None
    # The earliest moment after "now" at which the answer (or the violations) could change with
    # time alone, with no new event; None when only a new event can change it.
    recheck_at: datetime | None
    # Put aside until then (a snooze in effect held the due time back to it); None otherwise.
    snoozed_until: datetime | None = None


class Violation(Frozen):
    """A place where what was done broke a don't or skipped a do."""

    handle: str
    kind: str  # e.g. "cold-call", "outreach-before-research"
    rule: str  # the playbook rule id
    text: str  # a sentence for the coaching report
    occurred_at: datetime  # when it happened (the offending event, or when it was due)
    evidence: tuple[Evidence, ...]
    by: tuple[str, ...]  # the recruiters who recorded the events involved


class GroupActivity(Frozen):
    """What the policy needs to know of an online group someone was spotted in."""

    name: str
    first_watched: datetime | None  # the recruiter first watched it
    first_spotted: datetime | None  # anyone was first spotted there
    contributed_at: tuple[datetime, ...]  # the recruiter's contributions
