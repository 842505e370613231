"""Touches and rounds (PLAYBOOK.md, Words): what is outbound, what is an answer, and how touches
split into rounds.

Outbound and inbound are defined once, by the event classes' own ``OUTBOUND`` and ``INBOUND``
flags (the hard rule of an opt-out reads the same flag); this module only indexes them.

- A past candidacy is a touch at its date and an answer (they came to us: emails before it are
  not "unanswered"), but neither a conversation, a busy answer nor a no.
- A referral received, a retraction and a snooze are notes, not touches: PLAYBOOK.md's Words do
  not list them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from outreach.domain.events import (
    RECORDABLE,
    Called,
    DeclinedBusy,
    Emailed,
    Event,
    Met,
    OpportunityPresented,
    ProfileUpdated,
    Replied,
    Rescheduled,
    Researched,
)
from outreach.domain.values import CallOutcome, EmailIntent
from outreach.projections.calendar import DAY, add_days
from outreach.projections.fact import fact

Positioned = tuple[int, Event]  # an event and its position in History.events
HOUR = timedelta(hours=1)
# The members asked about for every touch, as module names: read from its class, an enum's
# member costs 50 ns (EnumType's ``__getattr__`` hook), a module's name 5.
CONNECTED = CallOutcome.CONNECTED
OPPORTUNITY = EmailIntent.OPPORTUNITY

# Sets of exact classes: event classes are never subclassed, and a set lookup is several times
# faster than isinstance, which matters at catch-up speed.
OUTBOUND: frozenset[type[Event]] = frozenset(c for c in RECORDABLE.values() if c.OUTBOUND)
ANSWERS: frozenset[type[Event]] = frozenset(c for c in RECORDABLE.values() if c.INBOUND)
TOUCHES = OUTBOUND | ANSWERS


def _kinds(*kinds: type[Event]) -> frozenset[type[Event]]:
    return frozenset(kinds)


_TALKS = _kinds(Replied, Met)
BUSY = _kinds(DeclinedBusy, Rescheduled)
RESEARCH = _kinds(Researched, ProfileUpdated)


def is_touch(event: Event) -> bool:
    return type(event) in TOUCHES


def is_outbound(event: Event) -> bool:
    return type(event) in OUTBOUND


def is_connected_call(event: Event) -> bool:
    return type(event) is Called and event.outcome == CONNECTED


def is_answer(event: Event) -> bool:
    """Inbound: what the candidate said or did (a connected call is both ways)."""
    return type(event) in ANSWERS or is_connected_call(event)


def is_conversation(event: Event) -> bool:
    """An answer that means they are talking with us: a reply, a connected call, a meeting."""
    return type(event) in _TALKS or is_connected_call(event)


def is_busy(event: Event) -> bool:
    return type(event) in BUSY


def is_pitch(event: Event) -> bool:
    """An opportunity presented, or an email whose intent is one."""
    return type(event) is OpportunityPresented or (
        type(event) is Emailed and event.intent == OPPORTUNITY
    )


def is_research(event: Event) -> bool:
    return type(event) in RESEARCH


def agreed_time(event: Event) -> datetime | None:
    if type(event) is DeclinedBusy:
        return event.callback_at
    if type(event) is Rescheduled:
        return event.to
    return None


@dataclass
class Round:
    """Touches with less than ``dormant_after`` between them; the last round is the current one.

    ``start`` is the first touch, or the moment the silence made an empty round begin. Not
    frozen, though nothing changes one once split (as ``History``): a frozen dataclass sets
    each field through ``object.__setattr__``, at every round of every answer."""

    index: int
    start: datetime
    touches: tuple[Positioned, ...]
    previous_last: int | None  # position of the previous round's last touch
    outbound: tuple[Positioned, ...]
    answers: tuple[Positioned, ...]

    @classmethod
    def of(
        cls, index: int, start: datetime, touches: Sequence[Positioned], previous: int | None
    ) -> Round:
        outbound: list[Positioned] = []
        answers: list[Positioned] = []
        for touch in touches:  # is_outbound and is_answer, inline: a round is made per touch
            event = touch[1]
            kind = type(event)
            if kind in OUTBOUND:
                outbound.append(touch)
            if kind in ANSWERS or (kind is Called and is_connected_call(event)):
                answers.append(touch)
        return cls(index, start, tuple(touches), previous, tuple(outbound), tuple(answers))

    @fact
    def first_outbound(self) -> Positioned | None:
        return self.outbound[0] if self.outbound else None

    @fact
    def last_answer(self) -> Positioned | None:
        return self.answers[-1] if self.answers else None

    @fact
    def last_touch(self) -> Event | None:
        return self.touches[-1][1] if self.touches else None

    @fact
    def unanswered(self) -> list[Event]:
        """The outbound touches after the round's last answer."""
        after = self.answers[-1][0] if self.answers else -1
        return [e for i, e in self.outbound if i > after]

    @fact
    def in_conversation(self) -> bool:
        last, first = self.last_answer, self.first_outbound
        return (
            last is not None
            and first is not None
            and is_conversation(last[1])
            and last[1].occurred_at >= first[1].occurred_at
        )


def quiet(since: datetime, until: datetime, days: int, tz: ZoneInfo) -> bool:
    """Whether ``days`` calendar days (on the candidate's clock) passed from since to until."""
    gap = (until - since).total_seconds() / 86400 - days
    if abs(gap) > 1:  # only near the boundary can daylight saving's hour decide it
        return gap > 0
    return until >= add_days(since, days, tz)


def split_rounds(
    events: tuple[Event, ...], dormant: int, tz: ZoneInfo, first: datetime, now: datetime
) -> tuple[Round, ...]:
    """Touches split wherever ``dormant`` days or more passed without one; when the last touch
    is that old, a new, empty round has begun."""
    rounds: list[Round] = []
    touches: list[Positioned] = []
    # The round's outbound touches and answers, told apart on the way (``Round.of``'s).
    outbound: list[Positioned] = []
    answers: list[Positioned] = []
    previous: int | None = None
    near = DAY * (dormant - 1)  # closer than this is never quiet (``quiet``)
    last: datetime | None = None
    for i, event in enumerate(events):
        kind = type(event)
        if kind not in TOUCHES:
            continue
        moment = event.occurred_at
        if last is not None and moment - last >= near and quiet(last, moment, dormant, tz):
            start = touches[0][1].occurred_at
            rounds.append(
                Round(len(rounds), start, (*touches,), previous, (*outbound,), (*answers,))
            )
            previous, touches, outbound, answers = touches[-1][0], [], [], []
        touch = (i, event)
        touches.append(touch)
        if kind in OUTBOUND:
            outbound.append(touch)
        if kind in ANSWERS or (kind is Called and is_connected_call(event)):
            answers.append(touch)
        last = moment
    if not touches:
        return (Round.of(0, events[0].occurred_at if events else first, (), None),)
    start = touches[0][1].occurred_at
    rounds.append(Round(len(rounds), start, (*touches,), previous, (*outbound,), (*answers,)))
    if quiet(touches[-1][1].occurred_at, now, dormant, tz):
        silence = add_days(touches[-1][1].occurred_at, dormant, tz)
        rounds.append(Round.of(len(rounds), silence, (), touches[-1][0]))
    return tuple(rounds)
