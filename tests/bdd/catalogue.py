"""The feature files as written, and the results of running them, shared by the binding checks,
the coverage check and the report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from outreach.projections.rules import RULES, Rule
from pytest_bdd.feature import get_features
from pytest_bdd.parser import Feature, ScenarioTemplate

from .scene import Seen

FEATURES = Path(__file__).resolve().parents[2] / "features"
CATEGORIES = ("do", "dont", "law")
KNOWN_GAP = "known-gap"
SCENARIO_LINE = re.compile(r"^\s*(Scenario|Scenario Outline|Scenario Template|Example):", re.M)


def feature_files() -> list[Path]:
    return sorted(FEATURES.glob("**/*.feature"))


def features() -> list[Feature]:
    """Every feature, in the order of the playbook's rules."""
    order = list(RULES)
    found = get_features([str(FEATURES)])
    return sorted(found, key=lambda f: order.index(r.id) if (r := rule_of(f)) else len(order))


def rule_of(feature: Feature) -> Rule | None:
    ids = [tag for tag in feature.tags if tag in RULES]
    return RULES[ids[0]] if len(ids) == 1 else None


def example_ids(template: ScenarioTemplate) -> list[str]:
    """The run ids of a scenario: one per row of its examples, or one."""
    rows = [tuple(ctx.values()) for ex in template.examples for ctx in ex.as_contexts()]
    return ["-".join(row) for row in rows] or [""]


def runs_expected() -> int:
    return sum(len(example_ids(s)) for f in features() for s in f.scenarios.values())


@dataclass
class StepResult:
    keyword: str
    text: str
    status: str = "not run"  # passed / failed / not run


@dataclass
class Run:
    """One run of one scenario (one row of an outline's examples)."""

    feature: str  # the feature file's path
    scenario: str
    example: str  # the row's id, "" for a plain scenario
    steps: list[StepResult] = field(default_factory=list)
    outcome: str = "not run"  # passed / failed / known gap / not run
    message: str = ""


# Filled as the scenarios run (tests/bdd/conftest.py), read by test_coverage and the report.
RESULTS: dict[tuple[str, str, str], Run] = {}
OBSERVED = Seen()
