"""The envelope every event shares (``Event``).

Events are pydantic models, validated when they are recorded. Read back from the store they
were validated already: ``Event.from_stored`` builds them from their JSON state without
validating again (``outreach.domain.stored``), which was most of the cost of reading a history
back.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import CanMutateAggregate
from eventsourcing.utils import register_topic
from outreach.domain.stored import BUILDERS, stored_builder
from outreach.domain.stored import unvalidated as unvalidated
from outreach.domain.values import Moment, RequiredText, check_moment
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

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
        return (BUILDERS.get(cls) or stored_builder(cls))(state)


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
