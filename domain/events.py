"""What happened, as immutable facts: every event a relationship or a group records.

Each event class has an explicit, permanent ``TOPIC`` (stored with the event, so that moving
or renaming this module never breaks stored history) and a ``KIND``: the word a recruiter
uses for it on the command line. Change an event's fields only with ``class_version`` and an
``upcast_vN_vN+1`` static method.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from types import NoneType, UnionType
from typing import Annotated, Any, ClassVar, Union, cast, get_args, get_origin
from uuid import UUID

from eventsourcing.domain import CanInitAggregate, CanMutateAggregate
from eventsourcing.utils import register_topic
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
    check_moment,
)
from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)

MAX_CLOCK_SKEW = timedelta(minutes=5)


class Event(BaseModel, CanMutateAggregate[UUID]):
    """Common to every event: which aggregate, its version, when it was recorded (the
    library's ``timestamp``), when it happened in the world (``occurred_at``, may be
    backdated) and who recorded it (``by``)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    TOPIC: ClassVar[str] = ""
    KIND: ClassVar[str] = ""
    # The one definition of touches (PLAYBOOK.md, Words): outbound, inbound (an answer), or
    # neither (a note). A connected call is both: the projections ask the call's outcome.
    OUTBOUND: ClassVar[bool] = False
    INBOUND: ClassVar[bool] = False
    # Fields holding personal data (encrypted per relationship, shredded on erasure).
    PERSONAL: ClassVar[frozenset[str]] = frozenset()

    originator_id: UUID
    originator_version: int
    timestamp: Moment
    occurred_at: Moment
    by: RequiredText

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("TOPIC"):
            register_topic(cls.TOPIC, cls)

    @field_validator("occurred_at")
    @classmethod
    def _not_in_the_future(cls, value: datetime, info: ValidationInfo) -> datetime:
        recorded = info.data.get("timestamp")
        if isinstance(recorded, datetime) and value > recorded + MAX_CLOCK_SKEW:
            raise ValueError(
                f"{value.isoformat()} is in the future (now is {recorded.isoformat()}):"
                " record what already happened"
            )
        return value

    def apply(self, aggregate: Any) -> None:
        aggregate.apply_event(self)

    @classmethod
    def from_stored(cls, state: dict[str, Any]) -> Any:
        """The event as it was recorded, from its stored JSON state (``originator_id``
        included), built without validating it again: every stored event was validated when
        it was recorded, and validation was most of the cost of reading a history back. Only
        the types JSON cannot carry are restored (moments, kinds, tuples). A state that does
        not fit the fields exactly (an unknown, missing or malformed field) goes through
        validation, which says what is wrong."""
        form = _STORED.get(cls) or _stored_form(cls)
        if not form.names.issuperset(state) or not form.required.issubset(state):
            return cls.model_validate(state)  # a field too many or missing: say which
        get = state.get  # in the fields' order, which is the order they are dumped in
        values = {name: get(name, default) for name, default in form.defaults}
        try:
            for name, convert in form.converters:
                value = values[name]
                if value is not None:
                    values[name] = convert(value)
        except (TypeError, ValueError):
            return cls.model_validate(state)
        if any(values[name] is None for name in form.not_none):
            return cls.model_validate(state)
        event = cls.__new__(cls)
        setattr_ = object.__setattr__
        setattr_(event, "__dict__", values)
        setattr_(event, "__pydantic_fields_set__", set(state))
        setattr_(event, "__pydantic_extra__", None)
        setattr_(event, "__pydantic_private__", None)
        return event


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


class GroupNoted(Event, CanInitAggregate[UUID]):
    """A group (forum, LinkedIn group, Slack, meetup) the recruiter follows."""

    TOPIC: ClassVar[str] = "outreach.group:Noted"
    KIND: ClassVar[str] = "group-noted"

    originator_topic: str
    name: RequiredText


class Watched(Event):
    TOPIC: ClassVar[str] = "outreach.group:Watched"
    KIND: ClassVar[str] = "watch"


class Contributed(Event):
    TOPIC: ClassVar[str] = "outreach.group:Contributed"
    KIND: ClassVar[str] = "contributed"

    note: Text | None = None


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
GroupEvent = GroupNoted | Watched | Contributed

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


@dataclass(frozen=True)
class _StoredForm:
    """What ``Event.from_stored`` needs to know of a class's fields."""

    names: frozenset[str]
    required: frozenset[str]
    defaults: list[tuple[str, Any]]  # every field in order, with its default (None if required)
    converters: list[tuple[str, Callable[[Any], Any]]]  # JSON value to field value
    not_none: list[str]


_STORED: dict[type, _StoredForm] = {}


def _stored_form(cls: type[Event]) -> _StoredForm:
    converters, not_none, defaults = [], [], []
    for name, info in cls.model_fields.items():
        convert = _converter(info.annotation, info.metadata)
        if convert is not None:
            converters.append((name, convert))
        optional = get_origin(info.annotation) in (Union, UnionType)
        if not (optional and NoneType in get_args(info.annotation)):
            not_none.append(name)
        required = info.is_required()
        defaults.append((name, None if required else info.get_default(call_default_factory=True)))
    _STORED[cls] = _StoredForm(
        names=frozenset(cls.model_fields),
        required=frozenset(n for n, info in cls.model_fields.items() if info.is_required()),
        defaults=defaults,
        converters=converters,
        not_none=not_none,
    )
    return _STORED[cls]


def _converter(annotation: Any, metadata: list[Any]) -> Callable[[Any], Any] | None:
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *more = get_args(annotation)
        return _converter(base, [*more, *metadata])
    if origin in (Union, UnionType):
        (inner,) = [arg for arg in get_args(annotation) if arg is not NoneType]
        return _converter(inner, metadata)
    if annotation in (AwareDatetime, datetime):
        return _moment
    if origin is tuple:
        return tuple
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        before = [m.func for m in metadata if isinstance(m, BeforeValidator)]
        kind: Callable[[Any], Any] = annotation
        if before:
            # A word for the kind (motivation_kind): "pay" is compensation.
            (func,) = cast(list[Callable[[Any], Any]], before)
            return lambda value: kind(func(value))
        return kind
    if annotation is UUID:
        return _uuid
    if annotation in (str, int, bool):
        return None
    raise TypeError(f"no stored form known for {annotation!r}")


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError(f"{value} has no time zone")
    return moment


def later(agreed: datetime | None, info: ValidationInfo) -> datetime | None:
    """An agreed time must come after the moment it was agreed."""
    when = info.data.get("occurred_at")
    if agreed is not None and isinstance(when, datetime) and agreed <= when:
        raise ValueError(
            f"the agreed time {agreed.isoformat()} must be after the moment it was agreed"
            f" ({when.isoformat()})"
        )
    return agreed


def moment(value: datetime) -> datetime:
    """Refuse naive datetimes, and years the engine cannot count in, at the boundary."""
    return check_moment(value)
