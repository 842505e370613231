"""The next best action: PLAYBOOK.md's table, line by line, the first line that applies wins.

Choices where PLAYBOOK.md leaves room (each is what a recruiter would expect):

- A line cannot apply before the relationship was added: "due when its line first applied" is
  never earlier than the ``added`` event (an imported past candidate is due at import, not on
  the day their round went quiet).
- Line 2 needs an outbound touch in the round: a callback agreed in person before any email
  would be the round's first outbound touch by phone, the cold call DON'T 3 forbids. Line 8's
  email then confirms the agreed time, and the callback follows. Lines 3 and 4 apply before any
  outbound touch (busy, or no, at a meeting); the offer is then made by email.
- Line 6: a past candidate has a past candidacy on record or was added with source "past";
  "the round is new after ``dormant_after`` of silence" is any round after the first.
- Line 3 counts declined-busy and rescheduled answers as busy answers; a connected call between
  them does not break the run (the busy answer usually comes on one).
- Line 9 keeps DON'T 3's cap ("at most ``max_unanswered`` unanswered touches"): with that many
  unanswered, line 13 applies even when no call has been made.
- Line 11 is due at the first answer of the run of conversation answers ending with the last
  one: that is when "in conversation, no motivation known" first applied.
- Line 12 is due at the latest of: the conversation began, the first motivation was noted, they
  became someone you'd hire (or a key contributor), the last referral ask naming skills expired.
- Line 13 reached through line 4 (checked in after a firm no, no answer) uses
  ``keep_in_touch_every``; otherwise people you'd hire get ``best_people_every``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from outreach.domain.events import (
    Added,
    Called,
    CareerMoveNoted,
    DeclinedFirmly,
    Emailed,
    Erased,
    Event,
    Met,
    OptedOut,
    PastCandidacy,
    ReferralAsked,
    Replied,
)
from outreach.projections.calendar import add_business_days, business_call, local_day, local_time
from outreach.projections.history import (
    History,
    build_history,
    is_busy,
    is_conversation,
    is_research,
)
from outreach.projections.model import (
    ActionKind,
    Evidence,
    GroupActivity,
    NextAction,
    Priority,
    Violation,
)
from outreach.projections.rules import RULES
from outreach.projections.settings import Playbook
from outreach.projections.violations import coming_violations, violations_of

# kind, text, due, rules (primary first), line, the events that led to it
Answer = tuple[ActionKind | None, str, datetime | None, tuple[str, ...], str, list[Event]]
K = ActionKind
_KINDS = list(ActionKind)
_NO = ("dont-take-no-for-an-answer",)
ERASED = "Erased on request: there is nothing to suggest, and nothing about them to show."
MOTIVES = "training, commute or location, schedule, pay, growth, culture, mission, stability"
_CANDIDACY = {"placed": "placed as", "interviewed": "interviewed for", "applied": "applied for"}


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
    """``decide`` and ``find_violations`` together, working out the history's facts once (the
    read models ask both for every relationship that changed)."""
    h = build_history(handle, history, groups, settings, now)
    return next_action(h), violations_of(h)


def next_action(h: History) -> NextAction:
    """The next best action for a history already worked out."""
    kind, text, due, rules, line, events = _answer(h)
    snooze = h.snooze()
    snoozed_until = None
    held = kind not in (None, K.CALLBACK) and snooze is not None and due is not None
    if held and snooze and due and snooze.until > h.now and snooze.until > due:
        due = snoozed_until = snooze.until  # PLAYBOOK, Words: "snoozed"
        text += f" (Snoozed until {local_day(snooze.until, h.tz)}"
        text += f": {snooze.reason})" if snooze.reason else ")"
        events = [*events, snooze]
    unique = {e.originator_version: e for e in events}.values()
    evidence = tuple(
        Evidence(version=e.originator_version, kind=e.KIND, occurred_at=e.occurred_at, by=e.by)
        for e in sorted(unique, key=lambda e: (e.occurred_at, e.originator_version))
    )
    priority = None
    if kind is not None:
        priority = Priority(
            agreed=kind == K.CALLBACK,
            kind_rank=_KINDS.index(kind),
            would_hire=h.would_hire is not None,
            key_contributor=h.key_contributor is not None,
        )
    return NextAction(
        handle=h.handle,
        kind=kind,
        text=text,
        due=due.astimezone(h.tz) if due is not None else None,  # as the candidate's clock says
        rule=rules[0],
        rules=rules,
        because=RULES[rules[0]].because,
        line=line,
        evidence=evidence,
        priority=priority,
        recheck_at=recheck_at(h, final=kind is None),
        snoozed_until=snoozed_until.astimezone(h.tz) if snoozed_until else None,
    )


def _answer(h: History) -> Answer:
    for line in (_closed, _agreed, _busy, _firm_no, _before_outreach, _after_outreach):
        answer = line(h)
        if answer is not None:
            return answer
    return _keep_in_touch(h)


def _closed(h: History) -> Answer | None:
    """Lines 1 and 1b."""
    erased, opted = h.first(Erased), h.first(OptedOut)
    if erased is not None:
        return None, ERASED, None, ("respect-opt-out",), "1", [erased]
    if opted is not None:
        text = f"{h.name} asked not to be contacted on {_day(h, opted)}: nothing to suggest, ever."
        return None, text, None, ("respect-opt-out",), "1", [opted]
    talked = max((i for i, e in enumerate(h.events) if isinstance(e, Replied | Met)), default=-1)
    noes: list[Event] = [e for e in h.events[talked + 1 :] if isinstance(e, DeclinedFirmly)]
    if len(noes) < h.settings.max_firm_no:
        return None
    text = (
        f"{h.name} said a firm no {len(noes)} times (last on {_day(h, noes[-1])}) with no reply"
        " or meeting since: the relationship is closed."
    )
    return None, text, None, _NO, "1b", noes


def _agreed(h: History) -> Answer | None:
    """Line 2."""
    pending = h.pending_agreement()
    if pending is None or h.current.first_outbound is None:
        return None
    answer, agreed = pending
    text = f"Call {h.name} back at {local_time(agreed, h.tz)}, as agreed."
    return K.CALLBACK, text, agreed, _NO, "2", [answer]


def _busy(h: History) -> Answer | None:
    """Line 3."""
    last = h.current.last_answer
    if last is None or not is_busy(last[1]) or h.pending_agreement() is not None:
        return None
    unanswered = h.current.unanswered()
    if len(unanswered) >= h.settings.max_unanswered:
        return _keep_in_touch(h, extra=[last[1], *unanswered])
    streak: list[Event] = []
    for _, event in reversed(h.current.answers):
        if isinstance(event, Replied | Met | DeclinedFirmly):
            break
        if is_busy(event):
            streak.append(event)
    sent = [e for _, e in h.current.outbound[-1:]]
    base = max(e.occurred_at for e in [last[1], *sent])
    how = "" if sent else " by email (nothing was sent this round, so not by phone)"
    offer = f"offer{how} to call at a more convenient time."
    settings = h.settings
    if len(streak) >= settings.max_busy:
        due = h.after(base, "busy_back_off")
        days = settings.busy_back_off
        text = f"{h.name} has been busy {len(streak)} times in a row: give it {days} days, then "
    else:
        due = add_business_days(base, settings.busy_follow_up, settings.holiday_country, h.tz)
        text = f"{h.name} is busy right now, which is not a no: say you appreciate that, and "
    return K.OFFER_TIME, text + offer, due, _NO, "3", [*streak, *sent]


def _firm_no(h: History) -> Answer | None:
    """Line 4."""
    last = h.current.last_answer
    if last is None or not isinstance(last[1], DeclinedFirmly):
        return None
    position, no = last
    ends = h.after(no.occurred_at, "firm_no_pause")
    checked = [e for i, e in h.current.outbound if i > position and e.occurred_at >= ends]
    if checked:
        return _keep_in_touch(h, extra=[no, checked[0]], every="keep_in_touch_every")
    text = (
        f"{h.name} said no on {_day(h, no)}: {h.settings.firm_no_pause} days on, check in to see"
        f" whether anything has changed; talk about {h.topic}."
    )
    return K.CHECK_IN, text, ends, _NO, "4", [no]


def _before_outreach(h: History) -> Answer | None:
    """Lines 5 to 8: nothing sent yet this round."""
    rnd = h.current
    if rnd.first_outbound is not None:
        return None
    began = max(rnd.start, h.added_at or rnd.start)
    spotted = h.spotted_groups()
    ready = {key: h.ready_at(key) for key in spotted}
    waiting = [key for key, at in ready.items() if at is None or at > h.now]
    if waiting:
        due = max(began, min(spotted[key].occurred_at for key in waiting))
        return (
            K.LISTEN,
            _listen(h, waiting),
            due,
            ("monitor-online",),
            "5",
            [spotted[k] for k in waiting],
        )
    began = max([began, *(at for at in ready.values() if at is not None)])
    research = h.fresh_research()
    candidacies, meetings = h.of(PastCandidacy), h.of(Met)
    if research is None:
        previous = h.rounds[-2].last_touch if len(h.rounds) > 1 else None
        if h.past_candidate and previous is not None:
            text = (
                f"See what {h.name} is doing now: refresh their profile (current role, company,"
                f" skills) before any outreach; last in touch on {_day(h, previous)}"
                f"{_candidacy(h, '; they were ')}."
            )
            rules = ("use-your-contacts",)
            return K.REFRESH_PROFILE, text, began, rules, "6", [previous, *candidacies]
        stale = next((e for e in reversed(h.events) if is_research(e)), None)
        if stale is not None and rnd.index == 0:  # it went stale then
            began = max(began, h.after(stale.occurred_at, "dormant_after"))
        text = (
            f"Research {h.name} before reaching out: their company, industry, interests, and"
            " something you have in common."
        )
        notes = [e for e in (h.first(Added), stale) if e is not None]
        return K.RESEARCH, text, began, ("know-the-person",), "7", notes
    cites = ["email-before-calling", "dont-sell", "lead-as-an-expert"]
    cites += ["use-your-contacts"] if candidacies else []
    cites += ["build-relationships"] if meetings else []
    evidence = [research, *candidacies, *meetings]
    due = max(began, research.occurred_at)
    return K.EMAIL, _first_email(h), due, tuple(cites), "8", evidence


def _after_outreach(h: History) -> Answer | None:
    """Lines 9 to 12."""
    rnd, settings = h.current, h.settings
    unanswered, first = rnd.unanswered(), rnd.first_outbound
    if first is None or not rnd.in_conversation():
        if len(unanswered) >= settings.max_unanswered:
            return None
        rules, country = ("email-before-calling",), settings.holiday_country
        emails = [e for e in unanswered if isinstance(e, Emailed)]
        if emails and not any(isinstance(e, Called) for _, e in rnd.outbound):
            email = emails[-1]
            due = business_call(email.occurred_at, settings.call_after_email, country, h.tz)
            about = f" about {email.topic}" if email.topic else ""
            text = (
                f"Call {h.name} at 10:00 their time ({h.tz.key}): your email of"
                f" {_day(h, email)}{about} is unanswered."
            )
            return K.CALL, text, due, rules, "9", [email]
        last = rnd.touches[-1][1]
        due = add_business_days(last.occurred_at, settings.follow_up_after, country, h.tz)
        text = (
            f"Send {h.name} a follow-up email about {h.topic} ({len(unanswered)} unanswered so"
            f" far; at most {settings.max_unanswered})."
        )
        return K.EMAIL, text, due, rules, "10", [*unanswered] or [last]
    answers = [e for _, e in rnd.answers]
    run = len(answers)  # back to the first answer of the conversation that goes on
    while run and is_conversation(answers[run - 1]):
        if answers[run - 1].occurred_at < first[1].occurred_at:
            break
        run -= 1
    began = max(answers[run].occurred_at, h.added_at or answers[run].occurred_at)
    motivation = h.motivation
    if motivation is None:
        moves = [
            f"; ask about their {e.kind.replace('-', ' ')}" + (f" ({e.detail})" if e.detail else "")
            for e in h.of(CareerMoveNoted)
        ]
        text = f"Ask {h.name} what would make a move worthwhile: {MOTIVES}{''.join(moves[-1:])}."
        rules = ("listen-to-motivations",)
        return K.ASK_MOTIVATION, text, began, rules, "11", answers[run:]
    best = h.would_hire or h.key_contributor
    asked = _last_skilled_ask(h)
    expires = h.after(asked.occurred_at, "referral_every") if asked else None
    if best is None or (expires is not None and expires > h.now):
        return None
    due = max(d for d in (began, motivation.occurred_at, best.occurred_at, expires) if d)
    wanted = " or ".join(h.skills) if h.skills else "SKILLS (record their skills first)"
    text = f"Ask {h.name}: “who do you know with {wanted}?”, never “who is looking?”."
    evidence = [answers[-1], best, *([asked] if asked else [])]
    return K.ASK_REFERRAL, text, due, ("skills-not-availability",), "12", evidence


def _keep_in_touch(h: History, extra: Sequence[Event] = (), every: str | None = None) -> Answer:
    """Line 13."""
    best = h.would_hire
    every = every or ("best_people_every" if best else "keep_in_touch_every")
    last = h.current.last_touch
    due = h.after(last.occurred_at if last else h.current.start, every)
    who = "someone you would hire" if every == "best_people_every" else "in your network"
    text = (
        f"Keep in touch with {h.name} ({who}, every {getattr(h.settings, every)} days):"
        f" share something about {h.topic}."
    )
    evidence = [*extra, *(e for e in (last, best if every == "best_people_every" else None) if e)]
    return K.KEEP_IN_TOUCH, text, due, ("build-relationships",), "13", evidence


def _last_skilled_ask(h: History) -> ReferralAsked | None:
    return next((e for e in reversed(h.of(ReferralAsked)) if e.skills), None)


def recheck_at(h: History, final: bool = False) -> datetime | None:
    """The earliest moment after now at which time alone could change the answer or the
    violations: a violation's deadline, an event on record for later and, unless the answer is
    final, the round going dormant, research going stale or a group's listening window ending
    (before outreach), a referral ask expiring (in conversation)."""
    moments = [h.next_event_at, *coming_violations(h)]
    snooze = h.snooze()
    if not final and snooze is not None:
        moments.append(snooze.until)  # the due time it held back comes back
    rnd = h.current
    if not final and rnd.last_touch is not None:
        moments.append(h.after(rnd.last_touch.occurred_at, "dormant_after"))
    if not final and rnd.first_outbound is None:
        research = next((e for e in reversed(h.events) if is_research(e)), None)
        if research is not None and rnd.index == 0:
            moments.append(h.after(research.occurred_at, "dormant_after"))
        for key in h.spotted_groups():
            start = h.listening(key)[0]  # the listen text names the end of the window
            moments += [h.ready_at(key), h.after(start, "observe_for") if start else None]
    asked = _last_skilled_ask(h)
    if not final and asked is not None and rnd.in_conversation():
        moments.append(h.after(asked.occurred_at, "referral_every"))
    return min((m for m in moments if m is not None and m > h.now), default=None)


def _listen(h: History, keys: Sequence[str]) -> str:
    parts = []
    for key in keys:
        start, contributed = h.listening(key)
        until = h.after(start, "observe_for") if start else None
        why = [f"listen until {local_day(until, h.tz)}"] if until and until > h.now else []
        why += ["contribute to it"] if contributed is None or contributed > h.now else []
        parts.append(f"{h.group_name(key)} ({', '.join(why)})")
    return f"Keep listening in {'; '.join(parts)}: contribute before reaching out to {h.name}."


def _first_email(h: History) -> str:
    meetings, pending = h.of(Met), h.pending_agreement()
    mentions = [f"mention that you met at {meetings[-1].where}"] if meetings else []
    if h.of(PastCandidacy):
        mentions.append(f"mention the earlier conversation{_candidacy(h, ' (they were ')})")
    if pending is not None:
        mentions.append(f"confirm the call at {local_time(pending[1], h.tz)}, as agreed")
    return (
        f"Email {h.name} a networking note about {h.topic}, not a job"
        f"{''.join(f'; {m}' for m in mentions)}: lead with the industry, not with being a"
        " recruiter."
    )


def _day(h: History, event: Event) -> str:
    return local_day(event.occurred_at, h.tz)


def _candidacy(h: History, lead: str) -> str:
    last = h.last(PastCandidacy)
    if last is None:
        return ""
    role = last.role or "a role"
    return f"{lead}{_CANDIDACY[last.kind]} {role} in {last.occurred_at.astimezone(h.tz):%b %Y}"
