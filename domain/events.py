"""What happened, as immutable facts: every event a relationship records (a group's are in
``outreach.domain.group_events``, the envelope they share in ``outreach.domain.event``).

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
from outreach.domain.values import (
    CallOutcome,
    CandidacyKind,
    CareerMoveKind,
    EmailIntent,
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


class PastCandidacy(Event):
    """An earlier candidacy; a touch at its date (``occurred_at``)."""

    TOPIC: ClassVar[str] = "outreach.relationship:PastCandidacy"
    KIND: ClassVar[str] = "past-candidacy"
    INBOUND: ClassVar[bool] = True
    PERSONAL: ClassVar[frozenset[str]] = frozenset({"role"})

    kind: CandidacyKind
    role: Text | None = None


class Met(Event):
    TOPIC: ClassVar[str] = "outreach.relationship:Met"
    KIND: ClassVar[str] = "met"
    INBOUND: ClassVar[bool] = True
    PERSONAL: ClassVar[frozenset[str]] = frozenset({"where"})

    where: RequiredText
    would_hire: bool = False


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


class Emailed(Event):
    TOPIC: ClassVar[str] = "outreach.relationship:Emailed"
    KIND: ClassVar[str] = "emailed"
    OUTBOUND: ClassVar[bool] = True
    PERSONAL: ClassVar[frozenset[str]] = frozenset({"topic"})

    intent: EmailIntent = EmailIntent.NETWORKING
    topic: Text | None = None
    # True when the intent was worked out from the mail itself (outreach mail import / sync),
    # not told by the recruiter: they correct it by retracting and recording again.
    intent_inferred: bool = False

    class_version: ClassVar[int] = 2

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["intent_inferred"] = False


class Noted(Event):
    """An answer or a call, with what was said in a note of the recruiter's (version 2)."""

    PERSONAL: ClassVar[frozenset[str]] = frozenset({"note"})
    class_version: ClassVar[int] = 2  # 2: a note

    note: Text | None = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state.setdefault("note", None)


class Called(Noted):
    """A call; with no outcome recorded it was connected (an answer as well as a touch)."""

    TOPIC: ClassVar[str] = "outreach.relationship:Called"
    KIND: ClassVar[str] = "called"
    OUTBOUND: ClassVar[bool] = True

    outcome: CallOutcome = CallOutcome.CONNECTED


class Replied(Noted):
    TOPIC: ClassVar[str] = "outreach.relationship:Replied"
    KIND: ClassVar[str] = "replied"
    INBOUND: ClassVar[bool] = True


class DeclinedBusy(Noted):
    """ "Busy" or "bad day": not a no. With a time agreed, call back then."""

    TOPIC: ClassVar[str] = "outreach.relationship:DeclinedBusy"
    KIND: ClassVar[str] = "declined-busy"
    INBOUND: ClassVar[bool] = True

    callback_at: Moment | None = None

    _after_agreeing = field_validator("callback_at")(
        classmethod(lambda cls, v, info: later(v, info))
    )


class Rescheduled(Event):
    TOPIC: ClassVar[str] = "outreach.relationship:Rescheduled"
    KIND: ClassVar[str] = "rescheduled"
    INBOUND: ClassVar[bool] = True

    to: Moment

    @field_validator("to")
    @classmethod
    def _after_agreeing(cls, value: datetime, info: ValidationInfo) -> datetime:
        return later(value, info) or value


class DeclinedFirmly(Noted):
    """A firm "not interested"."""

    TOPIC: ClassVar[str] = "outreach.relationship:DeclinedFirmly"
    KIND: ClassVar[str] = "declined"
    INBOUND: ClassVar[bool] = True


class ReferralAsked(Event):
    TOPIC: ClassVar[str] = "outreach.relationship:ReferralAsked"
    KIND: ClassVar[str] = "referral-asked"
    OUTBOUND: ClassVar[bool] = True

    skills: Skills = ()


class ReferralReceived(Event):
    TOPIC: ClassVar[str] = "outreach.relationship:ReferralReceived"
    KIND: ClassVar[str] = "referral-received"

    who: Handle


class ConnectionOffered(Event):
    TOPIC: ClassVar[str] = "outreach.relationship:ConnectionOffered"
    KIND: ClassVar[str] = "connection-offered"
    OUTBOUND: ClassVar[bool] = True
    PERSONAL: ClassVar[frozenset[str]] = frozenset({"note"})

    note: Text | None = None


class OpportunityPresented(Event):
    TOPIC: ClassVar[str] = "outreach.relationship:OpportunityPresented"
    KIND: ClassVar[str] = "opportunity-presented"
    OUTBOUND: ClassVar[bool] = True

    role: RequiredText


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
