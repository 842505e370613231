"""The figures ``outreach stats`` gives, as values: the funnel's steps, rates, busy answers and
violation counts (how they are read from the histories: ``outreach.projections.stats``)."""

from __future__ import annotations

from datetime import datetime
from statistics import median

from outreach.projections.model import Frozen

TOO_FEW = 10  # a rate over fewer rounds (or calls, or answers) is not compared
STEPS = (
    "added",
    "researched",
    "reached",
    "answered",
    "in conversation",
    "motivation known",
    "opportunity presented",
    "referral received",
)
FIRST_TOUCHES = ("networking email", "connection offer", "pitch", "cold call")
CALL_KINDS = ("after an unanswered email", "cold call")
DROPPED = frozenset({"dropped-busy-answer", "missed-callback"})


class Step(Frozen):
    step: str
    people: int
    share_of_previous: float | None  # None for the first step, or after an empty one


class Rate(Frozen):
    """``hits`` of ``count``; ``too_few`` when ``count`` is under ``TOO_FEW``."""

    kind: str
    count: int
    hits: int
    share: float | None
    too_few: bool
    median_hours_to_answer: float | None = None


class Busy(Frozen):
    answers: int
    kept: int
    dropped: int
    open: int
    kept_share: float | None
    dropped_share: float | None
    too_few: bool


class Count(Frozen):
    """Violations of one rule, by one recruiter, in one month ("" where not split)."""

    month: str
    rule: str
    recruiter: str
    count: int


class Stats(Frozen):
    since: datetime | None
    until: datetime
    recruiter: str | None
    people: int  # everyone added in the period, erased people included
    erased: int
    funnel: tuple[Step, ...]
    first_touch: tuple[Rate, ...]
    calls: tuple[Rate, ...]
    busy: Busy
    violations_by_rule: tuple[Count, ...]
    violations_by_recruiter: tuple[Count, ...]
    violations_by_month: tuple[Count, ...]


def share(hits: int, count: int) -> float | None:
    return round(hits / count, 4) if count else None


def rate(kind: str, hits: int, count: int, hours: list[float] | None = None) -> Rate:
    middle = round(median(hours), 1) if hours else None
    return Rate(
        kind=kind,
        count=count,
        hits=hits,
        share=share(hits, count),
        too_few=count < TOO_FEW,
        median_hours_to_answer=middle,
    )
