"""The playbook's own evidence: does it work for this team? Pure figures from the histories.

Readings where the issue leaves room (each is stated in ``outreach stats --help`` too):

- The funnel follows the people added in the period (a cohort), each counted once, as far as
  they got by its end. A step counts someone only if they passed every step before it, so each
  share of the previous step is at most 100%: added, researched (a research or profile update),
  reached (an outbound touch), answered (any answer of theirs after our first touch: a reply, a
  meeting, a connected call, busy, a reschedule or a no), in conversation (a reply, a meeting
  or a connected call after our first touch), motivation known, opportunity presented (or
  pitched by email), referral received.
- A round counts in the period when its first outbound touch does. That touch's kind names the
  round: a networking email (intent networking or follow-up), a connection offer (the email
  intent or the event), a pitch (an opportunity or a recruiter introduction, by email or
  presented), a cold call (a call as the first touch, unless within an hour of a time the
  candidate agreed: that is a callback, counted nowhere). A referral ask as a first touch is
  rare and also counted nowhere. The round is answered when an answer of theirs follows in
  it; the time to it runs from the first touch (a connected cold call is its own answer).
- Calls: a call after an unanswered email (the round's last email before the call had no
  answer before it) against cold calls; connected means the call's outcome.
- A busy answer (declined busy, or rescheduled) is dropped when the coaching report holds it
  against someone (a dropped busy answer or a missed callback); kept when it was not and one
  of our touches followed it in its round; otherwise it is still open (not yet due, replaced by
  an answer of theirs, or they opted out).
- Violations count in the month (on the recruiter's clock) they happened; one broken by two
  recruiters counts once for its rule and once for each of them.
- ``recruiter``: the people they recorded anything about, the rounds they opened, the calls they
  made, the busy answers they recorded, the violations they had a part in.
- Erased people count in the funnel (their events still say what happened and when) and in
  no other figure. Retracted events count nowhere: every figure is read from histories built
  by ``build_history``, which keeps only the events in effect (``domain.corrections``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from statistics import median

from outreach.domain.events import (
    Called,
    ConnectionOffered,
    Emailed,
    Event,
    MotivationNoted,
    OpportunityPresented,
    PastCandidacy,
    ReferralReceived,
)
from outreach.domain.values import CallOutcome, EmailIntent
from outreach.projections.calendar import zone
from outreach.projections.history import (
    HOUR,
    History,
    Round,
    agreed_time,
    build_history,
    is_answer,
    is_busy,
    is_conversation,
    is_outbound,
    is_pitch,
    is_research,
)
from outreach.projections.model import Frozen, Violation
from outreach.projections.pipeline import Pipeline
from outreach.projections.policy.answer import every_violation
from outreach.projections.settings import Playbook

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


def stats(
    pipeline: Pipeline,
    settings: Playbook,
    until: datetime,
    since: datetime | None = None,
    recruiter: str | None = None,
) -> Stats:
    """Every figure of ``outreach stats`` as of ``until`` (events after it are ignored)."""

    def within(moment: datetime) -> bool:
        return (since is None or moment >= since) and moment <= until

    def ours(event: Event) -> bool:
        return within(event.occurred_at) and (recruiter is None or event.by == recruiter)

    built = [
        (build_history(p.handle, p.events, pipeline.groups, settings, until), p.erased)
        for p in pipeline.people
    ]
    cohort = [
        (h, erased)
        for h, erased in built
        if h.added_at is not None
        and within(h.added_at)
        and (recruiter is None or any(e.by == recruiter for e in h.events))
    ]
    # The other figures follow events in the period, whenever the person was added.
    everyone = [h for h, erased in built if not erased]
    found = [(h, every_violation(h)) for h in everyone]  # as the coaching report counts
    return Stats(
        since=since,
        until=until,
        recruiter=recruiter,
        people=len(cohort),
        erased=sum(erased for _, erased in cohort),
        funnel=funnel([h for h, _ in cohort]),
        first_touch=first_touches(everyone, ours),
        calls=calls(everyone, ours),
        busy=busy([(h, v) for h, v in found], ours),
        **violation_counts(
            (v for _, vs in found for v in vs if within(v.occurred_at)),
            recruiter,
            settings,
        ),
    )


def funnel(histories: Iterable[History]) -> tuple[Step, ...]:
    counts = [0] * len(STEPS)
    for h in histories:
        for k, passed in enumerate(_steps(h)):
            if not passed:
                break
            counts[k] += 1
    return tuple(
        Step(step=name, people=n, share_of_previous=share(n, counts[k - 1]) if k else None)
        for k, (name, n) in enumerate(zip(STEPS, counts, strict=True))
    )


def _steps(h: History) -> list[bool]:
    first = next((i for i, e in enumerate(h.events) if is_outbound(e)), None)
    after = h.events[first:] if first is not None else ()
    answers = [e for e in after if is_answer(e) and type(e) is not PastCandidacy]
    return [
        True,
        any(is_research(e) for e in h.events),
        first is not None,
        bool(answers),
        any(is_conversation(e) for e in answers),
        bool(h.of(MotivationNoted)),
        any(is_pitch(e) for e in h.events),
        bool(h.of(ReferralReceived)),
    ]


def first_touch_kind(rnd: Round) -> str | None:
    """What opened a round: one of ``FIRST_TOUCHES``, or None (a callback, a referral ask)."""
    if rnd.first_outbound is None:
        return None
    position, touch = rnd.first_outbound
    if isinstance(touch, Called):
        agreed = [agreed_time(e) for i, e in rnd.touches if i < position]
        near = any(t is not None and abs(t - touch.occurred_at) <= HOUR for t in agreed)
        return None if near else "cold call"
    if isinstance(touch, Emailed):
        if touch.intent in (EmailIntent.NETWORKING, EmailIntent.FOLLOW_UP):
            return "networking email"
        return "connection offer" if touch.intent == EmailIntent.CONNECTION_OFFER else "pitch"
    if isinstance(touch, ConnectionOffered):
        return "connection offer"
    return "pitch" if isinstance(touch, OpportunityPresented) else None


def first_touches(histories: Iterable[History], ours: Callable[[Event], bool]) -> tuple[Rate, ...]:
    rounds = {kind: 0 for kind in FIRST_TOUCHES}
    hours: dict[str, list[float]] = {kind: [] for kind in FIRST_TOUCHES}
    for h in histories:
        for rnd in h.rounds:
            kind = first_touch_kind(rnd)
            if kind is None or rnd.first_outbound is None or not ours(rnd.first_outbound[1]):
                continue
            position, touch = rnd.first_outbound
            rounds[kind] += 1
            answer = next(
                (e for i, e in rnd.answers if i >= position and type(e) is not PastCandidacy),
                None,
            )
            if answer is not None:
                hours[kind].append((answer.occurred_at - touch.occurred_at).total_seconds() / 3600)
    return tuple(rate(k, len(hours[k]), rounds[k], hours[k]) for k in FIRST_TOUCHES)


def calls(histories: Iterable[History], ours: Callable[[Event], bool]) -> tuple[Rate, ...]:
    made = {kind: 0 for kind in CALL_KINDS}
    connected = {kind: 0 for kind in CALL_KINDS}
    for h in histories:
        for rnd in h.rounds:
            for position, call in rnd.outbound:
                if not isinstance(call, Called) or not ours(call):
                    continue
                kind = _call_kind(rnd, position)
                if kind is not None:
                    made[kind] += 1
                    connected[kind] += call.outcome == CallOutcome.CONNECTED
    return tuple(rate(k, connected[k], made[k]) for k in CALL_KINDS)


def _call_kind(rnd: Round, position: int) -> str | None:
    if rnd.first_outbound is not None and rnd.first_outbound[0] == position:
        return first_touch_kind(rnd)
    emails = [i for i, e in rnd.outbound if i < position and isinstance(e, Emailed)]
    if emails and not any(emails[-1] < i < position for i, _ in rnd.answers):
        return "after an unanswered email"
    return None


def busy(found: Iterable[tuple[History, list[Violation]]], ours: Callable[[Event], bool]) -> Busy:
    answers = kept = dropped = 0
    for h, violations in found:
        held = {v.evidence[0].version for v in violations if v.kind in DROPPED}
        for rnd in h.rounds:
            for position, event in rnd.touches:
                if not is_busy(event) or not ours(event):
                    continue
                answers += 1
                if event.originator_version in held:
                    dropped += 1
                elif any(i > position for i, _ in rnd.outbound):
                    kept += 1
    return Busy(
        answers=answers,
        kept=kept,
        dropped=dropped,
        open=answers - kept - dropped,
        kept_share=share(kept, answers),
        dropped_share=share(dropped, answers),
        too_few=answers < TOO_FEW,
    )


def violation_counts(
    found: Iterable[Violation], recruiter: str | None, settings: Playbook
) -> dict[str, tuple[Count, ...]]:
    tz = zone(settings.recruiter_tz)
    by_rule: dict[str, int] = {}
    by_recruiter: dict[tuple[str, str], int] = {}
    by_month: dict[tuple[str, str, str], int] = {}
    for v in found:
        names = [n for n in v.by if recruiter is None or n == recruiter]
        if not names:
            continue
        month = v.occurred_at.astimezone(tz).strftime("%Y-%m")
        by_rule[v.rule] = by_rule.get(v.rule, 0) + 1
        for name in names:
            by_recruiter[(v.rule, name)] = by_recruiter.get((v.rule, name), 0) + 1
            key = (month, v.rule, name)
            by_month[key] = by_month.get(key, 0) + 1
    return {
        "violations_by_rule": tuple(
            Count(month="", rule=r, recruiter="", count=n) for r, n in sorted(by_rule.items())
        ),
        "violations_by_recruiter": tuple(
            Count(month="", rule=r, recruiter=who, count=n)
            for (r, who), n in sorted(by_recruiter.items(), key=lambda item: item[0][::-1])
        ),
        "violations_by_month": tuple(
            Count(month=m, rule=r, recruiter=who, count=n)
            for (m, r, who), n in sorted(by_month.items())
        ),
    }
