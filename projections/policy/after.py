"""When lines 9 to 13 apply, and the facts each names: after the first outbound touch of a
round.

Choices where PLAYBOOK.md leaves room:

- Line 9 keeps DON'T 3's cap ("at most ``max_unanswered`` unanswered touches"): with that many
  unanswered, line 13 applies even when no call has been made.
- A call or follow-up after a pitch names their industry or common ground, never the role
  (DON'T 1): an email's topic is named only when the email was not a pitch.
- Line 11 is due at the first answer of the run of conversation answers ending with the last
  one: that is when "in conversation, no motivation known" first applied.
- Line 13 reached through line 4 (checked in after a firm no, no answer) uses
  ``keep_in_touch_every``; otherwise people you'd hire get ``best_people_every``.
"""

from __future__ import annotations

from datetime import datetime

from outreach.domain.events import Called, CareerMoveNoted, Emailed, ReferralAsked
from outreach.projections.calendar import business_call
from outreach.projections.history import History, is_conversation, is_pitch
from outreach.projections.policy.before import facts
from outreach.projections.policy.decision import Found


def _waiting_for_an_answer(h: History) -> bool:
    """Not in conversation, and below the cap of unanswered touches."""
    rnd = h.current
    return not rnd.in_conversation and len(rnd.unanswered) < h.settings.max_unanswered


def email_unanswered(h: History) -> Found | None:
    """Line 9: not in conversation, an unanswered email, no call yet this round, unanswered
    touches below ``max_unanswered``."""
    rnd = h.current
    if not _waiting_for_an_answer(h) or any(type(e) is Called for _, e in rnd.outbound):
        return None
    emails = [e for e in rnd.unanswered if type(e) is Emailed]
    if not emails:
        return None
    email = emails[-1]
    topic = None if is_pitch(email) else email.topic
    named = facts(h, since=email.occurred_at, email_topic=topic)
    return Found(named, (email,), base=email.occurred_at)


def call_due(h: History, found: Found) -> datetime | None:
    """10:00 on the candidate's clock, ``call_after_email`` business days after the email."""
    assert found.base is not None
    settings = h.settings
    return business_call(found.base, settings.call_after_email, h.country, h.tz)


def still_unanswered(h: History) -> Found | None:
    """Line 10: not in conversation, unanswered touches below ``max_unanswered``."""
    if not _waiting_for_an_answer(h):
        return None
    rnd = h.current
    last = rnd.touches[-1][1]
    unanswered = rnd.unanswered
    named = facts(h, count=len(unanswered), limit=h.settings.max_unanswered)
    return Found(named, tuple(unanswered) or (last,), base=last.occurred_at)


def follow_up_due(h: History, found: Found) -> datetime | None:
    """``follow_up_after`` business days after the last touch."""
    assert found.base is not None
    return h.business(found.base, "follow_up_after")


def _conversation(h: History) -> tuple[int, datetime] | None:
    """In conversation: the position (among the round's answers) and the moment of the first
    answer of the run of conversation answers that ends with the last one."""
    rnd = h.current
    first = rnd.first_outbound
    if first is None or not rnd.in_conversation:
        return None
    answers = [e for _, e in rnd.answers]
    run = len(answers)
    while run and is_conversation(answers[run - 1]):
        if answers[run - 1].occurred_at < first[1].occurred_at:
            break
        run -= 1
    began = answers[run].occurred_at
    return run, max(began, h.added_at or began)


def no_motivation_known(h: History) -> Found | None:
    """Line 11: in conversation, no motivation known."""
    talking = _conversation(h) if h.motivation is None else None
    if talking is None:
        return None
    run, began = talking
    moves = h.of(CareerMoveNoted)
    move = (moves[-1].kind.value, moves[-1].detail) if moves else None
    answers = tuple(e for _, e in h.current.answers[run:])
    return Found(facts(h, career_move=move), answers, base=began)


def last_skilled_ask(h: History) -> ReferralAsked | None:
    return next((e for e in reversed(h.of(ReferralAsked)) if e.skills), None)


def referral_not_asked(h: History) -> Found | None:
    """Line 12: in conversation, someone you'd hire or a key contributor, no referral ask
    naming skills within ``referral_every``. Due at the latest of: the conversation began,
    the first motivation was noted, they became one of the best, the last ask expired."""
    motivation, best = h.motivation, h.would_hire or h.key_contributor
    talking = _conversation(h) if motivation is not None and best is not None else None
    if talking is None or motivation is None or best is None:
        return None
    asked = last_skilled_ask(h)
    expires = h.after(asked.occurred_at, "referral_every") if asked else None
    if expires is not None and expires > h.now:
        return None
    moments = (talking[1], motivation.occurred_at, best.occurred_at, expires)
    evidence = (h.current.answers[-1][1], best, *([asked] if asked else []))
    base = max(d for d in moments if d)
    return Found(facts(h, skills=h.skills), evidence, base=base)


def otherwise(h: History, handed: Found | None = None) -> Found:
    """Line 13, also where lines 3 and 4 hand over (``handed``, with their evidence)."""
    every = keep_in_touch_every(h, handed)
    best = every == "best_people_every"
    last = h.current.last_touch
    cited = (last, h.would_hire if best else None)
    evidence = (*(handed.evidence if handed else ()), *(e for e in cited if e is not None))
    named = facts(h, days=getattr(h.settings, every), best=best)
    return Found(named, evidence, every=every)


def keep_in_touch_due(h: History, found: Found) -> datetime | None:
    """``best_people_every`` (people you'd hire) or ``keep_in_touch_every`` days after the
    last touch (or the start of the round)."""
    last = h.current.last_touch
    return h.after(last.occurred_at if last else h.current.start, keep_in_touch_every(h, found))


def keep_in_touch_every(h: History, found: Found | None) -> str:
    if found is not None and found.every:
        return found.every
    return "best_people_every" if h.would_hire else "keep_in_touch_every"
