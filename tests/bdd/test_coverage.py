"""Every line of the next-best-action table and every kind of violation was checked by a passing
scenario, as the engine's own answers to the Then-steps show. Runs after the scenarios
(tests/bdd/conftest.py orders it last), and only when the whole playbook ran."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from outreach.projections.violations import RULE_OF

from .catalogue import OBSERVED, RESULTS, runs_expected
from .words import VIOLATIONS

# The rows of PLAYBOOK.md's "Next best action" table, first to last.
LINES = ("1", "1b", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13")
PLAYBOOK = Path(__file__).resolve().parents[3] / "shared" / "PLAYBOOK.md"


def _whole_playbook_ran() -> None:
    ran = [run for run in RESULTS.values() if run.outcome != "not run"]
    expected = runs_expected()
    if len(ran) < expected:
        pytest.skip(f"only {len(ran)} of {expected} scenarios ran: run tests/bdd whole to check")


def _failed() -> list[str]:
    return [f"{run.scenario} {run.example}" for run in RESULTS.values() if run.outcome == "failed"]


def test_the_lines_are_those_of_the_playbook() -> None:
    if not PLAYBOOK.exists():
        pytest.skip(f"{PLAYBOOK} is not beside this checkout")
    text = PLAYBOOK.read_text(encoding="utf-8").split("## Next best action", 1)[1]
    table = text.split("\n\n## ", 1)[0]
    assert tuple(re.findall(r"^\| (\d+b?) \|", table, re.M)) == LINES


def test_every_violation_kind_of_the_engine_has_the_recruiter_s_words() -> None:
    assert set(VIOLATIONS.values()) == set(RULE_OF)


def test_every_line_of_the_next_best_action_table_was_exercised() -> None:
    _whole_playbook_ran()
    missing = [line for line in LINES if line not in OBSERVED.lines]
    assert not missing, f"no passing scenario checked lines {missing}; failed: {_failed()}"


def test_every_violation_kind_was_exercised() -> None:
    _whole_playbook_ran()
    missing = sorted(set(RULE_OF) - OBSERVED.kinds)
    assert not missing, f"no passing scenario checked {missing}; failed: {_failed()}"
