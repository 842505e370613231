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

from collections.abc import Iterable
from datetime import datetime

from outreach.domain.events import (
    Event,
    MotivationNoted,
    PastCandidacy,
    ReferralReceived,
)
from outreach.projections.figures import STEPS, Stats, Step, share
from outreach.projections.history import (
    History,
    build_history,
    is_answer,
    is_conversation,
    is_outbound,
    is_pitch,
    is_research,
)
from outreach.projections.pipeline import Pipeline
from outreach.projections.policy.answer import every_violation
from outreach.projections.rates import busy, calls, first_touches, violation_counts
from outreach.projections.settings import Playbook


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
