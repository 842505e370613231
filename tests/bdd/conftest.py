"""Binds features/ to the engine: markers from the rules, the shared steps, the scene of each
scenario, the results of each run, known gaps, and the ``--playbook-report`` page."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from outreach.projections.rules import RULES
from pytest_bdd.parser import Feature, Scenario, Step
from pytest_bdd.scenario import scenario_wrapper_template_registry

from . import steps_answers, steps_corrections, steps_mail, steps_story
from .catalogue import CATEGORIES, KNOWN_GAP, OBSERVED, RESULTS, Run, StepResult
from .report import write_report
from .scene import Scene

SCENE = pytest.StashKey[Scene]()
RUN = pytest.StashKey[Run]()
WRITTEN = pytest.StashKey[Path]()
CATEGORY_HELP = {
    "do": "the playbook's do's",
    "dont": "the playbook's don'ts",
    "law": "what the law requires",
}
LAST = "test_coverage.py"  # checks what the scenarios exercised: runs after them


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--playbook-report",
        metavar="PATH",
        default=None,
        help="write the living playbook (every feature and scenario, with results) as HTML",
    )


def pytest_configure(config: pytest.Config) -> None:
    for rule in RULES.values():
        config.addinivalue_line("markers", f"{rule.id}: scenarios of {rule.seed}, {rule.title}")
    for category in CATEGORIES:
        config.addinivalue_line("markers", f"{category}: scenarios of {CATEGORY_HELP[category]}")
    config.addinivalue_line(
        "markers", f"{KNOWN_GAP}: the engine does not do this yet (strict xfail, with the reason)"
    )
    for module in (steps_story, steps_answers, steps_mail, steps_corrections):
        if not config.pluginmanager.is_registered(module):
            config.pluginmanager.register(module, f"outreach-playbook-{module.__name__}")


@pytest.fixture
def scene(request: pytest.FixtureRequest) -> Iterator[Scene]:
    world = Scene()
    request.node.stash[SCENE] = world
    yield world
    world.close()
    error = world.unclaimed()
    if error is not None:
        pytest.fail(f"refused, and no step checked it: {error}")


def _template(item: pytest.Item) -> Any:
    function = getattr(item, "obj", None)
    return scenario_wrapper_template_registry.get(function) if function else None


def _example(item: pytest.Item) -> str:
    callspec = getattr(item, "callspec", None)
    if callspec is None or "_pytest_bdd_example" not in callspec.params:
        return ""
    return "-".join(callspec.params["_pytest_bdd_example"].values())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        template = _template(item)
        if template is not None and item.get_closest_marker(KNOWN_GAP):
            reason = template.description.strip() or "a known gap"
            item.add_marker(pytest.mark.xfail(reason=reason, strict=True))
    items.sort(key=lambda item: item.path.name == LAST and "bdd" in item.path.parts)


def pytest_bdd_before_scenario(
    request: pytest.FixtureRequest, feature: Feature, scenario: Scenario
) -> None:
    template = _template(request.node)
    steps = [StepResult(s.keyword, s.name) for s in scenario.steps]
    name = template.name if template is not None else scenario.name
    request.node.stash[RUN] = Run(feature.filename, name, _example(request.node), steps)


def _step_done(request: pytest.FixtureRequest, step: Step, status: str) -> None:
    run = request.node.stash.get(RUN, None)
    if run is not None:
        for result in run.steps:
            if result.status == "not run" and result.text == step.name:
                result.status = status
                break


def pytest_bdd_before_step(request: pytest.FixtureRequest, step: Step) -> None:
    world = request.getfixturevalue("scene")
    world.phase = step.type
    if step.type != "then" and world.error is not None:
        raise AssertionError(f"refused, and no step checked it: {world.unclaimed()}")


def pytest_bdd_after_step(request: pytest.FixtureRequest, step: Step) -> None:
    _step_done(request, step, "passed")


def pytest_bdd_step_error(request: pytest.FixtureRequest, step: Step) -> None:
    _step_done(request, step, "failed")


def pytest_bdd_step_func_lookup_error(request: pytest.FixtureRequest, step: Step) -> None:
    _step_done(request, step, "failed")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report = outcome.get_result()
    run = item.stash.get(RUN, None)
    if run is None:
        return
    RESULTS[(run.feature, run.scenario, run.example)] = run
    if report.when == "call":
        if hasattr(report, "wasxfail") and report.skipped:
            run.outcome = "known gap"
            run.message = str(report.wasxfail)
        else:
            run.outcome = report.outcome
        if call.excinfo is not None:
            run.message = (run.message + "\n" + call.excinfo.exconly()).strip()[:2000]
    elif report.failed:
        run.outcome = "failed"
        run.message = (run.message + "\n" + str(report.longreprtext)[-2000:]).strip()
    world = item.stash.get(SCENE, None)
    if report.when == "teardown" and run.outcome == "passed" and world is not None:
        OBSERVED.lines |= world.seen.lines
        OBSERVED.kinds |= world.seen.kinds


def pytest_sessionfinish(session: pytest.Session) -> None:
    path = session.config.getoption("playbook_report", default=None)
    if path:
        session.config.stash[WRITTEN] = write_report(Path(path), RESULTS)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    written = config.stash.get(WRITTEN, None)
    if written is not None:
        terminalreporter.write_line(f"living playbook written to {written}")
