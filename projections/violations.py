"""The coaching report: every place in a history where what was done broke a don't or skipped a
do (PLAYBOOK.md, "Violations"), judged as of now. Those at a moment (an outbound touch) are
here; those at a deadline are in ``deadlines``; "left waiting", which needs the next action,
is the policy's (``outreach.projections.policy``). The sentences are ``wording``'s.

Choices where PLAYBOOK.md leaves room:

- A call within an hour of a time the candidate agreed is a callback, not a cold call, even as
  a round's first outbound touch.
- "Online contact before listening" is reported once per outbound touch, naming every group
  that was not ready at that moment.
- The pitch checks look at the pitch itself: an opportunity email or an opportunity presented.
- An outbound touch after the relationship was closed is "contact after closing", not also
  "no during the pause"; a touch at the cap of unanswered touches is "chasing" whatever else
  it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from outreach.domain.events import (
    Called,
    DeclinedFirmly,
    Emailed,
    Erased,
    Event,
    Met,
    MotivationNoted,
    ReferralAsked,
    Replied,
    SpottedOnline,
)
from outreach.domain.values import EmailIntent, group_key
from outreach.projections.calendar import ZERO
from outreach.projections.deadlines import Deadline, deadlines
from outreach.projections.history import (
    HOUR,
    History,
    agreed_time,
    is_answer,
    is_conversation,
    is_pitch,
)
from outreach.projections.listening import group_name, ready_at
from outreach.projections.model import Evidence, Violation, made
from outreach.projections.touches import OUTBOUND
from outreach.projections.wording import violation_text

NO = "dont-take-no-for-an-answer"
_RECRUITER_INTRO = EmailIntent.RECRUITER_INTRO  # (a module's name: touches.OPPORTUNITY)
_NONE: Mapping[str, object] = {}  # a violation whose sentence names no facts
RULE_OF = {
    "cold-call": "email-before-calling",
    "outreach-before-research": "know-the-person",
    "pitch-before-reply": "dont-sell",
    "recruiter-first": "lead-as-an-expert",
    "pitch-without-motivation": "listen-to-motivations",
    "contact-before-listening": "monitor-online",
    "availability-ask": "skills-not-availability",
    "dropped-busy-answer": NO,
    "missed-callback": NO,
    "chasing": "email-before-calling",
    "no-during-pause": NO,
    "contact-after-closing": NO,
    "ignored-reply": "know-the-person",
    "left-waiting": "",  # that action's primary rule
}


def violations_of(h: History, at_deadlines: list[Deadline] | None = None) -> list[Violation]:
    """Every violation as of now, but "left waiting" unless given (it needs the next action)
    among ``at_deadlines``: ``deadlines(h)`` when already worked out."""
    if at_deadlines is None:
        at_deadlines = deadlines(h)
    found = [*_rounds(h), *_whole_history(h), *passed(h, at_deadlines)]
    if len(found) < 2:
        return found
    return sorted(found, key=_in_order)


def _in_order(v: Violation) -> tuple[datetime, str, list[int]]:
    return v.occurred_at, v.kind, [e.version for e in v.evidence]


def passed(h: History, at_deadlines: list[Deadline]) -> list[Violation]:
    """The deadlines passed as of now, as violations (only those are worded)."""
    now = h.now  # d.at <= now, by subtracting (calendar.ZERO: a deadline is on another clock)
    return [
        violation(h, d.kind, d.events, d.facts, d.at, d.rule)
        for d in at_deadlines
        if d.at - now <= ZERO
    ]


def violation(
    h: History,
    kind: str,
    events: tuple[Event, ...],
    facts: Mapping[str, object] = _NONE,
    at: datetime | None = None,
    rule: str | None = None,
) -> Violation:
    """A violation of ``kind`` citing ``events`` (the first is the offending one, unless it
    happened ``at`` a deadline), its sentence written from ``facts``."""
    when = at or events[0].occurred_at
    cited: tuple[Evidence, ...]
    by: tuple[str, ...]
    if len(events) == 1:  # the usual case
        first = events[0]
        day, cited, by = first.occurred_at, (cite(h, first),), (first.by,)
    else:
        day = events[0].occurred_at if events else when
        cited, by = tuple([cite(h, e) for e in events]), tuple(sorted({e.by for e in events}))
    return made(
        Violation,
        handle=h.handle,
        kind=kind,
        rule=rule or RULE_OF[kind],
        text=violation_text(kind, h.tz, who(h), day, facts),
        occurred_at=when,
        evidence=cited,
        by=by,
    )


def who(h: History) -> str:
    """Whom the report names: nobody once erased."""
    return "this person" if Erased in h.kinds else h.name  # (h.first(Erased), without a call)


def cite(h: History, event: Event) -> Evidence:
    """An event as answers and violations cite it, made once a history however often cited
    (the answer and its violations often cite the same events)."""
    found = h.cited.get(event.originator_version)
    if found is None:
        found = h.cited[event.originator_version] = made(
            Evidence,
            version=event.originator_version,
            kind=event.KIND,
            occurred_at=event.occurred_at,
            by=event.by,
        )
    return found


def _agreed_call(h: History, position: int, call: Event) -> bool:
    """A call within an hour of a time agreed before it: a callback."""
    for event in h.events[:position]:
        agreed = agreed_time(event)
        if agreed is not None and abs(call.occurred_at - agreed) <= HOUR:
            return True
    return False


def _rounds(h: History) -> list[Violation]:
    """Cold call, outreach before research, recruiter first, pitch before a reply, chasing."""
    found: list[Violation] = []
    for rnd in h.rounds:
        if rnd.first_outbound is not None:
            position, touch = rnd.first_outbound
            if type(touch) is Called and not _agreed_call(h, position, touch):
                found.append(violation(h, "cold-call", (touch,)))
            if h.fresh_research(before=position, rnd=rnd) is None:
                found.append(
                    violation(h, "outreach-before-research", (touch,), {"what": touch.KIND})
                )
            intro = type(touch) is Emailed and touch.intent == _RECRUITER_INTRO
            if intro or is_pitch(touch):
                opening = "a recruiter introduction" if intro else "a job"
                found.append(violation(h, "recruiter-first", (touch,), {"opening": opening}))
        talked = False
        cap = h.settings.max_unanswered
        unanswered: list[Event] = []  # the round's outbound touches since its last answer
        for _, event in rnd.touches:
            talked = talked or is_conversation(event)
            if not talked and is_pitch(event):
                found.append(violation(h, "pitch-before-reply", (event,)))
            outbound = type(event) in OUTBOUND  # is_outbound, asked twice
            if outbound and len(unanswered) >= cap:
                # Cited: the touch, and the ones that reached the cap (not every one since).
                cited = (event, *unanswered[:cap])
                count = len(unanswered)
                found.append(violation(h, "chasing", cited, {"what": event.KIND, "count": count}))
            if is_answer(event):
                unanswered = []
            elif outbound:
                unanswered.append(event)
    return found


def _whole_history(h: History) -> list[Violation]:
    """No motivation known, contact before listening, availability ask, and contact during
    the pause after a firm no or after the relationship was closed."""
    found: list[Violation] = []
    motivated = False
    spotted: dict[str, SpottedOnline] = {}
    ready = {key: ready_at(h, key) for key in h.spotted_groups} if h.of(SpottedOnline) else {}
    noes: list[Event] = []  # firm noes since the last reply or meeting
    for event in h.events:
        kind = type(event)
        if kind is MotivationNoted:
            motivated = True
        elif type(event) is SpottedOnline:  # (type() again: mypy narrows by it)
            spotted.setdefault(group_key(event.group), event)
        elif kind is Replied or kind is Met:
            noes = []
        elif kind is DeclinedFirmly:
            noes.append(event)
        if kind not in OUTBOUND:  # is_outbound
            continue
        if not motivated and is_pitch(event):
            found.append(violation(h, "pitch-without-motivation", (event,)))
        early = [k for k in spotted if (at := ready[k]) is None or at > event.occurred_at]
        if early:
            groups = ", ".join(group_name(h, k) for k in early)
            sightings = [spotted[k] for k in early]
            days = h.settings.observe_for
            cited = (event, *sightings)
            found.append(
                violation(h, "contact-before-listening", cited, {"groups": groups, "days": days})
            )
        if type(event) is ReferralAsked and not event.skills:
            found.append(violation(h, "availability-ask", (event,)))
        if noes:
            found += _after_a_no(h, event, noes)
    return found


def _after_a_no(h: History, event: Event, noes: list[Event]) -> list[Violation]:
    """An outbound touch after ``max_firm_no`` firm noes (closed), or before ``firm_no_pause``
    has passed since the last one, with no reply or meeting since."""
    if len(noes) >= h.settings.max_firm_no:
        cited = (event, *noes)
        return [
            violation(h, "contact-after-closing", cited, {"what": event.KIND, "count": len(noes)})
        ]
    if noes and event.occurred_at - h.after(noes[-1].occurred_at, "firm_no_pause") < ZERO:
        since, days = noes[-1].occurred_at, h.settings.firm_no_pause
        cited = (event, noes[-1])
        return [
            violation(
                h, "no-during-pause", cited, {"what": event.KIND, "since": since, "days": days}
            )
        ]
    return []
