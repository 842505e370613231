"""The rates and counts of ``outreach stats``: reply rate by the first touch of a round, calls
connected, busy answers kept or dropped, violations by rule, recruiter and month (the readings
are in ``outreach.projections.stats``'s docstring)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from outreach.domain.events import (
    Called,
    ConnectionOffered,
    Emailed,
    Event,
    OpportunityPresented,
    PastCandidacy,
)
from outreach.domain.values import CallOutcome, EmailIntent
from outreach.projections.calendar import zone
from outreach.projections.figures import (
    CALL_KINDS,
    DROPPED,
    FIRST_TOUCHES,
    TOO_FEW,
    Busy,
    Count,
    Rate,
    rate,
    share,
)
from outreach.projections.history import (
    HOUR,
    History,
    Round,
    agreed_time,
    is_busy,
)
from outreach.projections.model import Violation
from outreach.projections.settings import Playbook


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
