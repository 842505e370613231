"""An event read back from its stored state (``Event.from_stored``) is the event recorded; a
state that does not fit its class goes through validation, which refuses it as before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import pytest
from outreach.domain.events import CareerMoveNoted, MotivationNoted, Researched
from outreach.domain.touch_events import DeclinedBusy
from outreach.domain.values import CareerMoveKind, MotivationKind
from pydantic import ValidationError

RID = uuid4()
WHEN = datetime(2026, 3, 2, 9, 30, 0, 123456, tzinfo=timezone(timedelta(hours=-3.5)))
ENVELOPE: dict[str, Any] = {
    "originator_id": RID,
    "originator_version": 3,
    "timestamp": datetime(2026, 3, 2, 20, tzinfo=UTC),
    "occurred_at": WHEN,
    "by": "sam",
}


def stored(event: Any) -> dict[str, Any]:
    """The state as the mapper hands it to ``from_stored``: JSON values, the id a UUID."""
    state: dict[str, Any] = event.model_dump(mode="json")
    state["originator_id"] = event.originator_id
    return state


@pytest.mark.parametrize(
    "event",
    [
        DeclinedBusy(**ENVELOPE, callback_at=WHEN + timedelta(days=2)),
        DeclinedBusy(**ENVELOPE),
        MotivationNoted(**ENVELOPE, kind=MotivationKind.TRAINING, detail="a course"),
        CareerMoveNoted(**ENVELOPE, kind=CareerMoveKind.INDUSTRY_CHANGE),
        Researched(**ENVELOPE, note="speaks", common_ground=("PyCon", "chess")),
    ],
)
def test_a_stored_event_is_built_again_as_it_was_recorded(event: Any) -> None:
    built = type(event).from_stored(stored(event))
    assert built == event
    assert [type(v) for v in vars(built).values()] == [type(v) for v in vars(event).values()]
    assert type(event).from_stored({**stored(event), "originator_id": str(RID)}) == event


def test_a_state_lacking_defaulted_fields_is_built_with_their_defaults() -> None:
    state = stored(DeclinedBusy(**ENVELOPE))
    del state["callback_at"]
    assert DeclinedBusy.from_stored(state) == DeclinedBusy(**ENVELOPE)


def test_a_kind_stored_by_its_word_is_read_as_validation_reads_it() -> None:
    state = stored(MotivationNoted(**ENVELOPE, kind=MotivationKind.TRAINING))
    state["kind"] = "pay"  # a word for compensation, which validation accepts
    assert MotivationNoted.from_stored(state) == MotivationNoted.model_validate(state)


@pytest.mark.parametrize(
    "change",
    [
        {"occurred_at": "2026-03-02T09:30:00"},  # no time zone
        {"callback_at": "2026-03-04T09:30:00"},
        {"by": None},
        {"callback_at": "not a moment"},
        {"unknown": 1},
    ],
)
def test_a_state_that_does_not_fit_is_refused_by_validation(change: dict[str, Any]) -> None:
    state = {**stored(DeclinedBusy(**ENVELOPE, callback_at=WHEN + timedelta(days=1))), **change}
    with pytest.raises(ValidationError):
        DeclinedBusy.from_stored(state)


def test_an_unknown_kind_is_refused_by_validation() -> None:
    state = stored(CareerMoveNoted(**ENVELOPE, kind=CareerMoveKind.INDUSTRY_CHANGE))
    state["kind"] = "astronaut"
    with pytest.raises(ValidationError):
        CareerMoveNoted.from_stored(state)
