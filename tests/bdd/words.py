"""The recruiter's words used in features/, and what each means to the engine.

This is vocabulary, not policy: a phrase maps to an action kind, a violation kind, a playbook
figure, a city's time zone or an event's field. Every due time and threshold stays in the
scenarios, written out, and in the engine, computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from outreach.projections.model import ActionKind

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
CITIES = {
    "London": "Europe/London",
    "Paris": "Europe/Paris",
    "Berlin": "Europe/Berlin",
    "New York": "America/New_York",
    "San Francisco": "America/Los_Angeles",
    "Tokyo": "Asia/Tokyo",
    "Mumbai": "Asia/Kolkata",
    "Sydney": "Australia/Sydney",
}
COUNTRIES = {
    "the United States": "US",
    "the United Kingdom": "GB",
    "France": "FR",
    "Germany": "DE",
}
NAME = r"[A-Z][\w'-]*"


def moment_pattern(group: str = "when") -> str:
    """A moment as people write it: "Friday 6 March 2026 at 11:00", optionally "Paris time"."""
    days, months, cities = "|".join(WEEKDAYS), "|".join(MONTHS), "|".join(CITIES)
    return (
        rf"(?P<{group}>(?:{days}) \d{{1,2}} (?:{months}) \d{{4}}"
        rf"(?: at \d{{1,2}}:\d{{2}})?(?: (?:{cities}) time)?)"
    )


MOMENT = re.compile(
    rf"(?P<weekday>{'|'.join(WEEKDAYS)}) (?P<day>\d{{1,2}}) (?P<month>{'|'.join(MONTHS)})"
    rf" (?P<year>\d{{4}})(?: at (?P<hour>\d{{1,2}}):(?P<minute>\d{{2}}))?"
    rf"(?: (?P<city>{'|'.join(CITIES)}) time)?"
)


@dataclass(frozen=True)
class Moment:
    """A moment written in a scenario; ``exact`` is False when only the day was written."""

    at: datetime
    exact: bool


def read_moment(text: str, zone: ZoneInfo) -> Moment:
    """Read "Tuesday 10 March 2026 at 10:00 Paris time"; without a city, in ``zone``.

    The weekday must be the date's: a typo in a scenario fails loudly instead of testing
    another day."""
    found = MOMENT.fullmatch(text.strip())
    if found is None:
        raise ValueError(f"{text!r} is not a moment like 'Friday 6 March 2026 at 11:00'")
    city = found["city"]
    where = ZoneInfo(CITIES[city]) if city else zone
    hour, minute = int(found["hour"] or 0), int(found["minute"] or 0)
    month = MONTHS.index(found["month"]) + 1
    at = datetime(int(found["year"]), month, int(found["day"]), hour, minute, tzinfo=where)
    if WEEKDAYS[at.weekday()] != found["weekday"]:
        raise ValueError(f"{text!r}: that day is a {WEEKDAYS[at.weekday()]}")
    return Moment(at, exact=found["hour"] is not None)


def say_moment(at: datetime, zone: ZoneInfo) -> str:
    """A moment as a scenario would write it, in ``zone``: for failure messages."""
    local = at.astimezone(zone)
    return f"{WEEKDAYS[local.weekday()]} {local.day} {MONTHS[local.month - 1]} {local:%Y at %H:%M}"


def group_name(text: str) -> str:
    """ "the Rust Users Forum" names the group "Rust Users Forum"."""
    return text.removeprefix("the ").strip()


def skills(text: str) -> list[str]:
    """ "Python, Rust and compilers" are three skills."""
    return [s.strip() for s in re.split(r",| and ", text) if s.strip()]


@dataclass(frozen=True)
class Action:
    """A next step as the recruiter says it: its kind, and the policy line when the words
    tell two lines of one kind apart (a first email, a follow-up email)."""

    kind: ActionKind
    line: str | None = None


ACTIONS: tuple[tuple[re.Pattern[str], Action], ...] = tuple(
    (re.compile(pattern), action)
    for pattern, action in (
        (rf"call (?P<name>{NAME}) back", Action(ActionKind.CALLBACK)),
        (rf"offer (?P<name>{NAME}) a more convenient time", Action(ActionKind.OFFER_TIME)),
        (rf"call (?P<name>{NAME})", Action(ActionKind.CALL)),
        (rf"send (?P<name>{NAME}) a first networking email", Action(ActionKind.EMAIL, "8")),
        (rf"send (?P<name>{NAME}) a follow-up email", Action(ActionKind.EMAIL, "10")),
        (
            rf"ask (?P<name>{NAME}) what would make a move worthwhile",
            Action(ActionKind.ASK_MOTIVATION),
        ),
        (
            rf"ask (?P<name>{NAME}) who they know with (?P<skills>.+)",
            Action(ActionKind.ASK_REFERRAL),
        ),
        (rf"check in with (?P<name>{NAME})", Action(ActionKind.CHECK_IN)),
        (rf"see what (?P<name>{NAME}) is doing now", Action(ActionKind.REFRESH_PROFILE)),
        (rf"research (?P<name>{NAME})", Action(ActionKind.RESEARCH)),
        (
            rf"keep listening in (?P<group>.+) before reaching out to (?P<name>{NAME})",
            Action(ActionKind.LISTEN),
        ),
        (rf"keep in touch with (?P<name>{NAME})", Action(ActionKind.KEEP_IN_TOUCH)),
    )
)


def read_action(text: str) -> tuple[Action, dict[str, str]]:
    for pattern, action in ACTIONS:
        found = pattern.fullmatch(text)
        if found is not None:
            return action, found.groupdict()
    raise ValueError(f"{text!r} is not a next step the playbook knows")


VIOLATIONS = {
    "a cold call": "cold-call",
    "outreach before research": "outreach-before-research",
    "a pitch before a reply": "pitch-before-reply",
    "opening as a recruiter": "recruiter-first",
    "a pitch with no motivation known": "pitch-without-motivation",
    "contact before listening": "contact-before-listening",
    "an availability ask": "availability-ask",
    "a dropped busy answer": "dropped-busy-answer",
    "a missed callback": "missed-callback",
    "chasing": "chasing",
    "contact during the pause": "no-during-pause",
    "contact after closing": "contact-after-closing",
    "an ignored reply": "ignored-reply",
    "leaving someone waiting": "left-waiting",
}
VIOLATION = "(?P<violation>" + "|".join(VIOLATIONS) + ")"

MOTIVATIONS = {
    "training": "training",
    "being closer to home": "commute",
    "where they live": "location",
    "their schedule": "schedule",
    "flexible hours": "flexibility",
    "their pay": "compensation",
    # The words the motivation question suggests, typed as they are (playbook v2).
    "pay": "pay",
    "location": "location",
    "flexibility": "flexibility",
    "commute": "commute",
    "growth": "growth",
    "the culture": "culture",
    "the mission": "mission",
    "stability": "stability",
}
# What a recruiter calls an event when withdrawing it, and the event it names.
RECORDED = {
    "call": "called",
    "email": "emailed",
    "reply": "replied",
    "busy answer": "declined-busy",
    "firm no": "declined",
    "meeting": "met",
    "snooze": "snoozed",
    "sighting": "spotted-online",
}
CAREER_MOVES = {"a gap in work": "gap", "a change of industry": "industry-change"}
CANDIDACIES = {"was placed in": "placed", "was interviewed for": "interviewed"}
CANDIDACIES["applied for"] = "applied"

# The team's figures, as the team says them; each names the playbook settings it sets. "The
# usual 4" leaves the playbook's own figure in place: the scenario then pins the default.
FIGURES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern.replace(r"(\d+)", r"((?:the usual )?\d+)")), keys)
    for pattern, keys in (
        (
            r"waits (\d+) business days? after an unanswered email before calling",
            ("call_after_email",),
        ),
        (r"follows up (\d+) business days? after the last unanswered touch", ("follow_up_after",)),
        (r"stops after (\d+) unanswered touch(?:es)?", ("max_unanswered",)),
        (
            r"offers a more convenient time (\d+) business days? after a busy answer",
            ("busy_follow_up",),
        ),
        (
            r"backs off for (\d+) days after (\d+) busy answers in a row",
            ("busy_back_off", "max_busy"),
        ),
        (r"pauses (\d+) days after a firm no", ("firm_no_pause",)),
        (r"closes the relationship after (\d+) firm noe?s?", ("max_firm_no",)),
        (r"allows (\d+) business days? of lateness on a busy follow-up", ("grace",)),
        (r"listens in a group for (\d+) days before reaching out", ("observe_for",)),
        (r"keeps in touch with people they would hire every (\d+) days", ("best_people_every",)),
        (r"keeps in touch with everyone else every (\d+) days", ("keep_in_touch_every",)),
        (r"asks for referrals again after (\d+) days", ("referral_every",)),
        (r"starts a new round after (\d+) days of silence", ("dormant_after",)),
    )
)


def read_figures(text: str) -> dict[str, int | str]:
    """ "backs off for 30 days after 3 busy answers in a row" sets two figures."""
    found_country = re.fullmatch(r"takes the holidays of (.+) off", text)
    if found_country is not None:
        return {"holiday_country": COUNTRIES[found_country[1]]}
    for pattern, keys in FIGURES:
        found = pattern.fullmatch(text)
        if found is not None:
            pairs = zip(keys, found.groups(), strict=True)
            return {key: int(value) for key, value in pairs if not value.startswith("the usual")}
    raise ValueError(f"'the team {text}' is not a figure of the playbook")
