"""How a stored event is built again: from its JSON state, without validating it again.

Every stored event was validated when it was recorded, and validation was most of the cost of
reading a history back. Only the types JSON cannot carry are restored (moments, kinds, tuples).
A state that does not fit the fields exactly (an unknown, missing or malformed field) goes
through validation, which says what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum
from itertools import islice
from types import NoneType, UnionType
from typing import Annotated, Any, TypeVar, Union, cast, get_args, get_origin
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, BeforeValidator

_ABSENT: Any = object()  # a field the stored state does not have; a required field's default

# One field as ``from_stored`` needs to know it: its name, its value when absent (converted
# already; ``_ABSENT`` if required), how a JSON value becomes the field's (None: as it is),
# and whether it may be None.
_Field = tuple[str, Any, Callable[[Any], Any] | None, bool]
Builder = Callable[[dict[str, Any]], Any]
# A builder of an event whose id and version are stored beside its state (the log's columns).
ColumnBuilder = Callable[[dict[str, Any], UUID, int], Any]
RowBuilder = Callable[[Sequence[Any], UUID], Any]  # of an event stored as a row of values
BUILDERS: dict[type, Builder] = {}
_IDS = ("originator_id", "originator_version")
_GIVEN = ("rid", "version")  # the arguments a builder may be given them in

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


def stored_builder(cls: type[BaseModel]) -> Builder:
    """``Event.from_stored`` of a class, made for it once: a function written for its fields
    (an event read back is all its fields in the order dumped, so each is taken by name, with
    no loop, in one dict display), and the loop over the fields (``_from_state``) for any
    state that does not fit them exactly. Half the time of the loop alone."""
    if cls not in BUILDERS:
        fields = _fields_of(cls)
        reads = {name: f"state[{name!r}]" for name, *_ in fields}
        check = f"len(state) != {len(fields)}"
        BUILDERS[cls] = _written(cls, fields, "state", "slow(cls, fields, state)", reads, check)
    return BUILDERS[cls]


def column_builder(cls: type[BaseModel], class_version: int, slow: ColumnBuilder) -> ColumnBuilder:
    """A builder for the log's events (``engine.mapper``): their id and version are columns,
    not in the state, which holds ``class_version`` when it is above 1. A state of another
    version (to be upcast), or one that does not fit the fields, is handed to ``slow``."""
    fields = _fields_of(cls)
    reads = {name: f"state[{name!r}]" for name, *_ in fields} | dict(zip(_IDS, _GIVEN, strict=True))
    check = f"len(state) != {len(fields) - len(_IDS) + (class_version > 1)}"
    if class_version > 1:
        check += f" or state['class_version'] != {class_version}"
    built = _written(
        cls, fields, "state, rid, version", "slow(state, rid, version)", reads, check, slow
    )
    return cast(ColumnBuilder, built)


def row_builder(cls: type[BaseModel], names: Sequence[str]) -> RowBuilder:
    """A builder for an event stored as a row of values, ``[code, value, ...]``, the values
    of the fields ``names`` (all the class's but ``originator_id``, given apart) in their
    order: a history in the read model (``projections.state``). A row that does not fit goes
    through ``Event.from_stored`` (which validates what does not fit)."""
    fields = _fields_of(cls)
    if [name for name, *_ in fields] != [_IDS[0], *names]:
        raise TypeError(f"{cls.__name__} has not the fields {names}")

    def slow(row: Sequence[Any], rid: UUID) -> Any:
        state = dict(zip(names, islice(row, 1, None), strict=True))
        state[_IDS[0]] = rid
        return (BUILDERS.get(cls) or stored_builder(cls))(state)

    reads = {name: f"row[{n}]" for n, name in enumerate(names, start=1)} | {_IDS[0]: _GIVEN[0]}
    check = f"len(row) != {len(names) + 1}"
    built = _written(cls, fields, "row, rid", "slow(row, rid)", reads, check, slow)
    return cast(RowBuilder, built)


def _written(
    cls: type[BaseModel],
    fields: tuple[_Field, ...],
    arguments: str,
    fallback: str,
    reads: dict[str, str],
    check: str,
    slow: Callable[..., Any] | None = None,
) -> Builder:
    """A builder's function, its source written for the class's ``fields``: ``reads`` is
    each field's expression, an argument (``_GIVEN``: taken as it is) or a read of the stored
    form (converted). Anything unexpected (a ``check`` that holds, a value missing or of the
    wrong type) calls ``fallback``, which may call ``slow`` (the loop over the fields by
    default)."""
    names: dict[str, Any] = {"cls": cls, "slow": slow or _from_state, "fields": fields, **_INLINE}
    names["every"] = {name for name, *_ in fields}
    entries, refusals = [], [check]
    for n, (name, _, convert, optional) in enumerate(fields):
        taken = reads[name]
        if taken not in _GIVEN and convert is None and not optional:
            refusals.append(f"{taken} is None")  # a converter refuses None by itself
        if taken not in _GIVEN and convert is not None:
            names[f"c{n}"] = _MEMBERS.get(convert, convert)
            taken = _inlined(convert, n, taken, optional)
        entries.append(f"{name!r}: {taken}")
    # The fields set are all the class's (the state has as many keys, each a field's): one set
    # for all the class's events, which pydantic never changes in place for a frozen model
    # (``model_copy`` copies it first); a copy each was 3 % of reading an event.
    source = f"""
def build({arguments}):
    try:
        if {" or ".join(refusals)}:
            return {fallback}
        values = {{{", ".join(entries)}}}
    except (IndexError, KeyError, TypeError, ValueError):
        return {fallback}
    made = new(cls)
    set_dict(made, values)
    set_fields(made, every)
    set_extra(made, None)
    set_private(made, None)
    return made
"""
    exec(source, names)
    return cast(Builder, names["build"])


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


_INLINE: dict[str, Any] = {
    "fromiso": datetime.fromisoformat,
    "naive": _naive,
    "UUID": UUID,
    "new": _new,
    "set_dict": _set_dict,
    "set_fields": _set_fields,
    "set_extra": _set_extra,
    "set_private": _set_private,
}
# A kind's converter (``_member_of``) and the lookup it makes, which a builder makes in place.
_MEMBERS: dict[Callable[[Any], Any], dict[Any, Any]] = {}


def _from_state(cls: type[BaseModel], fields: tuple[_Field, ...], state: dict[str, Any]) -> Any:
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
    return unvalidated(cls, values, set(state))


def _fields_of(cls: type[BaseModel]) -> tuple[_Field, ...]:
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
