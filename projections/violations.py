"""The coaching report: every place in a history where what was done broke a don't or skipped a
do (PLAYBOOK.md, "Violations"), judged as of now.

Choices where PLAYBOOK.md leaves room:

- "Dropped busy answer" is about a declined-busy answer with no time agreed (the one that
  creates an offer-time); an agreed time has its own violation, the missed callback. The
  offer-time due is the one the answer created when it came in (``busy_follow_up`` business
  days later, or ``busy_back_off`` days after ``max_busy`` busy answers in a row), and any touch
  within ``grace`` business days of it (inclusive) counts as the follow-up.
- Neither a dropped busy answer nor a missed callback is held against anyone when the person
  opted out (or was erased) before the deadline: nobody may call them any more.
- "Online contact before listening" is reported once per outbound touch, naming every group
  that was not ready at that moment.
- The pitch checks look at the pitch itself: an opportunity email or an opportunity presented.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from outreach.domain.events import (
    Called,
    DeclinedBusy,
    DeclinedFirmly,
    Emailed,
    Erased,
    Event,
    Met,
    MotivationNoted,
    OptedOut,
    ReferralAsked,
    Replied,
    SpottedOnline,
)
from outreach.domain.values import EmailIntent, group_key
from outreach.projections.calendar import add_business_days, local_day, local_time
from outreach.projections.history import (
    HOUR,
    History,
    agreed_time,
    build_history,
    is_answer,
    is_busy,
    is_conversation,
    is_outbound,
    is_pitch,
    is_touch,
)
from outreach.projections.model import Evidence, GroupActivity, Violation
from outreach.projections.settings import Playbook


def find_violations(
    handle: str,
    history: Sequence[Event],
    groups: Mapping[str, GroupActivity],
    settings: Playbook,
    now: datetime,
) -> list[Violation]:
    """Every violation in ``handle``'s history as of ``now``, by time then kind."""
    return violations_of(build_history(handle, history, groups, settings, now))


def violations_of(h: History) -> list[Violation]:
    found = [*_rounds(h), *_whole_history(h)]
    found += [v for v in _deadlines(h) if v.occurred_at <= h.now]
    return sorted(found, key=lambda v: (v.occurred_at, v.kind, [e.version for e in v.evidence]))


def coming_violations(h: History) -> list[datetime]:
    """When violations not yet due will appear if nothing is recorded before then."""
    return [v.occurred_at for v in _deadlines(h) if v.occurred_at > h.now]


def _violation(h: History, kind: str, rule: str, text: str, *events: Event) -> Violation:
    return _at(h, kind, rule, text, events[0].occurred_at, *events)


def _at(h: History, kind: str, rule: str, text: str, when: datetime, *events: Event) -> Violation:
    return Violation(
        handle=h.handle,
        kind=kind,
        rule=rule,
        text=text,
        occurred_at=when,
        evidence=tuple(
            Evidence(version=e.originator_version, kind=e.KIND, occurred_at=e.occurred_at, by=e.by)
            for e in events
        ),
        by=tuple(sorted({e.by for e in events})),
    )


def _who(h: History) -> str:
    # Once erased, the report names nobody.
    return "this person" if h.first(Erased) is not None else h.name


def _rounds(h: History) -> list[Violation]:
    """Cold call, outreach before research, recruiter first, pitch before a reply."""
    found: list[Violation] = []
    who = _who(h)
    for rnd in h.rounds:
        first = rnd.first_outbound
        if first is not None:
            position, touch = first
            day = local_day(touch.occurred_at, h.tz)
            if isinstance(touch, Called):
                text = f"Called {who} on {day} before any email this round: a cold call."
                found.append(_violation(h, "cold-call", "email-before-calling", text, touch))
            if h.fresh_research(before=position) is None:
                text = f"Reached out to {who} on {day} ({touch.KIND}) with no fresh research."
                found.append(
                    _violation(h, "outreach-before-research", "know-the-person", text, touch)
                )
            intro = isinstance(touch, Emailed) and touch.intent == EmailIntent.RECRUITER_INTRO
            if intro or is_pitch(touch):
                opening = "a recruiter introduction" if intro else "a job"
                text = f"Opened with {who} on {day} with {opening}, not with their industry."
                found.append(_violation(h, "recruiter-first", "lead-as-an-expert", text, touch))
        talked = False
        for _, event in rnd.touches:
            talked = talked or is_conversation(event)
            if is_pitch(event) and not talked:
                day = local_day(event.occurred_at, h.tz)
                text = f"Pitched a job to {who} on {day} before they replied, talked or met."
                found.append(_violation(h, "pitch-before-reply", "dont-sell", text, event))
    return found


def _whole_history(h: History) -> list[Violation]:
    """No motivation known, contact before listening, availability ask."""
    found: list[Violation] = []
    who = _who(h)
    motivated = False
    spotted: dict[str, SpottedOnline] = {}
    ready = {key: h.ready_at(key) for key in h.spotted_groups()}
    for event in h.events:
        day = local_day(event.occurred_at, h.tz)
        if isinstance(event, MotivationNoted):
            motivated = True
        elif isinstance(event, SpottedOnline):
            spotted.setdefault(group_key(event.group), event)
        if is_pitch(event) and not motivated:
            text = f"Pitched a job to {who} on {day} with no motivation of theirs known."
            found.append(
                _violation(h, "pitch-without-motivation", "listen-to-motivations", text, event)
            )
        if is_outbound(event):
            early = [k for k in spotted if (at := ready[k]) is None or at > event.occurred_at]
            if early:
                names = ", ".join(h.group_name(k) for k in early)
                days = h.settings.observe_for
                text = (
                    f"Contacted {who} on {day} before listening in {names} for {days} days"
                    " and contributing to it."
                )
                sightings = [spotted[k] for k in early]
                found.append(
                    _violation(
                        h, "contact-before-listening", "monitor-online", text, event, *sightings
                    )
                )
        if isinstance(event, ReferralAsked) and not event.skills:
            text = f"Asked {who} on {day} who they know without naming skills (“who is looking?”)."
            found.append(_violation(h, "availability-ask", "skills-not-availability", text, event))
    return found


def _deadlines(h: History) -> list[Violation]:
    """Dropped busy answers and missed callbacks, each at its deadline, due or not yet."""
    found: list[Violation] = []
    settings, who = h.settings, _who(h)
    country, tz = settings.holiday_country, h.tz
    ended = min((e.occurred_at for e in h.events if isinstance(e, OptedOut | Erased)), default=None)
    touches = [(i, e) for i, e in enumerate(h.events) if is_touch(e)]
    streak = 0
    for k, (i, event) in enumerate(touches):
        if isinstance(event, Replied | Met | DeclinedFirmly):
            streak = 0  # as in the policy's line 3: these end a run of busy answers
        if k and h.round_at(i).previous_last == touches[k - 1][0]:
            streak = 0  # lines 2 to 4 look at the current round only
        streak += is_busy(event)
        later = touches[k + 1 :]
        if isinstance(event, DeclinedBusy) and event.callback_at is None:
            if streak >= settings.max_busy:
                due = event.occurred_at + settings.days("busy_back_off")
            else:
                due = add_business_days(event.occurred_at, settings.busy_follow_up, country, tz)
            deadline = add_business_days(due, settings.grace, country, tz)
            if (not later or later[0][1].occurred_at > deadline) and not _ended(ended, deadline):
                text = (
                    f"{who} was busy on {local_day(event.occurred_at, tz)}: nobody offered a"
                    f" more convenient time by {local_day(deadline, tz)}."
                )
                found.append(
                    _at(
                        h,
                        "dropped-busy-answer",
                        "dont-take-no-for-an-answer",
                        text,
                        deadline,
                        event,
                    )
                )
        agreed = agreed_time(event)
        if agreed is not None:
            deadline = agreed + HOUR
            window = [e for _, e in later if e.occurred_at <= deadline]
            replaced = any(is_answer(e) and e.occurred_at < deadline for e in window)
            called = any(isinstance(e, Called) and e.occurred_at >= agreed - HOUR for e in window)
            if not (replaced or called or _ended(ended, deadline)):
                text = f"Missed the call agreed with {who} for {local_time(agreed, tz)}."
                found.append(
                    _at(h, "missed-callback", "dont-take-no-for-an-answer", text, deadline, event)
                )
    return found


def _ended(ended: datetime | None, deadline: datetime) -> bool:
    return ended is not None and ended <= deadline
