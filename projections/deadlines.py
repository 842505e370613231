"""Violations that happen at a deadline, when nothing was done in time: a dropped busy answer,
a missed agreed callback, an ignored reply. Each is found whether its deadline has passed or
not, so that the read model knows when to look again.

Choices where PLAYBOOK.md leaves room:

- "Dropped busy answer" is about a declined-busy answer with no time agreed (the one that
  creates an offer-time); an agreed time has its own violation, the missed callback. The
  offer-time due is the one the answer created when it came in (``busy_follow_up`` business
  days later, or ``busy_back_off`` days after ``max_busy`` busy answers in a row), and any touch
  within ``grace`` business days of it (inclusive) counts as the follow-up.
- "Ignored reply" is about a reply (not a meeting or a call): any outbound touch or answer
  within ``grace`` business days of it (inclusive) counts as answering it.
- None of them is held against anyone when the person opted out (or was erased) before the
  deadline: nobody may contact them any more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from outreach.domain.events import (
    Called,
    DeclinedBusy,
    DeclinedFirmly,
    Erased,
    Event,
    Met,
    OptedOut,
    Replied,
    Rescheduled,
)
from outreach.projections.calendar import DAY, ZERO
from outreach.projections.history import HOUR, History, agreed_time, is_answer
from outreach.projections.touches import BUSY

_ENDS_A_RUN = frozenset({Replied, Met, DeclinedFirmly})


@dataclass(slots=True)  # not frozen: made for every reply, and frozen fields cost (``Facts``)
class Deadline:
    """A violation that happens at a moment if nothing is done by then: its kind, the events
    it cites (the first set the deadline), the moment, and the facts its sentence names. It
    becomes a ``Violation`` (worded) only once the moment has passed; until then the moment
    is when the answer must be worked out again."""

    kind: str
    events: tuple[Event, ...]
    at: datetime
    facts: Mapping[str, object]
    rule: str | None = None  # left waiting: the rule of the action left waiting


def deadlines(h: History) -> list[Deadline]:
    """Dropped busy answers, missed callbacks and ignored replies, each at its deadline."""
    kinds = h.kinds  # (the classes on record, asked without a call each: History.of)
    if DeclinedBusy not in kinds and Rescheduled not in kinds and Replied not in kinds:
        return []  # the usual case, and the policy asks for every relationship
    stops = [e.occurred_at for e in (h.first(OptedOut), h.first(Erased)) if e is not None]
    ended = min(stops, default=None)  # nobody may contact them after it
    touches = [event for rnd in h.rounds for _, event in rnd.touches]
    found: list[Deadline] = []
    # A reply answered sooner than this was answered within its ``grace`` business days,
    # whatever the calendar (two days' margin for daylight saving and zones that skipped a
    # day): no deadline to count.
    soon = DAY * (h.settings.grace - 2)
    k = 0  # the position of the touch after this one
    for rnd in h.rounds:
        streak = 0  # as in line 3: a run of busy answers, in one round
        for _, event in rnd.touches:
            k += 1
            kind = type(event)
            if kind in _ENDS_A_RUN:
                streak = 0
            if kind is not Replied and kind not in BUSY:
                continue
            following = touches[k].occurred_at if k < len(touches) else None
            if kind is Replied:
                if following is None or following - event.occurred_at >= soon:
                    deadline = h.business(event.occurred_at, "grace")
                    if _missed(following, deadline, ended):
                        facts = {"deadline": deadline}
                        found.append(Deadline("ignored-reply", (event,), deadline, facts))
                continue
            streak += 1
            if type(event) is DeclinedBusy and event.callback_at is None:
                if streak >= h.settings.max_busy:
                    due = h.after(event.occurred_at, "busy_back_off")
                else:
                    due = h.business(event.occurred_at, "busy_follow_up")
                deadline = h.business(due, "grace")
                if _missed(following, deadline, ended):
                    facts = {"deadline": deadline}
                    found.append(Deadline("dropped-busy-answer", (event,), deadline, facts))
            agreed = agreed_time(event)
            stopped = agreed is None or (ended is not None and ended <= agreed + HOUR)
            if agreed is not None and not stopped and not _kept(touches[k:], agreed):
                facts = {"agreed": agreed}
                found.append(Deadline("missed-callback", (event,), agreed + HOUR, facts))
    return found


def _missed(following: datetime | None, deadline: datetime, ended: datetime | None) -> bool:
    """``following > deadline`` and not ``ended <= deadline``, by subtracting: the deadline is
    on the candidate's clock, the events in UTC (calendar.ZERO)."""
    return (following is None or following - deadline > ZERO) and not (
        ended and ended - deadline <= ZERO
    )


def _kept(later: list[Event], agreed: datetime) -> bool:
    """A call within the hour either side, or an answer before the hour was up that replaced
    the agreement."""
    for event in later:
        if event.occurred_at > agreed + HOUR:
            return False
        if (type(event) is Called and event.occurred_at >= agreed - HOUR) or (
            is_answer(event) and event.occurred_at < agreed + HOUR
        ):
            return True
    return False
