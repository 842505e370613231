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
    Rescheduled,
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
)
from outreach.projections.model import Evidence, GroupActivity, Violation
from outreach.projections.settings import Playbook

_ENDS_A_RUN = frozenset({Replied, Met, DeclinedFirmly})
RULE_OF = {
    "cold-call": "email-before-calling",
    "outreach-before-research": "know-the-person",
    "pitch-before-reply": "dont-sell",
    "recruiter-first": "lead-as-an-expert",
    "pitch-without-motivation": "listen-to-motivations",
    "contact-before-listening": "monitor-online",
    "availability-ask": "skills-not-availability",
    "dropped-busy-answer": "dont-take-no-for-an-answer",
    "missed-callback": "dont-take-no-for-an-answer",
}


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


def _violation(
    h: History, kind: str, text: str, *events: Event, at: datetime | None = None
) -> Violation:
    return Violation(
        handle=h.handle,
        kind=kind,
        rule=RULE_OF[kind],
        text=text,
        occurred_at=at or events[0].occurred_at,
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
        if rnd.first_outbound is not None:
            position, touch = rnd.first_outbound
            day = local_day(touch.occurred_at, h.tz)
            if isinstance(touch, Called):
                text = f"Called {who} on {day} before any email this round: a cold call."
                found.append(_violation(h, "cold-call", text, touch))
            if h.fresh_research(before=position) is None:
                text = f"Reached out to {who} on {day} ({touch.KIND}) with no fresh research."
                found.append(_violation(h, "outreach-before-research", text, touch))
            intro = isinstance(touch, Emailed) and touch.intent == EmailIntent.RECRUITER_INTRO
            if intro or is_pitch(touch):
                opening = "a recruiter introduction" if intro else "a job"
                text = f"Opened with {who} on {day} with {opening}, not with their industry."
                found.append(_violation(h, "recruiter-first", text, touch))
        talked = False
        for _, event in rnd.touches:
            talked = talked or is_conversation(event)
            if is_pitch(event) and not talked:
                day = local_day(event.occurred_at, h.tz)
                text = f"Pitched a job to {who} on {day} before they replied, talked or met."
                found.append(_violation(h, "pitch-before-reply", text, event))
    return found


def _whole_history(h: History) -> list[Violation]:
    """No motivation known, contact before listening, availability ask."""
    found: list[Violation] = []
    who, motivated = _who(h), False
    spotted: dict[str, SpottedOnline] = {}
    ready = {key: h.ready_at(key) for key in h.spotted_groups()}
    for event in h.events:
        if isinstance(event, MotivationNoted):
            motivated = True
        elif isinstance(event, SpottedOnline):
            spotted.setdefault(group_key(event.group), event)
        if not is_outbound(event):
            continue
        early = [k for k in spotted if (at := ready[k]) is None or at > event.occurred_at]
        pitch = is_pitch(event) and not motivated
        blind = isinstance(event, ReferralAsked) and not event.skills
        if not (pitch or early or blind):
            continue
        day = local_day(event.occurred_at, h.tz)
        if pitch:
            text = f"Pitched a job to {who} on {day} with no motivation of theirs known."
            found.append(_violation(h, "pitch-without-motivation", text, event))
        if early:
            text = (
                f"Contacted {who} on {day} before listening in"
                f" {', '.join(h.group_name(k) for k in early)} for {h.settings.observe_for}"
                " days and contributing to it."
            )
            sightings = [spotted[k] for k in early]
            found.append(_violation(h, "contact-before-listening", text, event, *sightings))
        if blind:
            text = f"Asked {who} on {day} who they know without naming skills (“who is looking?”)."
            found.append(_violation(h, "availability-ask", text, event))
    return found


def _deadlines(h: History) -> list[Violation]:
    """Dropped busy answers and missed callbacks, each at its deadline, due or not yet."""
    found: list[Violation] = []
    if not h.of(DeclinedBusy) and not h.of(Rescheduled):
        return found  # the usual case, and decide() asks for every relationship
    settings, who, tz = h.settings, _who(h), h.tz
    stops = [e.occurred_at for e in (h.first(OptedOut), h.first(Erased)) if e is not None]
    # Nobody may call after an opt-out or erasure: no deadline after it is held against anyone.
    ended = min(stops, default=None)
    touches = [(rnd.index, event) for rnd in h.rounds for _, event in rnd.touches]
    streak, country = 0, settings.holiday_country
    for k, (index, event) in enumerate(touches):
        if type(event) in _ENDS_A_RUN or touches[k - 1][0] != index:
            streak = 0  # as in line 3: a run of busy answers, in one round
        if not is_busy(event):
            continue
        streak += 1
        following = touches[k + 1][1].occurred_at if k + 1 < len(touches) else None
        if isinstance(event, DeclinedBusy) and event.callback_at is None:
            if streak >= settings.max_busy:
                due = h.after(event.occurred_at, "busy_back_off")
            else:
                due = add_business_days(event.occurred_at, settings.busy_follow_up, country, tz)
            deadline = add_business_days(due, settings.grace, country, tz)
            if (following is None or following > deadline) and not (ended and ended <= deadline):
                text = (
                    f"{who} was busy on {local_day(event.occurred_at, tz)}: nobody offered a"
                    f" more convenient time by {local_day(deadline, tz)}."
                )
                found.append(_violation(h, "dropped-busy-answer", text, event, at=deadline))
        agreed = agreed_time(event)
        if agreed is not None and not (ended and ended <= agreed + HOUR):
            kept = False  # a call within the hour, or an answer that replaced the agreement
            for _, later in touches[k + 1 :]:
                if later.occurred_at > agreed + HOUR:
                    break
                kept = (isinstance(later, Called) and later.occurred_at >= agreed - HOUR) or (
                    is_answer(later) and later.occurred_at < agreed + HOUR
                )
                if kept:
                    break
            if not kept:
                text = f"Missed the call agreed with {who} for {local_time(agreed, tz)}."
                found.append(_violation(h, "missed-callback", text, event, at=agreed + HOUR))
    return found
