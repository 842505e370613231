"""features/ is bound and well-formed: every file and scenario runs, every step has a definition,
every rule of the engine has tagged scenarios, and the files speak the recruiter's language."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from outreach.projections.rules import RULES
from pytest_bdd.parser import Feature
from pytest_bdd.scenario import scenario_wrapper_template_registry
from pytest_bdd.steps import step_function_context_registry

from . import test_playbook
from .catalogue import (
    CATEGORIES,
    FEATURES,
    KNOWN_GAP,
    SCENARIO_LINE,
    example_ids,
    feature_files,
    features,
    rule_of,
)

MIN_SCENARIOS = 3
CODE_WORDS = re.compile(
    r"\b([Ee]ngines?|[Ee]vents?|[Hh]andles?|JSON|json|None|null|True|False|intent)\b|_|\(\)|[{}]"
)


def bound() -> dict[tuple[str, str], object]:
    """The scenarios test_playbook binds, by (feature file, scenario name)."""
    found = {}
    for value in vars(test_playbook).values():
        template = scenario_wrapper_template_registry.get(value) if callable(value) else None
        if template is not None:
            found[(template.feature.filename, template.name)] = value
    return found


def _rule(feature: Feature) -> str:
    rule = rule_of(feature)
    assert rule is not None, f"{feature.filename}: tag it with exactly one rule id of {list(RULES)}"
    return rule.id


def test_features_exist() -> None:
    assert feature_files(), f"no feature files in {FEATURES}"


def test_every_feature_file_is_bound() -> None:
    files = {str(path) for path in feature_files()}
    assert files == {feature for feature, _ in bound()}


def test_every_scenario_is_bound_once_and_has_steps() -> None:
    scenarios = bound()
    for feature in features():
        written = SCENARIO_LINE.findall(Path(feature.filename).read_text(encoding="utf-8"))
        assert len(written) == len(feature.scenarios), f"{feature.filename}: duplicate names"
        for name, template in feature.scenarios.items():
            assert (feature.filename, name) in scenarios, f"{name!r} is not bound"
            assert template._steps, f"{feature.filename}: {name!r} has no steps"


def test_every_step_has_a_definition() -> None:
    definitions = list(step_function_context_registry.values())
    for feature in features():
        for template in feature.scenarios.values():
            contexts = [c for ex in template.examples for c in ex.as_contexts()] or [{}]
            for context in contexts:
                for step in template.render(context).steps:
                    matching = [
                        d
                        for d in definitions
                        if d.type in (None, step.type) and d.parser.is_matching(step.name)
                    ]
                    where = f"{Path(feature.filename).name}:{step.line_number}"
                    assert matching, f"{where}: no step definition for {step.type} {step.name!r}"


def test_every_rule_of_the_engine_has_scenarios_tagged_with_it() -> None:
    counts = dict.fromkeys(RULES, 0)
    for feature in features():
        for template in feature.scenarios.values():
            for tag in (feature.tags | template.tags) & set(RULES):
                counts[tag] += 1
    thin = {rule: n for rule, n in counts.items() if n < MIN_SCENARIOS}
    assert not thin, f"rules with fewer than {MIN_SCENARIOS} scenarios: {thin}"


def test_each_feature_is_one_rule_named_and_tagged_after_it() -> None:
    for feature in features():
        rule = RULES[_rule(feature)]
        assert Path(feature.filename).name == f"{rule.id}.feature"
        assert feature.tags & set(CATEGORIES) == {rule.category}, feature.filename
        known = set(RULES) | set(CATEGORIES) | {KNOWN_GAP}
        for template in feature.scenarios.values():
            assert template.tags <= known, f"{template.name}: unknown tags {template.tags - known}"


def test_each_feature_opens_with_the_seed_sentences_of_its_rule() -> None:
    for feature in features():
        rule = RULES[_rule(feature)]
        description = " ".join(feature.description.split())
        assert description.startswith(rule.quotes[0]), f"{feature.filename} opens otherwise"
        for quote in rule.quotes:
            assert quote in description, f"{feature.filename} lacks: {quote}"


def test_features_speak_the_recruiters_language() -> None:
    for path in feature_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            text = line.split("#", 1)[0] if line.lstrip().startswith("#") else line
            text = re.sub(r"@[\w-]+", "", text)  # tags are rule ids, for tools
            found = CODE_WORDS.search(text)
            assert found is None, f"{path.name}:{number}: {found[0]!r} is a code word"


def test_each_scenario_is_marked_with_its_rule_and_category() -> None:
    for (filename, name), function in bound().items():
        marks = {mark.name for mark in getattr(function, "pytestmark", [])}
        feature = next(f for f in features() if f.filename == filename)
        rule = RULES[_rule(feature)]
        assert {rule.id, rule.category} <= marks, f"{name}: marked {marks}"


@pytest.mark.parametrize("expression", ["email-before-calling", "law"])
def test_a_marker_selects_exactly_its_scenarios(expression: str) -> None:
    # A fresh process, with --strict-markers: the markers are registered before they are used.
    command = [sys.executable, "-m", "pytest", str(Path(__file__).parent), "--collect-only"]
    options = ["-q", "-o", "addopts=", "--strict-markers", "-p", "no:cacheprovider"]
    result = subprocess.run(
        [*command, *options, "-m", expression],
        capture_output=True,
        text=True,
        cwd=FEATURES.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    wanted = sum(
        len(example_ids(s))
        for f in features()
        for s in f.scenarios.values()
        if expression in f.tags | s.tags
    )
    assert len(collected) == wanted
    assert all("test_playbook.py" in line for line in collected)
