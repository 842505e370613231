"""When lines 1 to 8 apply, and the facts each names: closed, agreed, busy, no, and everything
before the first outbound touch of a round.

Choices where PLAYBOOK.md leaves room (each is what a recruiter would expect):

- A line cannot apply before the relationship was added: "due when its line first applied" is
  never earlier than the ``added`` event (an imported past candidate is due at import).
- Lines 3 and 4 apply before any outbound touch (busy, or no, at a meeting); the offer is then
  made by email.
- Line 3's streak of busy answers is broken by a reply, a meeting or a firm no; a connected
  call between them does not break it (the busy answer usually comes on one).
- Line 6: a past candidate has a past candidacy on record or was added with source "past".
"""

from __future__ import annotations

from datetime import datetime

from outreach.domain.events import (
    Added,
    DeclinedFirmly,
    Erased,
    Event,
    Met,
    OptedOut,
    PastCandidacy,
    Replied,
)
from outreach.projections.history import History, is_busy, is_research
from outreach.projections.listening import group_name, listening, ready_at
from outreach.projections.policy.decision import Candidacy, Facts, Found, Waiting


def facts(h: History, **named: object) -> Facts:
    """The facts every sentence may name (who, where), and the line's own."""
    common: dict[str, object] = {
        "name": h.name,
        "tz": h.tz,
        "topic": h.topic,
        "met": bool(h.of(Met)),
        "best": h.would_hire is not None,
    }
    common.update(named)
    return Facts(**common)  # type: ignore[arg-type]


def candidacy(h: History) -> Candidacy | None:
    last = h.last(PastCandidacy)
    return Candidacy(last.kind, last.role, last.occurred_at) if last else None


def opted_out_or_erased(h: History) -> Found | None:
    """Line 1."""
    erased, opted = h.first(Erased), h.first(OptedOut)
    if erased is not None:
        return Found(Facts(name="", tz=h.tz, erased=True), (erased,))
    if opted is not None:
        return Found(facts(h, since=opted.occurred_at), (opted,))
    return None


def closed_by_firm_noes(h: History) -> Found | None:
    """Line 1b: ``max_firm_no`` firm noes with no reply or meeting since the first of them."""
    if len(h.of(DeclinedFirmly)) < h.settings.max_firm_no:
        return None  # not that many, ever
    talked = max((i for i, e in enumerate(h.events) if type(e) in (Replied, Met)), default=-1)
    noes: list[Event] = [e for e in h.events[talked + 1 :] if type(e) is DeclinedFirmly]
    if len(noes) < h.settings.max_firm_no:
        return None
    return Found(facts(h, count=len(noes), since=noes[-1].occurred_at), tuple(noes))


def agreed_time_pending(h: History) -> Found | None:
    """Line 2, whether or not an email came first: the candidate agreed to it."""
    pending = h.pending_agreement
    if pending is None:
        return None
    answer, agreed = pending
    return Found(facts(h, agreed=agreed), (answer,), base=agreed)


def busy_answer_last(h: History) -> Found | None:
    """Line 3: the last answer is busy or rescheduled, no agreed time pending."""
    last = h.current.last_answer
    if last is None or not is_busy(last[1]) or h.pending_agreement is not None:
        return None
    unanswered = h.current.unanswered
    if len(unanswered) >= h.settings.max_unanswered:
        return Found(facts(h), (last[1], *unanswered), instead="13")
    streak: list[Event] = []
    for _, event in reversed(h.current.answers):
        if type(event) in (Replied, Met, DeclinedFirmly):
            break
        if is_busy(event):
            streak.append(event)
    sent = [e for _, e in h.current.outbound[-1:]]
    base = max(e.occurred_at for e in [last[1], *sent])
    backing_off = len(streak) >= h.settings.max_busy
    named = facts(
        h,
        count=len(streak),
        backing_off=backing_off,
        days=h.settings.busy_back_off,
        by_email=not sent,
    )
    return Found(named, (*streak, *sent), base=base)


def offer_time_due(h: History, found: Found) -> datetime | None:
    """``busy_follow_up`` business days after the answer (or the last outbound touch, if
    later); ``busy_back_off`` days instead after ``max_busy`` busy answers in a row."""
    assert found.base is not None
    if found.facts.backing_off:
        return h.after(found.base, "busy_back_off")
    return h.business(found.base, "busy_follow_up")


def firm_no_last(h: History) -> Found | None:
    """Line 4: the last answer is a firm no; once checked in without an answer, line 13 at
    ``keep_in_touch_every``."""
    last = h.current.last_answer
    if last is None or type(last[1]) is not DeclinedFirmly:
        return None
    position, no = last
    ends = h.after(no.occurred_at, "firm_no_pause")
    checked = [e for i, e in h.current.outbound if i > position and e.occurred_at >= ends]
    if checked:
        return Found(facts(h), (no, checked[0]), instead="13", every="keep_in_touch_every")
    named = facts(h, since=no.occurred_at, days=h.settings.firm_no_pause)
    return Found(named, (no,), base=ends)


def _began(h: History) -> datetime:
    """When the round began, never before they were added."""
    start = h.current.start
    return max(start, h.added_at or start)


def _listened(h: History) -> datetime:
    """The start of the round, or when the last group they were spotted in was listened to
    long enough, if later: lines 6 to 8 first apply then."""
    ready = [ready_at(h, key) for key in h.spotted_groups]
    return max([_began(h), *(at for at in ready if at is not None)])


def _nothing_sent(h: History) -> bool:
    return h.current.first_outbound is None


def group_not_listened_to(h: History) -> Found | None:
    """Line 5: nothing sent this round, and a group they were spotted in has not been watched
    ``observe_for`` or has no contribution."""
    if not _nothing_sent(h):
        return None
    spotted = h.spotted_groups
    waiting = [key for key in spotted if (at := ready_at(h, key)) is None or at > h.now]
    if not waiting:
        return None
    groups = []
    for key in waiting:
        start, contributed = listening(h, key)
        until = h.after(start, "observe_for") if start else None
        groups.append(
            Waiting(
                group=group_name(h, key),
                listen_until=until if until and until > h.now else None,
                contribute=contributed is None or contributed > h.now,
            )
        )
    base = max(_began(h), min(spotted[key].occurred_at for key in waiting))
    return Found(facts(h, waiting=tuple(groups)), tuple(spotted[k] for k in waiting), base=base)


def past_candidate_gone_quiet(h: History) -> Found | None:
    """Line 6: nothing sent this round, no fresh research, a past candidate, a round after
    the first."""
    previous = h.rounds[-2].last_touch if len(h.rounds) > 1 else None
    if not _nothing_sent(h) or previous is None or not h.past_candidate:
        return None
    if h.fresh is not None:
        return None
    named = facts(h, since=previous.occurred_at, candidacy=candidacy(h))
    return Found(named, (previous, *h.of(PastCandidacy)), base=_listened(h))


def no_fresh_research(h: History) -> Found | None:
    """Line 7: nothing sent this round, no fresh research. In a first round, research that
    went stale makes the line apply from the moment it did."""
    if not _nothing_sent(h) or h.fresh is not None:
        return None
    base = _listened(h)
    stale = next((e for e in reversed(h.events) if is_research(e)), None)
    if stale is not None and h.current.index == 0:
        base = max(base, h.after(stale.occurred_at, "dormant_after"))
    notes = tuple(e for e in (h.first(Added), stale) if e is not None)
    return Found(facts(h), notes, base=base)


def nothing_sent_this_round(h: History) -> Found | None:
    """Line 8: the first email of the round, due at the first fresh research."""
    research = h.fresh if _nothing_sent(h) else None
    if research is None:
        return None
    candidacies, meetings = h.of(PastCandidacy), h.of(Met)
    rules: tuple[str, ...] = ("dont-sell", "lead-as-an-expert")
    rules += ("use-your-contacts",) if candidacies else ()
    rules += ("build-relationships",) if meetings else ()
    named = facts(h, candidacy=candidacy(h), met_at=meetings[-1].where if meetings else None)
    evidence = (research, *candidacies, *meetings)
    return Found(named, evidence, base=max(_listened(h), research.occurred_at), rules=rules)
