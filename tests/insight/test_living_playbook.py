"""The living playbook page (tests/bdd/report.py, ``pytest tests/bdd --playbook-report``) reads as
a document: opened in headless Chromium, it has a summary first, links from the list of rules
to each rule, the seed's words, every example filled in and marked, and no Gherkin left."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from outreach.projections.rules import RULES

from tests.bdd.catalogue import Run, example_ids, features
from tests.bdd.report import render

from .browser import dump_dom, screenshot

FAILING = ("dont-sell", 0)  # the first situation of DON'T 1 is made to fail


def _results(failing: tuple[str, int] | None) -> dict[tuple[str, str, str], Run]:
    results = {}
    for feature in features():
        for k, (name, template) in enumerate(feature.scenarios.items()):
            fails = failing is not None and failing[0] in feature.tags and failing[1] == k
            for example in example_ids(template):
                outcome = "failed" if fails else "passed"
                message = "AssertionError: the next step was something else" if fails else ""
                results[(feature.filename, name, example)] = Run(
                    feature.filename, name, example, [], outcome, message
                )
    return results


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("playbook")
    found = {}
    for name, failing in (("passing", None), ("failing", FAILING)):
        path = folder / f"{name}.html"
        path.write_text(render(features(), _results(failing)), encoding="utf-8")
        found[name] = path
    return found


@pytest.fixture(scope="module")
def doms(pages: dict[str, Path]) -> dict[str, str]:
    """Each page as Chromium built it, once for the module."""
    return {name: dump_dom(path) for name, path in pages.items()}


def _text(dom: str) -> str:
    body = re.sub(r"<style>.*?</style>", "", dom, flags=re.S)
    return re.sub(r"<[^>]+>", " ", body)


def test_a_summary_comes_first_and_says_all_pass(doms: dict[str, str]) -> None:
    dom = doms["passing"]
    situations = sum(len(f.scenarios) for f in features())
    runs = sum(len(example_ids(t)) for f in features() for t in f.scenarios.values())
    (summary,) = re.findall(r'<p class="summary" id="summary">(.*?)</p>', dom, flags=re.S)
    assert f"{len(RULES)} rules, {situations} situations, tried {runs} times" in summary
    assert "all passing" in summary
    assert dom.index('id="summary"') < dom.index("<nav>")


def test_a_failing_situation_is_named_in_the_summary_with_a_link(doms: dict[str, str]) -> None:
    dom = doms["failing"]
    (summary,) = re.findall(r'<p class="summary failing" id="summary">(.*?)</p>', dom, re.S)
    assert "failing, in:" in summary and 'href="#dont-sell"' in summary
    assert dom.count('<article class="failed">') == 1
    assert "the next step was something else" in dom


def test_every_rule_is_linked_from_the_list_and_quotes_the_seed(doms: dict[str, str]) -> None:
    dom = doms["passing"]
    (nav,) = re.findall(r"<nav>(.*?)</nav>", dom, flags=re.S)
    assert re.findall(r'href="#([\w-]+)"', nav) == list(RULES)
    for rule in RULES.values():
        section = dom.split(f'<section class="rule" id="{rule.id}">', 1)[1].split("</section>")[0]
        words = _text(section)
        assert " ".join(rule.quotes[0].split()[:8]) in " ".join(words.split()), rule.id


def test_every_example_is_filled_in_and_marked_and_no_gherkin_is_left(
    doms: dict[str, str],
) -> None:
    dom = doms["passing"]
    rows = sum(len(example_ids(t)) for f in features() for t in f.scenarios.values() if t.examples)
    assert dom.count('<div class="example passed">') == rows
    text = _text(dom)
    for gherkin in ("Scenario Outline", "Scenario:", "Background", "Examples", "Feature:"):
        assert gherkin not in text, gherkin
    assert not re.search(r"&lt;[\w ]+&gt;", dom), "a placeholder was left unfilled"
    assert not re.search(r"@(do|dont|law|known-gap)\b", text), "a tag line was shown"
    marks = text.count("✔ passed")
    situations = sum(len(f.scenarios) for f in features())
    assert marks == len(RULES) + situations + rows  # each rule, situation and example


def test_a_screenshot_of_the_living_playbook_is_kept(
    pages: dict[str, Path], artifacts: Path
) -> None:
    assert screenshot(pages["passing"], artifacts / "playbook.png", "1100,1800").exists()
