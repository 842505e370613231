"""The answers' JSON in the read models (``answer_json``) is pydantic's ``model_dump_json``,
byte for byte: the queries return violations' stored text as it is, and read actions back
with pydantic or without it (outreach.engine.glance)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from outreach.engine.view.writes import answer_json
from outreach.projections.model import GroupActivity, NextAction
from outreach.projections.policy import assess
from outreach.projections.settings import Playbook

from .test_generated_answers import CASES, events_of

ZONES = [UTC, ZoneInfo("Europe/London"), ZoneInfo("Asia/Kolkata"), timezone(-timedelta(hours=3.5))]


@pytest.mark.parametrize("zone", ZONES, ids=str)
def test_every_pinned_answer_is_written_as_pydantic_writes_it(zone: object) -> None:
    written = 0
    for case in CASES:
        groups = {k: GroupActivity.model_validate(g) for k, g in case["groups"].items()}
        now = datetime.fromisoformat(case["now"]).astimezone(zone)  # type: ignore[arg-type]
        action, violations = assess(case["handle"], events_of(case), groups, Playbook(), now)
        for answer in (action, *violations):
            assert answer_json(answer) == answer.model_dump_json()
            written += 1
    assert written > len(CASES)


def test_moments_with_microseconds_and_a_zero_offset_are_written_alike() -> None:
    london = datetime(2026, 1, 6, 11, 0, 0, 120, tzinfo=ZoneInfo("Europe/London"))
    action = NextAction(
        handle="ada",
        kind=None,
        text='Nothing: \u00e9t\u00e9 "quoted" \\ \x01',
        due=london,
        rule="DO-1",
        rules=("DO-1",),
        because="seed",
        line="13",
        evidence=(),
        priority=None,
        recheck_at=london.astimezone(timezone(timedelta(hours=5, minutes=30))),
        snoozed_until=None,
    )
    assert answer_json(action) == action.model_dump_json()
    assert '"due":"2026-01-06T11:00:00.000120Z"' in answer_json(action)
