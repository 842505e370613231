"""``fact``: a fact of a history or a round (``outreach.projections.history``), worked out
when first asked and kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

T = TypeVar("T")


class fact(Generic[T]):  # noqa: N801 (named like the property it is)
    """A fact of a history or a round, worked out when first asked and kept:
    ``functools.cached_property`` without the lock Python 3.11 takes at every first use (a
    history is one thread's, and a dozen locks a relationship were a tenth of the policy's
    time)."""

    def __init__(self, work_out: Callable[[Any], T]) -> None:
        self.work_out = work_out
        self.__doc__ = work_out.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, h: None, owner: type) -> fact[T]: ...
    @overload
    def __get__(self, h: object, owner: type) -> T: ...
    def __get__(self, h: object, owner: type) -> fact[T] | T:
        if h is None:
            return self
        value = h.__dict__[self.name] = self.work_out(h)  # the next read finds it there
        return value
