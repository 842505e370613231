"""What storing an event needs of its class, found once per class (engine.mapper): its
serializer and the mode to call it in, its fields kept in the clear and those sealed.

pydantic's JSON mode (``model_dump(mode="json")``, how events have always been stored) turns
each value into JSON's types first, which costs as much again as the dump; orjson writes the
values of most fields exactly as that mode would, from the Python mode's values, in C."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin
from uuid import UUID

from eventsourcing.utils import get_topic
from pydantic import AwareDatetime

# Types orjson writes exactly as pydantic's JSON mode does: a moment in RFC 3339 (with "Z" at
# offset zero, the offset's seconds dropped, microseconds when there are some), a UUID in its
# 8-4-4-4-12 form, and, below, a str enum as its value and a tuple as a list.
_SAME_IN_JSON = (str, int, bool, UUID, datetime, AwareDatetime)
IDS = ("originator_id", "originator_version")  # stored in columns of their own


@dataclass(frozen=True)
class Dump:
    """What storing needs of an event class: its serializer and the mode to call it in (Python
    where every field is ``as_json``, else JSON), the fields kept in the clear and those
    sealed (each in the order of the class's fields)."""

    topic: str
    dump: Callable[..., dict[str, Any]]
    mode: str
    clear: tuple[str, ...]
    sealed: tuple[str, ...]
    class_version: int


def dump_plan(cls: Any, sealed: frozenset[str]) -> Dump:
    """The plan of an event class whose fields ``sealed`` are sealed."""
    names = tuple(name for name in cls.model_fields if name not in IDS)
    python = all(as_json(field.annotation) for field in cls.model_fields.values())
    return Dump(
        get_topic(cls),
        cls.__pydantic_serializer__.to_python,
        "python" if python else "json",
        tuple(name for name in names if name not in sealed),
        tuple(name for name in names if name in sealed),
        getattr(cls, "class_version", 1),
    )


def as_json(annotation: Any) -> bool:
    """Whether orjson writes a value of this field type as pydantic's JSON mode does."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return as_json(args[0])
    if origin in (Union, UnionType):
        return all(arg is NoneType or as_json(arg) for arg in args)
    if origin is tuple:
        return len(args) == 2 and args[1] is Ellipsis and as_json(args[0])
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return issubclass(annotation, StrEnum)
    return annotation in _SAME_IN_JSON
