"""Every touch a relationship records (PLAYBOOK.md, Words): what the recruiter sent or did
(outbound: emailed, called, referral asked, connection offered, opportunity presented) and the
candidate's answers (inbound: replied, met, declined busy or firmly, rescheduled, a past
candidacy), with a referral received beside them. Explicit topics, as every event (see
``outreach.domain.events``, which also exports these)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from outreach.domain.event import Event, later
from outreach.domain.values import (
    CallOutcome,
    CandidacyKind,
    EmailIntent,
    Handle,
    Moment,
    RequiredText,
    Skills,
    Text,
)
from pydantic import ValidationInfo, field_validator


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
