"""The policy makes its answers without validating them again (``projections.model.made``):
each must be exactly what pydantic's validation makes of the same fields (every field, in the
model's order, each value of its declared type and equal to the validated one), for the
pinned cases and for generated histories of every kind of event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import given
from outreach.projections.model import Evidence, GroupActivity, NextAction, made
from outreach.projections.policy import assess
from outreach.projections.settings import Playbook
from pydantic import BaseModel, ValidationError

from .test_generated_answers import CASES, events_of
from .test_policy_properties import PROPERTY, Scenario, scenarios


def check(answer: BaseModel) -> int:
    """Validates ``answer``'s fields strictly (no conversion) and compares; returns how many
    models were checked, its parts included."""
    model = type(answer)
    assert list(answer.__dict__) == list(model.model_fields)  # the order answer_json writes
    again = model.model_validate(dict(answer.__dict__), strict=True)
    assert again == answer
    checked = 1
    for name, value in answer.__dict__.items():
        assert type(value) is type(again.__dict__[name]), name  # a tuple, not a list
        parts = value if isinstance(value, tuple) else (value,)
        checked += sum(check(part) for part in parts if isinstance(part, BaseModel))
    return checked


def check_all(action: NextAction, violations: list[Any]) -> int:
    return sum(check(answer) for answer in (action, *violations))


def test_every_pinned_answer_is_what_validation_makes() -> None:
    checked = 0
    for case in CASES:
        groups = {k: GroupActivity.model_validate(g) for k, g in case["groups"].items()}
        now = datetime.fromisoformat(case["now"])
        checked += check_all(*assess(case["handle"], events_of(case), groups, Playbook(), now))
    assert checked > 3 * len(CASES)  # actions, violations and the evidence they cite


@PROPERTY
@given(scenarios())
def test_every_generated_answer_is_what_validation_makes(scenario: Scenario) -> None:
    s = scenario
    assert check_all(*assess("ada", s.events, s.groups, s.playbook, s.now)) >= 1


def test_the_check_sees_a_value_of_the_wrong_type() -> None:
    at = datetime.fromisoformat("2026-01-06T11:00:00+00:00")
    good = made(Evidence, version=1, kind="emailed", occurred_at=at, by="sam")
    assert check(good) == 1
    with pytest.raises(ValidationError):
        check(made(Evidence, version="1", kind="emailed", occurred_at=at, by="sam"))
    with pytest.raises(AssertionError):  # every field, in order
        check(made(Evidence, kind="emailed", version=1, occurred_at=at, by="sam"))
