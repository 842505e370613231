"""Facts derived from a relationship's history, shared by the policy and the violations.

The words are PLAYBOOK.md's ("touch", "round", "fresh research", "in conversation", ...).
Where it leaves a choice open, this module makes it:

- Events are taken in the order they happened (``occurred_at``, then ``originator_version``);
  events after ``now`` are left out ("as of" now). "Before" and "after" are positions in that
  order.
- A past candidacy is a touch at its date and an answer (they came to us: emails before it are
  not "unanswered"), but neither a conversation, a busy answer nor a no.
- A referral received is a note, not a touch: PLAYBOOK.md's Words do not list it.
- "Fresh" in a first round means less than ``dormant_after`` old, as a round goes dormant when
  ``dormant_after`` or more has passed.
- A pending agreed time is ended by a call recorded after the agreement, from an hour before
  the agreed time on; a call made before the agreement does not count.
- The candidate's time zone is the latest one on record (added or profile updated).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from outreach.domain.events import (
    Added,
    Called,
    ConnectionOffered,
    DeclinedBusy,
    DeclinedFirmly,
    Emailed,
    Event,
    Met,
    MotivationNoted,
    OpportunityPresented,
    PastCandidacy,
    ProfileUpdated,
    ReferralAsked,
    Replied,
    Rescheduled,
    Researched,
    SpottedOnline,
)
from outreach.domain.values import CallOutcome, EmailIntent, Source, group_key
from outreach.projections.calendar import zone
from outreach.projections.model import GroupActivity
from outreach.projections.settings import Playbook

HOUR = timedelta(hours=1)
_OUTBOUND = (Emailed, Called, ConnectionOffered, OpportunityPresented, ReferralAsked)
_ANSWERS = (Replied, Met, DeclinedBusy, DeclinedFirmly, Rescheduled, PastCandidacy)


def is_touch(event: Event) -> bool:
    return isinstance(event, _OUTBOUND + _ANSWERS)


def is_outbound(event: Event) -> bool:
    return isinstance(event, _OUTBOUND)


def is_connected_call(event: Event) -> bool:
    return isinstance(event, Called) and event.outcome == CallOutcome.CONNECTED


def is_answer(event: Event) -> bool:
    """Inbound: what the candidate said or did (a connected call is both ways)."""
    return isinstance(event, _ANSWERS) or is_connected_call(event)


def is_conversation(event: Event) -> bool:
    """An answer that means they are talking with us: a reply, a connected call, a meeting."""
    return isinstance(event, Replied | Met) or is_connected_call(event)


def is_busy(event: Event) -> bool:
    return isinstance(event, DeclinedBusy | Rescheduled)


def is_pitch(event: Event) -> bool:
    return isinstance(event, OpportunityPresented) or (
        isinstance(event, Emailed) and event.intent == EmailIntent.OPPORTUNITY
    )


def is_research(event: Event) -> bool:
    return isinstance(event, Researched | ProfileUpdated)


def agreed_time(event: Event) -> datetime | None:
    if isinstance(event, DeclinedBusy):
        return event.callback_at
    if isinstance(event, Rescheduled):
        return event.to
    return None


@dataclass(frozen=True, slots=True)
class Round:
    """Touches with less than ``dormant_after`` between them; the last round is the current one.

    Touches come with their positions in ``History.events``; ``start`` is the first touch, or
    the moment the silence made an empty round begin."""

    index: int
    start: datetime
    touches: tuple[tuple[int, Event], ...]
    previous_last: int | None  # position of the previous round's last touch

    @property
    def outbound(self) -> list[tuple[int, Event]]:
        return [(i, e) for i, e in self.touches if is_outbound(e)]

    @property
    def answers(self) -> list[tuple[int, Event]]:
        return [(i, e) for i, e in self.touches if is_answer(e)]

    @property
    def first_outbound(self) -> tuple[int, Event] | None:
        return next(((i, e) for i, e in self.touches if is_outbound(e)), None)

    @property
    def last_answer(self) -> tuple[int, Event] | None:
        answers = self.answers
        return answers[-1] if answers else None

    @property
    def last_touch(self) -> Event | None:
        return self.touches[-1][1] if self.touches else None

    def unanswered(self) -> list[tuple[int, Event]]:
        """The outbound touches after the round's last answer."""
        last = self.last_answer
        after = last[0] if last else -1
        return [(i, e) for i, e in self.outbound if i > after]

    def in_conversation(self) -> bool:
        last, first = self.last_answer, self.first_outbound
        return (
            last is not None
            and first is not None
            and is_conversation(last[1])
            and last[1].occurred_at >= first[1].occurred_at
        )


@dataclass(frozen=True)
class History:
    """One relationship's history as of ``now``, with the facts the playbook's words name."""

    handle: str
    now: datetime
    settings: Playbook
    events: tuple[Event, ...]
    next_event_at: datetime | None  # the first event after now: the answer may change then
    rounds: tuple[Round, ...]
    tz: ZoneInfo
    groups: Mapping[str, GroupActivity]

    @property
    def current(self) -> Round:
        return self.rounds[-1]

    def of(self, kind: type[Event]) -> list[Event]:
        return [e for e in self.events if isinstance(e, kind)]

    def first(self, kind: type[Event]) -> Event | None:
        return next((e for e in self.events if isinstance(e, kind)), None)

    def last(self, kind: type[Event]) -> Event | None:
        return next((e for e in reversed(self.events) if isinstance(e, kind)), None)

    @property
    def added(self) -> Added | None:
        found = self.first(Added)
        return found if isinstance(found, Added) else None

    @property
    def name(self) -> str:
        added = self.added
        return added.name if added is not None else self.handle

    @property
    def added_at(self) -> datetime | None:
        added = self.added
        return added.occurred_at if added is not None else None

    @property
    def past_candidate(self) -> bool:
        added = self.added
        return bool(self.of(PastCandidacy)) or (added is not None and added.source == Source.PAST)

    @property
    def would_hire(self) -> Met | None:
        """The first meeting after which the recruiter said "I would hire this person"."""
        return next((e for e in self.of(Met) if isinstance(e, Met) and e.would_hire), None)

    @property
    def key_contributor(self) -> SpottedOnline | None:
        found = [e for e in self.of(SpottedOnline) if isinstance(e, SpottedOnline)]
        return next((e for e in found if e.key_contributor), None)

    @property
    def motivation(self) -> Event | None:
        return self.first(MotivationNoted)

    @property
    def skills(self) -> tuple[str, ...]:
        """Their skills as last recorded."""
        found: tuple[str, ...] = ()
        for event in self.events:
            if isinstance(event, Added | ProfileUpdated) and event.skills:
                found = event.skills
        return found

    @property
    def topic(self) -> str:
        """What to talk about: the common ground on record, else the last email's topic, else
        their work (company, skills), else their industry."""
        for event in reversed(self.events):
            if isinstance(event, Researched) and event.common_ground:
                return " and ".join(event.common_ground)
        for event in reversed(self.events):
            if isinstance(event, Emailed) and event.topic:
                return event.topic
        company = None
        for event in self.events:
            if isinstance(event, Added | ProfileUpdated) and event.company:
                company = event.company
        if company:
            return f"their work at {company}"
        return f"their work in {', '.join(self.skills)}" if self.skills else "their industry"

    def fresh_research(self, before: int | None = None) -> Event | None:
        """The research that made research fresh as of now (or just before the event at
        position ``before``): in a later round, the first one after the previous round's last
        touch; in a first round, the start of the run of researches, each less than
        ``dormant_after`` after the one before, that ends with one less than that old. None
        when nothing is fresh."""
        end = len(self.events) if before is None else before
        previous = self.round_at(end).previous_last
        research = [(i, e) for i, e in enumerate(self.events[:end]) if is_research(e)]
        if previous is not None:
            return next((e for i, e in research if i > previous), None)
        moment = self.now if before is None else self.events[before].occurred_at
        dormant = self.settings.days("dormant_after")
        if not research or moment - research[-1][1].occurred_at >= dormant:
            return None
        k = len(research) - 1
        while k > 0 and research[k][1].occurred_at - research[k - 1][1].occurred_at < dormant:
            k -= 1
        return research[k][1]

    def round_at(self, position: int) -> Round:
        """The round a position (an event, or the end of history) belongs to."""
        for rnd in reversed(self.rounds):
            if rnd.previous_last is None or position > rnd.previous_last:
                return rnd
        return self.rounds[0]

    def group_name(self, key: str) -> str:
        activity = self.groups.get(key)
        if activity is not None:
            return activity.name
        spotted = [e for e in self.of(SpottedOnline) if isinstance(e, SpottedOnline)]
        return next((e.group for e in spotted if group_key(e.group) == key), key)

    def spotted_groups(self, before: int | None = None) -> dict[str, SpottedOnline]:
        """Each group they were spotted in (up to a position), with the first sighting."""
        found: dict[str, SpottedOnline] = {}
        for event in self.events[: len(self.events) if before is None else before]:
            if isinstance(event, SpottedOnline):
                found.setdefault(group_key(event.group), event)
        return found

    def listening(self, key: str) -> tuple[datetime | None, datetime | None]:
        """When listening in a group began (first watched, or anyone first spotted there) and
        the recruiter's first contribution to it."""
        activity = self.groups.get(key)
        starts = [e.occurred_at for e in self.of(SpottedOnline) if _in_group(e, key)]
        contributions: Iterable[datetime] = ()
        if activity is not None:
            starts += [t for t in (activity.first_watched, activity.first_spotted) if t]
            contributions = activity.contributed_at
        return min(starts, default=None), min(contributions, default=None)

    def ready_at(self, key: str) -> datetime | None:
        """When the recruiter will have listened in a group long enough and contributed to it;
        None until a contribution is on record. Activity after now only counts from its time,
        so comparing this moment with now (or with a touch) is all it takes."""
        start, contributed = self.listening(key)
        if start is None or contributed is None:
            return None
        return max(start + self.settings.days("observe_for"), contributed)

    def pending_agreement(self) -> tuple[Event, datetime] | None:
        """The agreed time of the current round still waiting for its call, and its answer."""
        answers = self.current.answers
        if not answers:
            return None
        position, last = answers[-1]
        agreed = agreed_time(last)
        if agreed is None:
            return None
        for i, event in self.current.touches:
            if i > position and isinstance(event, Called) and event.occurred_at >= agreed - HOUR:
                return None
        return last, agreed


def _in_group(event: Event, key: str) -> bool:
    return isinstance(event, SpottedOnline) and group_key(event.group) == key


def build_history(
    handle: str,
    history: Sequence[Event],
    groups: Mapping[str, GroupActivity],
    settings: Playbook,
    now: datetime,
) -> History:
    """Sort, cut at ``now``, split into rounds and find the candidate's time zone."""
    ordered = sorted(history, key=lambda e: (e.occurred_at, e.originator_version))
    events = tuple(e for e in ordered if e.occurred_at <= now)
    later = [e.occurred_at for e in ordered if e.occurred_at > now]
    tz_name = settings.recruiter_tz
    for event in events:
        if isinstance(event, Added | ProfileUpdated) and event.tz:
            tz_name = event.tz
    return History(
        handle=handle,
        now=now,
        settings=settings,
        events=events,
        next_event_at=min(later, default=None),
        # Before anything happened (an "as of" before they were added), the first event to come
        # stands for the start, so that the answer does not drift with now.
        rounds=_rounds(
            events, settings.days("dormant_after"), ordered[0].occurred_at if ordered else now, now
        ),
        tz=zone(tz_name),
        groups=groups,
    )


def _rounds(
    events: tuple[Event, ...], dormant: timedelta, first: datetime, now: datetime
) -> tuple[Round, ...]:
    rounds: list[Round] = []
    touches: list[tuple[int, Event]] = []
    previous: int | None = None
    start = events[0].occurred_at if events else first
    for i, event in enumerate(events):
        if not is_touch(event):
            continue
        if touches and event.occurred_at - touches[-1][1].occurred_at >= dormant:
            rounds.append(Round(len(rounds), touches[0][1].occurred_at, tuple(touches), previous))
            previous, touches = touches[-1][0], []
        touches.append((i, event))
    if touches:
        first_at = touches[0][1].occurred_at
        rounds.append(Round(len(rounds), first_at, tuple(touches), previous))
        if now - touches[-1][1].occurred_at >= dormant:
            silence = touches[-1][1].occurred_at + dormant
            rounds.append(Round(len(rounds), silence, (), touches[-1][0]))
    else:
        rounds.append(Round(0, start, (), None))
    return tuple(rounds)
