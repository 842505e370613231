"""An event read back from its stored state (``Event.from_stored``) is the event recorded; a
state that does not fit its class goes through validation, which refuses it as before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import uuid4

import pytest
from outreach.domain.events import CareerMoveNoted, MotivationNoted, Researched
from outreach.domain.stored import column_builder, row_builder
from outreach.domain.touch_events import DeclinedBusy, Emailed
from outreach.domain.values import CareerMoveKind, EmailIntent, MotivationKind
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


def column_state(event: Any) -> dict[str, Any]:
    """The state as the log holds it: no id or version (columns), ``class_version`` above 1."""
    state = stored(event)
    del state["originator_id"], state["originator_version"]
    if getattr(type(event), "class_version", 1) > 1:
        state["class_version"] = type(event).class_version
    return state


def test_an_event_of_the_log_is_built_from_its_columns_and_state() -> None:
    event = Emailed(**ENVELOPE, intent=EmailIntent.OPPORTUNITY, topic="PyCon")
    upcast: list[dict[str, Any]] = []
    build = column_builder(Emailed, 2, lambda state, rid, version: upcast.append(state))
    built = build(column_state(event), RID, 3)
    assert built == event
    assert vars(built) == vars(event) and list(vars(built)) == list(vars(event))
    assert built.model_fields_set == set(Emailed.model_fields)
    assert upcast == []


GONE = object()


@pytest.mark.parametrize(
    "change",
    [
        {"class_version": 1},  # stored by the class's first version: upcast first
        {"class_version": GONE},  # none stored: the first version
        {"intent_inferred": None},
        {"occurred_at": "2026-03-02T09:30:00"},  # no time zone
        {"unknown": 1},
    ],
)
def test_a_log_state_of_another_version_or_that_does_not_fit_goes_the_slow_way(
    change: dict[str, Any],
) -> None:
    state = {**column_state(Emailed(**ENVELOPE, intent=EmailIntent.OPPORTUNITY)), **change}
    state = {name: value for name, value in state.items() if value is not GONE}
    slow: list[tuple[dict[str, Any], Any, int]] = []
    build = column_builder(Emailed, 2, lambda *given: slow.append(given))
    assert build(dict(state), RID, 3) is None
    assert slow == [(state, RID, 3)]


def test_an_event_stored_as_a_row_of_values_is_built_again() -> None:
    event = Researched(**ENVELOPE, note="speaks", common_ground=("PyCon", "chess"))
    names = [name for name in Researched.model_fields if name != "originator_id"]
    row = [7, *(stored(event)[name] for name in names)]
    built = row_builder(Researched, names)(row, RID)
    assert built == event and list(vars(built)) == list(vars(event))
    assert [type(v) for v in vars(built).values()] == [type(v) for v in vars(event).values()]


@pytest.mark.parametrize("at, value", [(2, "2026-03-02T09:30:00"), (4, None)])
def test_a_row_that_does_not_fit_is_refused_by_validation(at: int, value: Any) -> None:
    names = [name for name in Researched.model_fields if name != "originator_id"]
    row = [7, *(stored(Researched(**ENVELOPE))[name] for name in names)]
    row[at] = value  # occurred_at without a time zone, no recruiter
    with pytest.raises(ValidationError):
        row_builder(Researched, names)(row, RID)
    with pytest.raises(ValueError, match="shorter"):
        row_builder(Researched, names)(row[:-1], RID)
