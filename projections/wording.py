"""Every sentence a recruiter reads (next actions, violations, the warnings made of them),
written in one place from the facts of a decision or a violation.

The decisions (``outreach.projections.policy``) and the violations hold no words; change how
the engine speaks here, and only here.
"""

# The seed's typography (curly quotes) is kept in what the recruiter reads.

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from outreach.domain.values import MOTIVATION_SYNONYMS, MotivationKind
from outreach.projections.calendar import local_day, local_time
from outreach.projections.rules import RULES

if TYPE_CHECKING:  # the policy package imports this module: no cycle at run time
    from outreach.projections.policy.decision import Decision, Facts

ERASED = "Erased on request: there is nothing to suggest, and nothing about them to show."
_CANDIDACY = {"placed": "placed as", "interviewed": "interviewed for", "applied": "applied for"}


def _motives() -> str:
    """Every word the motivation recorder accepts, each kind with the words that name it."""
    words = []
    for kind in MotivationKind:
        if kind is not MotivationKind.OTHER:
            same = [word for word, named in MOTIVATION_SYNONYMS.items() if named is kind]
            words.append(" or ".join([kind.value, *same]))
    return ", ".join(words)


MOTIVES = _motives()  # "training, commute or location, schedule or flexibility, ..."


def action_text(d: Decision) -> str:
    """The sentence for the recruiter: what to do, naming the specifics, or why nothing."""
    text = _SAY[d.line](d.facts)
    if d.snoozed_until is not None:
        text += f" (Snoozed until {local_day(d.snoozed_until, d.facts.tz)})"
    return text


def because(d: Decision) -> str:
    """The seed's lines that justify the action, as they fit the person."""
    return _because(d.rules[0], d.facts.met)


@lru_cache(maxsize=64)
def _because(rule: str, met: bool) -> str:
    return RULES[rule].because_for(met)  # the same two dozen paragraphs, joined once each


def _day(f: Facts, moment: datetime | None) -> str:
    return local_day(moment, f.tz) if moment is not None else "an unknown day"


def _candidacy(f: Facts, lead: str) -> str:
    c = f.candidacy
    if c is None:
        return ""
    role = c.role or "a role"
    return f"{lead}{_CANDIDACY[c.kind]} {role} in {c.when.astimezone(f.tz):%b %Y}"


def _closed(f: Facts) -> str:
    if f.erased:
        return ERASED
    return f"{f.name} asked not to be contacted on {_day(f, f.since)}: nothing to suggest, ever."


def _closed_by_noes(f: Facts) -> str:
    return (
        f"{f.name} said a firm no {f.count} times (last on {_day(f, f.since)}) with no reply"
        " or meeting since: the relationship is closed."
    )


def _callback(f: Facts) -> str:
    assert f.agreed is not None
    return f"Call {f.name} back at {local_time(f.agreed, f.tz)}, as agreed."


def _offer_time(f: Facts) -> str:
    how = " by email (nothing was sent this round, so not by phone)" if f.by_email else ""
    offer = f"offer{how} to call at a more convenient time."
    if f.backing_off:
        back_off = f"give it {f.days} days, then "
        return f"{f.name} has been busy {f.count} times in a row: {back_off}{offer}"
    return f"{f.name} is busy right now, which is not a no: say you appreciate that, and " + offer


def _check_in(f: Facts) -> str:
    return (
        f"{f.name} said no on {_day(f, f.since)}: {f.days} days on, check in to see whether"
        f" anything has changed; talk about {f.topic}."
    )


def _listen(f: Facts) -> str:
    parts = []
    for group in f.waiting:
        why = [f"listen until {_day(f, group.listen_until)}"] if group.listen_until else []
        why += ["contribute to it"] if group.contribute else []
        parts.append(f"{group.group} ({', '.join(why)})")
    return f"Keep listening in {'; '.join(parts)}: contribute before reaching out to {f.name}."


def _refresh(f: Facts) -> str:
    return (
        f"See what {f.name} is doing now: refresh their profile (current role, company, skills)"
        f" before any outreach; last in touch on {_day(f, f.since)}"
        f"{_candidacy(f, '; they were ')}."
    )


def _research(f: Facts) -> str:
    return (
        f"Research {f.name} before reaching out: their company, industry, interests, and"
        " something you have in common."
    )


def _first_email(f: Facts) -> str:
    mentions = [f"mention that you met at {f.met_at}"] if f.met_at else []
    if f.candidacy is not None:
        mentions.append(f"mention the earlier conversation{_candidacy(f, ' (they were ')})")
    return (
        f"Email {f.name} a networking note about {f.topic}, not a job"
        f"{''.join(f'; {m}' for m in mentions)}: lead with the industry, not with being a"
        " recruiter."
    )


def _call(f: Facts) -> str:
    # After a pitch the email's topic is the role: the call names their industry instead.
    about = f" about {f.email_topic}" if f.email_topic else ""
    then = "" if f.email_topic else f"; talk about {f.topic}"
    return (
        f"Call {f.name} at 10:00 their time ({f.tz.key}): your email of {_day(f, f.since)}"
        f"{about} is unanswered{then}."
    )


def _follow_up(f: Facts) -> str:
    return (
        f"Send {f.name} a follow-up email about {f.topic} ({f.count} unanswered so far; at most"
        f" {f.limit})."
    )


def _ask_motivation(f: Facts) -> str:
    move = ""
    if f.career_move is not None:
        kind, detail = f.career_move
        move = f"; ask about their {kind.replace('-', ' ')}" + (f" ({detail})" if detail else "")
    return f"Ask {f.name} what would make a move worthwhile: {MOTIVES}{move}."


def _ask_referral(f: Facts) -> str:
    wanted = " or ".join(f.skills) if f.skills else "SKILLS (record their skills first)"
    return f"Ask {f.name}: “who do you know with {wanted}?”, never “who is looking?”."


def _keep_in_touch(f: Facts) -> str:
    who = "someone you would hire" if f.best else "in your network"
    return (
        f"Keep in touch with {f.name} ({who}, every {f.days} days): share something about"
        f" {f.topic}."
    )


_SAY: dict[str, Callable[[Facts], str]] = {
    "1": _closed,
    "1b": _closed_by_noes,
    "2": _callback,
    "3": _offer_time,
    "4": _check_in,
    "5": _listen,
    "6": _refresh,
    "7": _research,
    "8": _first_email,
    "9": _call,
    "10": _follow_up,
    "11": _ask_motivation,
    "12": _ask_referral,
    "13": _keep_in_touch,
}

# The coaching report's sentences, by violation kind; {day} and the like are moments, written
# as the candidate's day (an agreed time in full).
VIOLATIONS = {
    "cold-call": "Called {who} on {day} before any email this round: a cold call.",
    "outreach-before-research": "Reached out to {who} on {day} ({what}) with no fresh research.",
    "recruiter-first": "Opened with {who} on {day} with {opening}, not with their industry.",
    "pitch-before-reply": "Pitched a job to {who} on {day} before they replied, talked or met.",
    "pitch-without-motivation": "Pitched a job to {who} on {day} with no motivation of theirs"
    " known.",
    "contact-before-listening": "Contacted {who} on {day} before listening in {groups} for"
    " {days} days and contributing to it.",
    "availability-ask": "Asked {who} on {day} who they know without naming skills (“who is"
    " looking?”).",
    "dropped-busy-answer": "{who} was busy on {day}: nobody offered a more convenient time by"
    " {deadline}.",
    "missed-callback": "Missed the call agreed with {who} for {agreed}.",
    "chasing": "Reached out to {who} on {day} ({what}) with {count} touches already unanswered"
    " this round: chasing.",
    "no-during-pause": "Contacted {who} on {day} ({what}) during the {days} days' pause after"
    " their firm no of {since}.",
    "contact-after-closing": "Contacted {who} on {day} ({what}) after {count} firm noes closed"
    " the relationship.",
    "ignored-reply": "{who} replied on {day}: nobody answered them by {deadline}.",
    "left-waiting": "{who} ({why}) was left waiting: “{action}” was due on {due}.",
}


def violation_text(
    kind: str, tz: ZoneInfo, who: str, day: datetime, facts: Mapping[str, object]
) -> str:
    """A violation's sentence from its facts: moments are written as the candidate's day (an
    agreed time in full)."""
    said: dict[str, object] = {"who": who, "day": local_day(day, tz)}
    for key, value in facts.items():
        if isinstance(value, datetime):
            value = local_time(value, tz) if key == "agreed" else local_day(value, tz)
        said[key] = value
    return VIOLATIONS[kind].format_map(said)
