"""From a decision to the answer the engine gives: the snooze, the sentence, the priority, the
evidence, the moment to work it out again, and the one violation that needs the answer (left
waiting)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from functools import lru_cache

from outreach.domain.events import Event
from outreach.projections.calendar import ZERO
from outreach.projections.deadlines import Deadline, deadlines
from outreach.projections.history import IN_ORDER, History, build_history, is_research
from outreach.projections.listening import listening, ready_at
from outreach.projections.model import (
    ActionKind,
    Evidence,
    GroupActivity,
    NextAction,
    Priority,
    Violation,
    made,
)
from outreach.projections.policy.added import just_added
from outreach.projections.policy.after import last_skilled_ask
from outreach.projections.policy.decision import Decision
from outreach.projections.policy.table import decision
from outreach.projections.settings import Playbook
from outreach.projections.violations import cite, violations_of
from outreach.projections.wording import action_text, because

K = ActionKind
_KINDS = list(ActionKind)
# Left waiting: callbacks and offers of a time have violations of their own.
_OWN_VIOLATION = (K.CALLBACK, K.OFFER_TIME)
# An enum's member read from its class costs 50 ns (EnumType's ``__getattr__`` hook), a
# module's name 5.
_CALLBACK = K.CALLBACK
_NOT_SNOOZED = (None, K.CALLBACK)


def decide(
    handle: str,
    history: Sequence[Event],
    groups: Mapping[str, GroupActivity],
    settings: Playbook,
    now: datetime,
) -> NextAction:
    """The next best action with ``handle`` as of ``now``, or none with the reason.

    ``history`` is the relationship's events in any order; ``groups`` the activity of the
    groups they were spotted in, keyed by ``group_key``; anything after ``now`` is ignored.
    """
    return next_action(build_history(handle, history, groups, settings, now))


def assess(
    handle: str,
    history: Sequence[Event],
    groups: Mapping[str, GroupActivity],
    settings: Playbook,
    now: datetime,
) -> tuple[NextAction, list[Violation]]:
    """The next action and the violations together, working out the history's facts, the
    deadlines and the wait once; someone just added (one ``added`` event) without them."""
    added = just_added(handle, history, settings, now)
    if added is not None:
        return added, []
    return in_full(handle, history, groups, settings, now)


def in_full(
    handle: str,
    history: Sequence[Event],
    groups: Mapping[str, GroupActivity],
    settings: Playbook,
    now: datetime,
) -> tuple[NextAction, list[Violation]]:
    """``assess`` by the whole table, whatever the history."""
    h = build_history(handle, history, groups, settings, now)
    d = snoozed(h, decision(h))
    text = action_text(d)  # the answer's sentence, also the one left waiting names
    at_deadlines = deadlines(h)
    waiting = left_waiting(h, d, text)
    answer = _answer(h, d, at_deadlines, waiting, text)
    return answer, violations_of(h, [*at_deadlines, *waiting])


def every_violation(h: History) -> list[Violation]:
    """Every violation of a history already worked out, "left waiting" included, as the
    coaching report counts them: by time then kind."""
    d = snoozed(h, decision(h))
    return violations_of(h, [*deadlines(h), *left_waiting(h, d)])


def find_violations(
    handle: str,
    history: Sequence[Event],
    groups: Mapping[str, GroupActivity],
    settings: Playbook,
    now: datetime,
) -> list[Violation]:
    """Every violation in ``handle``'s history as of ``now``, by time then kind."""
    return assess(handle, history, groups, settings, now)[1]


def next_action(h: History) -> NextAction:
    """The next best action for a history already worked out."""
    return _answer(h, snoozed(h, decision(h)))


def snoozed(h: History, d: Decision) -> Decision:
    """PLAYBOOK.md, Words: until the snooze ends, or a touch after it, the due time is the
    later of its own and the snooze's end; an agreed callback is never snoozed."""
    snooze = h.snoozed
    if snooze is None or d.kind in _NOT_SNOOZED or d.due is None or d.due >= snooze.until:
        return d
    return replace(d, due=snooze.until, snoozed_until=snooze.until, evidence=(*d.evidence, snooze))


def _answer(
    h: History,
    d: Decision,
    at_deadlines: list[Deadline] | None = None,
    waiting: list[Deadline] | None = None,
    text: str | None = None,
) -> NextAction:
    priority = None
    if d.kind is not None:
        priority = _priority(
            d.kind == _CALLBACK, d.kind, h.would_hire is not None, h.key_contributor is not None
        )
    return made(
        NextAction,
        handle=h.handle,
        kind=d.kind,
        text=action_text(d) if text is None else text,
        due=d.due.astimezone(h.tz) if d.due is not None else None,  # the candidate's clock
        rule=d.rules[0],
        rules=d.rules,
        because=because(d),
        line=d.line,
        evidence=evidence(h, d.evidence),
        priority=priority,
        recheck_at=recheck_at(h, d, at_deadlines, waiting),
        snoozed_until=d.snoozed_until.astimezone(h.tz) if d.snoozed_until else None,
    )


@lru_cache(maxsize=128)
def _priority(agreed: bool, kind: ActionKind, would_hire: bool, key_contributor: bool) -> Priority:
    """An action's priority, made once for each of its hundred values (it is frozen)."""
    kind_rank = _KINDS.index(kind)
    return Priority(
        agreed=agreed, kind_rank=kind_rank, would_hire=would_hire, key_contributor=key_contributor
    )


def evidence(h: History, events: Sequence[Event]) -> tuple[Evidence, ...]:
    if len(events) == 1:  # a third of the answers: nothing to sort
        return (cite(h, events[0]),)
    unique = {e.originator_version: e for e in events}.values()
    return tuple([cite(h, e) for e in sorted(unique, key=IN_ORDER)])


def left_waiting(h: History, d: Decision, text: str | None = None) -> list[Deadline]:
    """Someone you'd hire, a key contributor or someone in conversation whose next action
    (other than a callback or an offer of a time) is due more than ``grace`` business days
    ago: one violation, as of now, at the moment the grace ran out. A snooze that held the
    due time back counts: the wait starts when it ended. ``text``: the answer's sentence,
    when already written."""
    why = (
        "someone you would hire"
        if h.would_hire
        else "a key contributor"
        if h.key_contributor
        else "in conversation"
        if h.current.in_conversation
        else None
    )
    if why is None or d.kind in (None, *_OWN_VIOLATION) or d.due is None:
        return []
    snooze = h.snooze
    due = max(d.due, snooze.until) if snooze is not None else d.due
    deadline = h.business(due, "grace")
    if d.snoozed_until:  # the sentence without the snooze
        text = action_text(replace(d, snoozed_until=None))
    elif text is None:
        text = action_text(d)
    facts = {"why": why, "action": text.rstrip("."), "due": due}
    return [Deadline("left-waiting", d.evidence, deadline, facts, rule=d.rules[0])]


def recheck_at(
    h: History,
    d: Decision,
    at_deadlines: list[Deadline] | None = None,
    waiting: list[Deadline] | None = None,
) -> datetime | None:
    """The earliest moment after now at which time alone could change the answer or the
    violations: a violation's deadline, an event on record for later, the end of a snooze
    and, unless the answer is final, the round going dormant, research going stale or a
    group's listening window ending (before outreach), a referral ask expiring (in
    conversation). ``at_deadlines`` and ``waiting``: the deadlines' violations and the one
    left waiting, when already worked out."""
    final = d.kind is None
    if at_deadlines is None:
        at_deadlines = deadlines(h)
    # Every deadline: those not yet due are the ones after now, which the search below keeps
    # (a deadline is on the candidate's clock, now is not: comparing the two costs 20 times
    # what comparing two moments on one clock does, so each is compared once, by subtracting:
    # calendar.ZERO).
    moments = [h.next_event_at, *(deadline.at for deadline in at_deadlines)]
    if waiting is None:
        waiting = left_waiting(h, d)
    moments += [w.at for w in waiting]
    snooze = h.snooze
    if not final and snooze is not None:
        moments.append(snooze.until)  # the due time it held back comes back
    rnd = h.current
    if not final and rnd.last_touch is not None:
        moments.append(h.after(rnd.last_touch.occurred_at, "dormant_after"))
    if not final and rnd.first_outbound is None:
        research = next((e for e in reversed(h.events) if is_research(e)), None)
        if research is not None and rnd.index == 0:
            moments.append(h.after(research.occurred_at, "dormant_after"))
        for key in h.spotted_groups:
            start = listening(h, key)[0]  # the listen text names the end of the window
            moments += [ready_at(h, key), h.after(start, "observe_for") if start else None]
    asked = last_skilled_ask(h) if not final and rnd.in_conversation else None
    if asked is not None:
        moments.append(h.after(asked.occurred_at, "referral_every"))
    now, soonest = h.now, None
    for m in moments:
        if m is not None and m - now > ZERO and (soonest is None or m - soonest < ZERO):
            soonest = m
    return soonest
