"""The envelope every event shares (``Event``), and how a stored event is built again.

Events are pydantic models, validated when they are recorded. Read back from the store they
were validated already: ``Event.from_stored`` builds them from their JSON state without
validating again, which was most of the cost of reading a history back.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from enum import Enum
from types import NoneType, UnionType
from typing import Annotated, Any, ClassVar, TypeVar, Union, cast, get_args, get_origin
from uuid import UUID

from eventsourcing.domain import CanMutateAggregate
from eventsourcing.utils import register_topic
from outreach.domain.values import Moment, RequiredText, check_moment
from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
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
        return (_BUILDERS.get(cls) or stored_builder(cls))(state)


_ABSENT: Any = object()  # a field the stored state does not have; a required field's default

# One field as ``from_stored`` needs to know it: its name, its value when absent (converted
# already; ``_ABSENT`` if required), how a JSON value becomes the field's (None: as it is),
# and whether it may be None.
_Field = tuple[str, Any, Callable[[Any], Any] | None, bool]
Builder = Callable[[dict[str, Any]], Any]
_BUILDERS: dict[type, Builder] = {}


def stored_builder(cls: type[Event]) -> Builder:
    """``cls.from_stored``, made for the class once: a function written for its fields (an
    event read back is all its fields in the order dumped, so each is taken by name, with no
    loop, in one dict display), and the loop over the fields (``_from_state``) for any state
    that does not fit them exactly. Half the time of the loop alone."""
    if cls in _BUILDERS:
        return _BUILDERS[cls]
    fields = _fields_of(cls)
    names: dict[str, Any] = {"cls": cls, "slow": _from_state, "fields": fields, **_INLINE}
    entries, nones = [], []
    for n, (name, _, convert, optional) in enumerate(fields):
        taken = f"state[{name!r}]"
        if convert is None and not optional:  # a converter refuses None by itself
            nones.append(f"{taken} is None")
        if convert is not None:
            names[f"c{n}"] = _MEMBERS.get(convert, convert)
            taken = _inlined(convert, n, taken, optional)
        entries.append(f"{name!r}: {taken}")
    source = f"""
def build(state):
    if len(state) != {len(fields)}:
        return slow(cls, fields, state)
    try:
        if {" or ".join(nones) or "False"}:
            return slow(cls, fields, state)
        values = {{{", ".join(entries)}}}
    except (KeyError, TypeError, ValueError):
        return slow(cls, fields, state)
    return unvalidated(cls, values, set(state))
"""
    exec(source, names)
    _BUILDERS[cls] = names["build"]
    return _BUILDERS[cls]


def _inlined(convert: Callable[[Any], Any], n: int, taken: str, optional: bool) -> str:
    """The expression converting field ``n`` (``taken``) in a builder: the common converters
    written out in place (a call each was a fifth of the builder's time), others called."""
    value = f"v{n}" if optional else taken
    if convert is _moment:
        done = f"(m{n} if (m{n} := fromiso({value})).tzinfo is not None else naive(m{n}))"
    elif convert is _uuid:
        done = f"(u{n} if isinstance(u{n} := {value}, UUID) else UUID(u{n}))"
    elif convert in _MEMBERS:  # a KeyError (an alias) goes the slow way, which calls the kind
        done = f"c{n}[{value}]"
    else:
        done = f"c{n}({value})"
    return f"(None if (v{n} := {taken}) is None else {done})" if optional else done


def _naive(moment: datetime) -> datetime:
    raise ValueError(f"{moment.isoformat()} has no time zone")


M = TypeVar("M", bound=BaseModel)
_new = object.__new__
# pydantic's slots set through their descriptors: object.__setattr__ looks each up by name.
_SLOTS = BaseModel.__dict__
_set_dict = _SLOTS["__dict__"].__set__
_set_fields = _SLOTS["__pydantic_fields_set__"].__set__
_set_extra = _SLOTS["__pydantic_extra__"].__set__
_set_private = _SLOTS["__pydantic_private__"].__set__


def unvalidated(cls: type[M], values: dict[str, Any], given: set[str]) -> M:
    """A pydantic model holding ``values`` as they are, not validated again: an event read
    back (validated when it was recorded), an answer the policy made itself
    (``projections.model.made``). ``given``: the fields set, as validation would note them."""
    made = _new(cls)
    _set_dict(made, values)
    _set_fields(made, given)
    _set_extra(made, None)
    _set_private(made, None)
    return made


_INLINE: dict[str, Any] = {
    "fromiso": datetime.fromisoformat,
    "naive": _naive,
    "UUID": UUID,
    "unvalidated": unvalidated,
}
# A kind's converter (``_member_of``) and the lookup it makes, which a builder makes in place.
_MEMBERS: dict[Callable[[Any], Any], dict[Any, Any]] = {}


def _from_state(cls: type[Event], fields: tuple[_Field, ...], state: dict[str, Any]) -> Any:
    """The event from a state that may lack fields that have defaults; validated if it does
    not fit the fields (a field missing, unknown or malformed: validation says which)."""
    values = {}  # in the fields' order, which is the order they are dumped in
    found = 0
    get = state.get
    try:
        for name, default, convert, optional in fields:
            value = get(name, _ABSENT)
            if value is _ABSENT:
                if default is _ABSENT:
                    return cls.model_validate(state)  # a field missing: say which
                value = default
            else:
                found += 1
                if value is None:
                    if not optional:
                        return cls.model_validate(state)
                elif convert is not None:
                    value = convert(value)
            values[name] = value
    except (TypeError, ValueError):
        return cls.model_validate(state)
    if found != len(state):
        return cls.model_validate(state)  # a field too many: say which
    event = cls.__new__(cls)
    setattr_ = object.__setattr__
    setattr_(event, "__dict__", values)
    setattr_(event, "__pydantic_fields_set__", set(state))
    setattr_(event, "__pydantic_extra__", None)
    setattr_(event, "__pydantic_private__", None)
    return event


def _fields_of(cls: type[Event]) -> tuple[_Field, ...]:
    fields = []
    for name, info in cls.model_fields.items():
        convert = _converter(info.annotation, info.metadata)
        optional = get_origin(info.annotation) in (Union, UnionType)
        optional = optional and NoneType in get_args(info.annotation)
        default = _ABSENT
        if not info.is_required():
            default = info.get_default(call_default_factory=True)
            if default is not None and convert is not None:
                default = convert(default)
        fields.append((name, default, convert, optional))
    return tuple(fields)


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
        kind = _member_of(annotation)
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


def _member_of(kind: type[Enum]) -> Callable[[Any], Any]:
    """A kind from its stored value: looked up (calling the enum class costs ten times as
    much), or the class called when it is not a value (an alias, or a wrong one: it says so)."""
    members = kind._value2member_map_

    def member(value: Any) -> Any:
        try:
            return members[value]
        except KeyError:
            return kind(value)

    _MEMBERS[member] = members
    return member


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
