"""The policy's answers on a generated pipeline, pinned: a few relationships of each kind of
answer (its line and the kinds of violation it finds) from the 10k benchmark store, with their
histories and the answers main gave them, every field. Making the policy faster must change
none of them.

A change that means to change answers writes the file again, from the cases a rebuild feeds the
policy (``python -m benchmarks.policy collect`` then ``snapshot``, see benchmarks/policy.py),
and says why in its commit.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.utils import resolve_topic
from outreach.domain.events import Event
from outreach.projections.model import GroupActivity
from outreach.projections.policy import assess
from outreach.projections.settings import Playbook

PINNED = Path(__file__).with_name("generated_answers.jsonl")
CASES = [json.loads(line) for line in PINNED.read_text(encoding="utf-8").splitlines()]


def events_of(case: dict[str, Any]) -> list[Event]:
    """The history as recorded: each event with the relationship's id and recording moment."""
    shared = {"originator_id": case["id"], "timestamp": case["recorded"]}
    found = []
    for item in case["events"]:
        fields = {k: v for k, v in item.items() if k != "type"}
        found.append(resolve_topic(item["type"]).model_validate({**fields, **shared}))
    return found


def test_the_pinned_cases_cover_every_common_line() -> None:
    lines = {case["action"]["line"] for case in CASES}
    assert {"1", "2", "4", "8", "9", "10", "12", "13"} <= lines
    kinds = {v["kind"] for case in CASES for v in case["violations"]}
    assert {"ignored-reply", "missed-callback", "left-waiting", "cold-call"} <= kinds


@pytest.mark.parametrize("case", CASES, ids=[f"{c['handle']}-{c['action']['line']}" for c in CASES])
def test_answers_are_the_pinned_ones(case: dict[str, Any]) -> None:
    groups = {k: GroupActivity.model_validate(g) for k, g in case["groups"].items()}
    now = datetime.fromisoformat(case["now"])
    action, violations = assess(case["handle"], events_of(case), groups, Playbook(), now)
    assert action.model_dump(mode="json") == case["action"]
    assert [v.model_dump(mode="json") for v in violations] == case["violations"]
