"""Facts derived from a relationship's history, shared by the policy and the violations.

The words are PLAYBOOK.md's ("touch", "round", "fresh research", "in conversation", ...; the
touches themselves are in ``touches``). Where it leaves a choice open, this module makes it:

- Events are taken in the order they happened (``occurred_at``, then ``originator_version``);
  events after ``now`` are left out ("as of" now), and so is whatever was retracted
  (``in_effect``). "Before" and "after" are positions in that order.
- "Fresh" in a first round means less than ``dormant_after`` old, as a round goes dormant when
  ``dormant_after`` or more has passed. Calendar-day figures are counted, like business days,
  on the candidate's wall clock, so every due time keeps its time of day.
- A pending agreed time is ended by a call recorded after the agreement, from an hour before
  the agreed time on; a call made before the agreement does not count.
- The candidate's time zone is the latest one on record (added or profile updated), else the
  recruiter's; their name the latest one on record.
- The snooze in effect is the last one recorded, unless a touch came after it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import TypeVar
from zoneinfo import ZoneInfo

from outreach.domain.corrections import in_effect
from outreach.domain.events import (
    Added,
    Called,
    Emailed,
    Event,
    Met,
    MotivationNoted,
    PastCandidacy,
    ProfileUpdated,
    Researched,
    Retracted,
    Snoozed,
    SpottedOnline,
)
from outreach.domain.values import Source, group_key
from outreach.projections.calendar import add_business_days, add_days, holiday_country, zone
from outreach.projections.fact import fact
from outreach.projections.model import Evidence, GroupActivity
from outreach.projections.settings import Playbook
from outreach.projections.touches import (
    HOUR,
    RESEARCH,
    TOUCHES,
    Positioned,
    Round,
    agreed_time,
    is_answer,
    is_busy,
    is_conversation,
    is_outbound,
    is_pitch,
    is_research,
    is_touch,
    quiet,
    split_rounds,
)

__all__ = [  # the words of the playbook, for the policy and the violations
    "HOUR",
    "History",
    "Positioned",
    "Round",
    "agreed_time",
    "build_history",
    "is_answer",
    "is_busy",
    "is_conversation",
    "is_outbound",
    "is_pitch",
    "is_research",
    "is_touch",
]

E = TypeVar("E", bound=Event)


@dataclass
class History:
    """One relationship's history as of ``now``, with the facts the playbook's words name.
    Not frozen (nothing changes one but the facts it keeps): frozen costs at every answer."""

    handle: str
    now: datetime
    settings: Playbook
    events: tuple[Event, ...]
    next_event_at: datetime | None  # the first event after now: the answer may change then
    rounds: tuple[Round, ...]
    tz: ZoneInfo
    country: str  # whose public holidays are not business days ("" for weekends only)
    groups: Mapping[str, GroupActivity]
    kinds: Mapping[type[Event], list[Event]]  # the events of each class, in order (none: absent)
    researched: list[Positioned]  # every research and profile update, with its position

    def after(self, moment: datetime, figure: str) -> datetime:
        """A calendar-day figure of the playbook after ``moment``, on the candidate's clock."""
        return add_days(moment, getattr(self.settings, figure), self.tz)

    def passed(self, figure: str, since: datetime, until: datetime) -> bool:
        """Whether a calendar-day figure of the playbook passed from ``since`` to ``until``:
        ``until >= self.after(since, figure)``, counted only near the boundary."""
        return quiet(since, until, getattr(self.settings, figure), self.tz)

    def business(self, moment: datetime, figure: str) -> datetime:
        """A business-day figure of the playbook after ``moment``, on the candidate's clock."""
        return add_business_days(moment, getattr(self.settings, figure), self.country, self.tz)

    @fact
    def current(self) -> Round:
        return self.rounds[-1]

    def of(self, kind: type[E]) -> list[E]:
        return self.kinds.get(kind, [])  # type: ignore[return-value]  # (a cast is a call)

    def first(self, kind: type[E]) -> E | None:
        found = self.kinds.get(kind)
        return found[0] if found else None  # type: ignore[return-value]

    def last(self, kind: type[E]) -> E | None:
        found = self.kinds.get(kind)
        return found[-1] if found else None  # type: ignore[return-value]

    @fact
    def name(self) -> str:
        """The name on record: the latest correction, else the one given when added."""
        corrected = [e.name for e in self.of(ProfileUpdated) if e.name]
        if corrected:
            return corrected[-1]
        added = self.first(Added)
        return added.name if added is not None else self.handle

    @fact
    def added_at(self) -> datetime | None:
        added = self.first(Added)
        return added.occurred_at if added is not None else None

    @fact
    def past_candidate(self) -> bool:
        added = self.first(Added)
        return bool(self.of(PastCandidacy)) or (added is not None and added.source == Source.PAST)

    @fact
    def would_hire(self) -> Met | None:
        """The first meeting after which the recruiter said "I would hire this person"."""
        return next((e for e in self.of(Met) if e.would_hire), None)

    @fact
    def key_contributor(self) -> SpottedOnline | None:
        return next((e for e in self.of(SpottedOnline) if e.key_contributor), None)

    @fact
    def motivation(self) -> MotivationNoted | None:
        return self.first(MotivationNoted)

    @fact
    def skills(self) -> tuple[str, ...]:
        """Their skills as last recorded: a profile update naming skills says what they do now
        (PLAYBOOK v2), so the latest set replaces the ones before."""
        for event in reversed(self.events):
            if (type(event) is Added or type(event) is ProfileUpdated) and event.skills:
                return event.skills
        return ()

    @fact
    def topic(self) -> str:
        """What to talk about: the common ground on record, else the last email's topic (never a
        pitch's: no suggestion repeats the role), else their work (company, skills), else
        their industry."""
        for research in reversed(self.of(Researched)):  # the latest of each, so from the end
            if research.common_ground:
                return " and ".join(research.common_ground)
        for email in reversed(self.of(Emailed)):
            if email.topic and not is_pitch(email):
                return email.topic
        for e in reversed(self.events):
            if (type(e) is Added or type(e) is ProfileUpdated) and e.company:
                return f"their work at {e.company}"
        return f"their work in {', '.join(self.skills)}" if self.skills else "their industry"

    @fact
    def fresh(self) -> Event | None:
        """The research that makes research fresh as of now (``fresh_research``)."""
        return self.fresh_research()

    def fresh_research(self, before: int | None = None, rnd: Round | None = None) -> Event | None:
        """The research that made research fresh as of now (or just before the event at
        position ``before``, in round ``rnd``): in a later round, the first one after the
        previous round's last touch; in a first round, the first of the run of researches, each
        less than ``dormant_after`` after the one before, that ends less than that long ago.
        None when nothing is fresh."""
        end = len(self.events) if before is None else before
        previous = (rnd if rnd is not None else self.current).previous_last
        if previous is not None:
            return next((e for i, e in self.researched if previous < i < end), None)
        research = [e for i, e in self.researched if i < end]
        moment = self.now if before is None else self.events[before].occurred_at
        if not research or self.passed("dormant_after", research[-1].occurred_at, moment):
            return None
        k = len(research) - 1
        while k and not self.passed(
            "dormant_after", research[k - 1].occurred_at, research[k].occurred_at
        ):
            k -= 1
        return research[k]

    @fact
    def spotted_groups(self) -> dict[str, SpottedOnline]:
        """Each group they were spotted in, by ``group_key``, with the first sighting."""
        found: dict[str, SpottedOnline] = {}
        for event in self.of(SpottedOnline):
            found.setdefault(group_key(event.group), event)
        return found

    @fact
    def cited(self) -> dict[int, Evidence]:
        """The events cited so far, by version (``violations.cite``)."""
        return {}

    @fact
    def snooze(self) -> Snoozed | None:
        """The last snooze, unless a touch came after it (a touch ends a snooze); it may have
        run out already (``until`` at or before now)."""
        for event in reversed(self.events):
            if type(event) is Snoozed:
                return event
            if type(event) in TOUCHES:
                return None
        return None

    @fact
    def snoozed(self) -> Snoozed | None:
        """The snooze in effect as of now: recorded, not yet over, and no touch since."""
        snooze = self.snooze
        return snooze if snooze is not None and snooze.until > self.now else None

    @fact
    def pending_agreement(self) -> tuple[Event, datetime] | None:
        """The agreed time of the current round still waiting for its call, and its answer."""
        last = self.current.last_answer
        agreed = agreed_time(last[1]) if last else None
        if last is None or agreed is None:
            return None
        for i, event in self.current.outbound:
            if i > last[0] and type(event) is Called and event.occurred_at >= agreed - HOUR:
                return None
        return last[1], agreed


IN_ORDER = attrgetter("occurred_at", "originator_version")  # the order events happened in
OCCURRED = attrgetter("occurred_at")


def build_history(
    handle: str,
    history: Sequence[Event],
    groups: Mapping[str, GroupActivity],
    settings: Playbook,
    now: datetime,
) -> History:
    """Leave out what was retracted, sort, cut at ``now``, split into rounds and find the
    candidate's time zone."""
    ordered = sorted(history, key=IN_ORDER)
    if Retracted in map(type, ordered):  # rare: in_effect keeps the order (state.profile_walked)
        ordered = in_effect(ordered)
    events = tuple(ordered[: bisect_right(ordered, now, key=OCCURRED)])  # as of now
    kinds: dict[type[Event], list[Event]] = {}
    researched: list[Positioned] = []
    tz_name = settings.recruiter_tz
    for i, event in enumerate(events):  # the classes, the researches and the zone in one walk
        kind = type(event)
        kinds.setdefault(kind, []).append(event)
        if kind in RESEARCH:
            researched.append((i, event))
        if (type(event) is Added or type(event) is ProfileUpdated) and event.tz:
            tz_name = event.tz
    # Before anything happened (an "as of" before they were added), the first event to come
    # stands for the start, so that the answer does not drift with now.
    first = ordered[0].occurred_at if ordered else now
    tz = zone(tz_name)
    return History(
        handle=handle,
        now=now,
        settings=settings,
        events=events,
        next_event_at=ordered[len(events)].occurred_at if len(ordered) > len(events) else None,
        rounds=split_rounds(events, settings.dormant_after, tz, first, now),
        tz=tz,
        country=holiday_country(settings.holiday_country, tz),
        groups=groups,
        kinds=kinds,
        researched=researched,
    )
