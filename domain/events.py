"""What happened, as immutable facts: every event a relationship records. Here who the person
is and what is noted about them (added, profile updated, researched, spotted online, motivation,
career move) and the relationship's standing (opted out, erased, retracted, snoozed); the touches
in ``outreach.domain.touch_events``, a group's events in ``outreach.domain.group_events``, the
envelope they share in ``outreach.domain.event``. All are exported from here.

Each event class has an explicit, permanent ``TOPIC`` (stored with the event, so that moving
or renaming this module never breaks stored history) and a ``KIND``: the word a recruiter
uses for it on the command line. Change an event's fields only with ``class_version`` and an
``upcast_vN_vN+1`` static method.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import CanInitAggregate
from outreach.domain.event import MAX_CLOCK_SKEW as MAX_CLOCK_SKEW
from outreach.domain.event import Event as Event
from outreach.domain.event import later as later
from outreach.domain.event import moment as moment
from outreach.domain.group_events import Contributed as Contributed
from outreach.domain.group_events import GroupEvent as GroupEvent
from outreach.domain.group_events import GroupNoted as GroupNoted
from outreach.domain.group_events import Watched as Watched
from outreach.domain.touch_events import Called as Called
from outreach.domain.touch_events import ConnectionOffered as ConnectionOffered
from outreach.domain.touch_events import DeclinedBusy as DeclinedBusy
from outreach.domain.touch_events import DeclinedFirmly as DeclinedFirmly
from outreach.domain.touch_events import Emailed as Emailed
from outreach.domain.touch_events import Met as Met
from outreach.domain.touch_events import Noted as Noted
from outreach.domain.touch_events import OpportunityPresented as OpportunityPresented
from outreach.domain.touch_events import PastCandidacy as PastCandidacy
from outreach.domain.touch_events import ReferralAsked as ReferralAsked
from outreach.domain.touch_events import ReferralReceived as ReferralReceived
from outreach.domain.touch_events import Replied as Replied
from outreach.domain.touch_events import Rescheduled as Rescheduled
from outreach.domain.values import (
    CareerMoveKind,
    Handle,
    Moment,
    Motivation,
    RequiredText,
    Skills,
    Source,
    Text,
    TimeZoneName,
)
from pydantic import Field, ValidationInfo, field_validator


class Added(Event, CanInitAggregate[UUID]):
    TOPIC: ClassVar[str] = "outreach.relationship:Added"
    KIND: ClassVar[str] = "added"
    PERSONAL: ClassVar[frozenset[str]] = frozenset(
        {"handle", "name", "email", "phone", "url", "company", "title"}
    )
    class_version: ClassVar[int] = 2  # 2: a profile link (url)

    originator_topic: str
    handle: Handle
    name: RequiredText
    email: Text | None = None
    phone: Text | None = None
    url: Text | None = None  # a profile link: LinkedIn, a personal site
    skills: Skills = ()
    tz: TimeZoneName | None = None
    source: Source | None = None
    company: Text | None = None
    title: Text | None = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("url", None)


class ProfileUpdated(Event):
    """What they do now, or a correction of what was recorded: any of name, contact points,
    company, title, skills, time zone (what is left out stays as it was)."""

    TOPIC: ClassVar[str] = "outreach.relationship:ProfileUpdated"
    KIND: ClassVar[str] = "profile-updated"
    PERSONAL: ClassVar[frozenset[str]] = frozenset(
        {"name", "email", "phone", "url", "company", "title"}
    )
    class_version: ClassVar[int] = 2  # 2: name and contact points can be corrected

    name: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    url: Text | None = None
    company: Text | None = None
    title: Text | None = None
    skills: Skills = ()
    tz: TimeZoneName | None = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        for key in ("name", "email", "phone", "url"):
            state.setdefault(key, None)


class Researched(Event):
    TOPIC: ClassVar[str] = "outreach.relationship:Researched"
    KIND: ClassVar[str] = "researched"
    PERSONAL: ClassVar[frozenset[str]] = frozenset({"note", "common_ground"})

    note: Text | None = None
    common_ground: tuple[Text, ...] = ()


class SpottedOnline(Event):
    TOPIC: ClassVar[str] = "outreach.relationship:SpottedOnline"
    KIND: ClassVar[str] = "spotted-online"
    PERSONAL: ClassVar[frozenset[str]] = frozenset({"said"})

    group: RequiredText
    said: Text | None = None
    key_contributor: bool = False


class MotivationNoted(Event):
    TOPIC: ClassVar[str] = "outreach.relationship:MotivationNoted"
    KIND: ClassVar[str] = "motivation"
    PERSONAL: ClassVar[frozenset[str]] = frozenset({"detail"})

    kind: Motivation
    detail: Text | None = None


class CareerMoveNoted(Event):
    TOPIC: ClassVar[str] = "outreach.relationship:CareerMoveNoted"
    KIND: ClassVar[str] = "career-move"
    PERSONAL: ClassVar[frozenset[str]] = frozenset({"detail"})

    kind: CareerMoveKind
    detail: Text | None = None


class OptedOut(Event):
    """ "Do not contact me": final."""

    TOPIC: ClassVar[str] = "outreach.relationship:OptedOut"
    KIND: ClassVar[str] = "opted-out"


class Erased(Event):
    """Erasure on request: the person's data is made unreadable; the log stays whole."""

    TOPIC: ClassVar[str] = "outreach.relationship:Erased"
    KIND: ClassVar[str] = "erased"


class Retracted(Event):
    """An event recorded by mistake, withdrawn: every answer treats it as never recorded.

    ``retracted_version`` is the withdrawn event's version, as ``history`` shows it."""

    TOPIC: ClassVar[str] = "outreach.relationship:Retracted"
    KIND: ClassVar[str] = "retracted"
    PERSONAL: ClassVar[frozenset[str]] = frozenset({"reason"})

    retracted_version: int = Field(ge=1)
    reason: Text | None = None


class Snoozed(Event):
    """The relationship put aside until ``until``: until then, or until any touch after the
    snooze, no action is due before ``until`` (an agreed callback excepted)."""

    TOPIC: ClassVar[str] = "outreach.relationship:Snoozed"
    KIND: ClassVar[str] = "snoozed"
    PERSONAL: ClassVar[frozenset[str]] = frozenset({"reason"})

    until: Moment
    reason: Text | None = None

    @field_validator("until")
    @classmethod
    def _after_snoozing(cls, value: datetime, info: ValidationInfo) -> datetime:
        when = info.data.get("occurred_at")
        if isinstance(when, datetime) and value <= when:
            raise ValueError(
                f"a snooze lasts until a later time: {value.isoformat()} is not after the"
                f" snooze itself ({when.isoformat()})"
            )
        return value


RelationshipEvent = (
    Added
    | ProfileUpdated
    | PastCandidacy
    | Met
    | Researched
    | SpottedOnline
    | MotivationNoted
    | CareerMoveNoted
    | Emailed
    | Called
    | Replied
    | DeclinedBusy
    | Rescheduled
    | DeclinedFirmly
    | ReferralAsked
    | ReferralReceived
    | ConnectionOffered
    | OpportunityPresented
    | OptedOut
    | Erased
    | Retracted
    | Snoozed
)
# What a recruiter records on a relationship after adding it, by the word they use.
RECORDABLE: dict[str, type[Event]] = {
    cls.KIND: cls
    for cls in (
        Met,
        Researched,
        SpottedOnline,
        MotivationNoted,
        CareerMoveNoted,
        Emailed,
        Called,
        Replied,
        DeclinedBusy,
        Rescheduled,
        DeclinedFirmly,
        ReferralAsked,
        ReferralReceived,
        ConnectionOffered,
        OpportunityPresented,
        PastCandidacy,
        ProfileUpdated,
        OptedOut,
        Retracted,
        Snoozed,
    )
}
