"""Value objects of the recruiter's world: handles, skills, and the closed sets of kinds."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any
from uuid import NAMESPACE_URL, UUID, uuid5
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import AfterValidator, AwareDatetime, BeforeValidator

HANDLE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,39}$")
MAX_TEXT = 2000
_NAMESPACE = uuid5(NAMESPACE_URL, "https://outreach.invalid/relationship")


class Source(StrEnum):
    """Where a relationship came from."""

    MET = "met"
    PAST = "past"
    ONLINE = "online"
    REFERRAL = "referral"
    IMPORT = "import"


class CandidacyKind(StrEnum):
    """How far an earlier candidacy went."""

    PLACED = "placed"
    INTERVIEWED = "interviewed"
    APPLIED = "applied"


class EmailIntent(StrEnum):
    """What an email set out to do."""

    NETWORKING = "networking"
    FOLLOW_UP = "follow-up"
    CONNECTION_OFFER = "connection-offer"
    OPPORTUNITY = "opportunity"
    RECRUITER_INTRO = "recruiter-intro"


class CallOutcome(StrEnum):
    """How a call went."""

    CONNECTED = "connected"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no-answer"


class MotivationKind(StrEnum):
    """What would make a move worthwhile for someone (seed, DO 4). Each kind also accepts the
    words of ``MOTIVATION_SYNONYMS`` (PLAYBOOK.md: "commute/location", "schedule/flexibility",
    "compensation/pay")."""

    TRAINING = "training"
    COMMUTE = "commute"
    SCHEDULE = "schedule"
    COMPENSATION = "compensation"
    GROWTH = "growth"
    CULTURE = "culture"
    MISSION = "mission"
    STABILITY = "stability"
    OTHER = "other"


MOTIVATION_SYNONYMS: dict[str, MotivationKind] = {
    "location": MotivationKind.COMMUTE,
    "flexibility": MotivationKind.SCHEDULE,
    "pay": MotivationKind.COMPENSATION,
}
# Every word a recruiter may type for a motivation, kinds first, each with its kind.
MOTIVATION_WORDS: dict[str, MotivationKind] = {
    **{kind.value: kind for kind in MotivationKind},
    **MOTIVATION_SYNONYMS,
}


def motivation_kind(value: Any) -> Any:
    """A motivation word as its kind (``pay`` is compensation); version 1 stored ``location``
    and ``flexibility`` as kinds of their own, and they load as the kind they now name."""
    if isinstance(value, str):
        return MOTIVATION_WORDS.get(value.strip().lower(), value)
    return value


class CareerMoveKind(StrEnum):
    """A turn in someone's career worth asking about (seed, DO 4)."""

    GAP = "gap"
    INDUSTRY_CHANGE = "industry-change"
    OTHER = "other"


def normalise_handle(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower()
    return value


def check_handle(value: str) -> str:
    if not HANDLE_PATTERN.match(value):
        raise ValueError(
            "a handle is 1 to 40 characters: lower-case letters, digits, '.', '_' or '-',"
            " starting with a letter or digit (for example 'ada-lovelace')"
        )
    return value


def check_text(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise ValueError(f"text is limited to {MAX_TEXT} characters, got {len(value)}")
    if value.isprintable():
        return value  # no control character at all: the usual case, checked in C
    for ch in value:
        if ch not in "\n\t" and unicodedata.category(ch) == "Cc":
            raise ValueError(f"control character {ch!r} is not allowed in text")
    return value


def check_required_text(value: str) -> str:
    value = check_text(value)
    if not value:
        raise ValueError("must not be empty")
    return value


def normalise_skill(value: str) -> str:
    """One skill as stored and searched: trimmed, lower case, single spaces."""
    return " ".join(check_text(value).lower().split())


def normalise_skills(value: Any) -> Any:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset):
        return value
    seen: dict[str, None] = {}
    for item in value:
        if not isinstance(item, str):
            raise ValueError(f"a skill is text, got {item!r}")
        skill = normalise_skill(item)
        if skill:
            seen.setdefault(skill, None)
    return tuple(seen)


def check_time_zone(value: str) -> str:
    """The one check of a time zone name: an IANA zone, typed in any case ('europe/london' is
    'Europe/London') or "UTC", never a region folder ("Europe") or a path; a ValueError
    saying what to give instead."""
    value = value.strip()
    value = _zones_by_case().get(value.lower(), value)
    # Checked against the list first: ZoneInfo() on a region folder ("Europe") or a path
    # raises OS errors rather than saying the zone is unknown.
    if value not in _zones():
        raise ValueError(f"{value!r} is not a time zone: use an IANA name such as 'Europe/Paris'")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            f"{value!r} is not a time zone: use an IANA name such as 'Europe/Paris'"
        ) from None
    return value


_ZONES: set[str] = set()
_BY_CASE: dict[str, str] = {}


def _zones_by_case() -> dict[str, str]:
    if not _BY_CASE:
        _BY_CASE.update({name.lower(): name for name in _zones()})
    return _BY_CASE


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
        _ZONES.add("UTC")
    return _ZONES


# The playbook counts months and years ahead of "now"; far-off years would overflow dates.
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)


def check_moment(value: datetime) -> datetime:
    """A moment the engine can reason about: tz-aware, in the years 1900 to 2999."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{value.isoformat()} has no time zone: give an offset or a zone")
    if not EARLIEST <= value < LATEST:
        raise ValueError(f"{value.isoformat()} is not in the years 1900 to 2999")
    return value


Handle = Annotated[str, BeforeValidator(normalise_handle), AfterValidator(check_handle)]
Text = Annotated[str, AfterValidator(check_text)]
RequiredText = Annotated[str, AfterValidator(check_required_text)]
Skills = Annotated[tuple[str, ...], BeforeValidator(normalise_skills)]
TimeZoneName = Annotated[str, AfterValidator(check_time_zone)]
Moment = Annotated[AwareDatetime, AfterValidator(check_moment)]
Motivation = Annotated[MotivationKind, BeforeValidator(motivation_kind)]


def relationship_id(handle: str) -> UUID:
    """The id a 0.1 store gave the relationship with this handle (derived from it). New
    relationships have random ids, found through the store's handle index."""
    return uuid5(_NAMESPACE, "relationship:" + handle)


def group_key(name: str) -> str:
    """A group (online community) is identified by its name, case and spacing aside."""
    return " ".join(name.lower().split())


def group_id(name: str) -> UUID:
    return uuid5(_NAMESPACE, "group:" + group_key(name))
