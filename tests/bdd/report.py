"""The living playbook as a page for people who never saw Gherkin: for each rule the seed's own
words, what the engine makes of them, then its situations in plain sentences, every example
filled in, each marked passed or failed. A summary and the list of rules (linked) come first.

No script, nothing fetched; every text is escaped. The feature files stay the source: this page
only rewords their keywords ("Scenario Outline", "Background", "<days>", tags) away.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from outreach.projections.rules import Rule
from pytest_bdd.parser import Feature, ScenarioTemplate, Step

from .catalogue import CATEGORIES, Run, example_ids, features, rule_of

Results = Mapping[tuple[str, str, str], Run]
HEADINGS = {"do": "Do", "dont": "Don't", "law": "The law"}
MARKS = {
    "passed": "✔ passed",
    "failed": "✘ failed",
    "known gap": "◌ not done yet",
    "not run": "- not run",
}
STYLE = """
body { font: 16px/1.55 Georgia, serif; max-width: 58em; margin: 2em auto; padding: 0 1em;
       color: #222; }
h1 { font-size: 2.1em; margin-bottom: .2em; } h2 { border-bottom: 3px solid #444; margin-top: 2em; }
.summary { font-size: 1.1em; padding: .6em 1em; background: #eef6ee;
           border-left: 6px solid #2a7d2a; }
.summary.failing { background: #fbeeee; border-left-color: #b00; }
nav li { margin: .15em 0; }
section.rule { border-left: 4px solid #bbb; padding-left: 1em; margin: 2.5em 0; }
blockquote.seed { font-style: italic; color: #333; margin: .5em 0 .5em 1em; padding-left: .8em;
                  border-left: 3px solid #ddd; }
.start { color: #444; }
article { margin: 1em 0; padding: .5em 1em; background: #f7f7f7; }
article.passed { border-left: 6px solid #2a7d2a; } article.failed { border-left: 6px solid #b00; }
article.known-gap { border-left: 6px solid #c80; } article.not-run { border-left: 6px solid #999; }
article h4 { margin: .2em 0; font-size: 1.05em; }
.mark { font: bold 14px sans-serif; white-space: nowrap; }
.passed > .mark, .passed .mark { color: #2a7d2a; } .failed .mark { color: #b00; }
.known-gap .mark { color: #a60; } .not-run .mark { color: #777; }
.example { margin: .6em 0; padding-top: .4em; border-top: 1px dashed #ccc; }
.label { font: 13px sans-serif; color: #555; text-transform: uppercase; letter-spacing: .04em; }
ul.steps { margin: .1em 0 .3em; padding-left: 1.3em; }
table { border-collapse: collapse; margin: .3em 0; font-size: 14px; }
td { border: 1px solid #ccc; padding: .15em .5em; }
pre { white-space: pre-wrap; font-size: 13px; background: #fff0f0; padding: .5em; }
"""


def write_report(path: Path, results: Results) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(features(), results), encoding="utf-8")
    return path.resolve()


def render(found: list[Feature], results: Results) -> str:
    outcomes = {id(f): _outcomes(f, results) for f in found}
    runs = [o for f in found for per in outcomes[id(f)].values() for o in per]
    situations = sum(len(f.scenarios) for f in found)
    failing = [f for f in found if "failed" in _flat(outcomes[id(f)])]
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>The living playbook</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>The living playbook</h1>",
        "<p>How to approach passive candidates, rule by rule: the words of the playbook, then"
        " situations the engine is put through every time it changes, each with what it must"
        " say. A situation with examples is tried once per example.</p>",
        _summary(found, situations, runs, failing),
        _contents(found, outcomes),
    ]
    for category in CATEGORIES:
        group = [f for f in found if (r := rule_of(f)) and r.category == category]
        if group:
            parts.append(f'<h2 id="{category}">{HEADINGS[category]}</h2>')
            parts += [_rule(f, outcomes[id(f)], results) for f in group]
    strays = [f for f in found if rule_of(f) is None]
    if strays:
        parts.append("<h2>Situations not filed under a rule</h2>")
        parts += [_rule(f, outcomes[id(f)], results) for f in strays]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _outcomes(feature: Feature, results: Results) -> dict[str, list[str]]:
    """Each situation's outcome per example (one for a situation without examples)."""
    return {
        name: [_outcome(results.get((feature.filename, name, e))) for e in example_ids(t)]
        for name, t in feature.scenarios.items()
    }


def _flat(outcomes: Mapping[str, list[str]]) -> list[str]:
    return [o for per in outcomes.values() for o in per]


def _outcome(run: Run | None) -> str:
    return run.outcome if run is not None and run.outcome in MARKS else "not run"


def _overall(outcomes: Sequence[str]) -> str:
    return next((o for o in ("failed", "not run", "known gap") if o in outcomes), "passed")


def _css(outcome: str) -> str:
    return outcome.replace(" ", "-")


def _summary(found: list[Feature], situations: int, runs: list[str], failing: list[Feature]) -> str:
    rules = sum(1 for f in found if rule_of(f) is not None)
    counts = {key: runs.count(key) for key in MARKS}
    tried = f"{rules} rules, {situations} situations, tried {len(runs)} times with their examples"
    if failing:
        links = ", ".join(f'<a href="#{_anchor(f)}">{escape(_title(f))}</a>' for f in failing)
        verdict = f"{counts['failed']} failing, in: {links}"
    elif counts["not run"]:
        verdict = f"{counts['not run']} not run (the page was written from a partial run)"
    else:
        verdict = "all passing"
    gaps = f"; {counts['known gap']} not done yet" if counts["known gap"] else ""
    written = f"Checked on {datetime.now(UTC):%d %B %Y at %H:%M} UTC."
    css = "summary failing" if failing else "summary"
    return f'<p class="{css}" id="summary">{tried}: {verdict}{gaps}. {written}</p>'


def _contents(found: list[Feature], outcomes: Mapping[int, dict[str, list[str]]]) -> str:
    parts = ["<nav><h2>The rules</h2>"]
    for category in CATEGORIES:
        group = [f for f in found if (r := rule_of(f)) and r.category == category]
        items = "".join(
            f'<li class="{_css(o)}"><a href="#{_anchor(f)}">{escape(_title(f))}</a>'
            f' <span class="mark">{MARKS[o]}</span></li>'
            for f in group
            if (o := _overall(_flat(outcomes[id(f)])))
        )
        parts.append(f"<h3>{HEADINGS[category]}</h3><ul>{items}</ul>")
    return "\n".join(parts) + "</nav>"


def _anchor(feature: Feature) -> str:
    rule = rule_of(feature)
    return escape(rule.id if rule else Path(feature.filename).stem)


def _title(feature: Feature) -> str:
    rule = rule_of(feature)
    return f"{rule.seed}: {feature.name}" if rule and rule.seed != "law" else feature.name


def _rule(feature: Feature, outcomes: Mapping[str, list[str]], results: Results) -> str:
    rule = rule_of(feature)
    parts = [
        f'<section class="rule" id="{_anchor(feature)}">',
        f"<h3>{escape(_title(feature))}</h3>",
        *_words(rule, feature.description),
    ]
    if feature.background is not None and feature.background.steps:
        parts.append('<p class="start">Every situation below starts from this:</p>')
        parts.append(_sentences(feature.background.steps))
    for name, template in feature.scenarios.items():
        runs = [results.get((feature.filename, name, e)) for e in example_ids(template)]
        parts.append(_situation(template, outcomes[name], runs))
    parts.append("</section>")
    return "\n".join(parts)


def _words(rule: Rule | None, description: str) -> list[str]:
    """The seed's words for the rule (the law's words are ours), then the feature's own
    explanation, less its first paragraph when that quotes the seed again."""
    paragraphs = [" ".join(p.split()) for p in description.strip().split("\n\n") if p.strip()]
    if rule is None:
        return [f"<p>{escape(p)}</p>" for p in paragraphs]
    source = "The law" if rule.category == "law" else f"The playbook ({rule.seed})"
    quote = f'<blockquote class="seed"><span class="label">{source}</span><br>'
    quote += escape(" ".join(rule.quotes)) + "</blockquote>"
    told = (
        paragraphs[1:] if paragraphs and paragraphs[0][:40] in " ".join(rule.quotes) else paragraphs
    )
    return [quote, *(f"<p>{escape(p)}</p>" for p in told)]


def _situation(template: ScenarioTemplate, outcomes: list[str], runs: list[Run | None]) -> str:
    overall = _overall(outcomes)
    parts = [
        f'<article class="{_css(overall)}">',
        f'<h4>{escape(template.name)} <span class="mark">{MARKS[overall]}</span></h4>',
    ]
    if template.description.strip():
        parts.append(f"<p>{escape(' '.join(template.description.split()))}</p>")
    own = len(template.all_background_steps)
    contexts = [ctx for ex in template.examples for ctx in ex.as_contexts()]
    if not contexts:
        parts.append(_story(template._steps))
    for k, context in enumerate(contexts):
        outcome = outcomes[k] if k < len(outcomes) else "not run"
        steps = template.render(context).steps[own:]
        parts.append(
            f'<div class="example {_css(outcome)}"><span class="label">Example {k + 1} of'
            f' {len(contexts)}</span> <span class="mark">{MARKS[outcome]}</span>'
            f"{_story(steps)}</div>"
        )
    for run in runs:
        if run is not None and run.outcome in ("failed", "known gap") and run.message:
            parts.append(f"<pre>{escape(run.outcome + ': ' + run.message)}</pre>")
    parts.append("</article>")
    return "\n".join(parts)


def _story(steps: Sequence[Step]) -> str:
    """What happens (given and when), then what the engine must say (then)."""
    happens = [s for s in steps if s.type != "then"]
    says = [s for s in steps if s.type == "then"]
    parts = []
    if happens:
        parts.append('<div class="label">What happens</div>' + _sentences(happens))
    if says:
        parts.append('<div class="label">What the engine must say</div>' + _sentences(says))
    return "".join(parts)


def _sentences(steps: Sequence[Step]) -> str:
    items = []
    for step in steps:
        text = step.name.strip()
        sentence = text[:1].upper() + text[1:]
        if not sentence.endswith((".", "!", "?", ":", '"')):
            sentence += "."
        table = ""
        if step.datatable is not None:
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                for row in step.datatable.raw()
            )
            table = f"<table>{rows}</table>"
        items.append(f"<li>{escape(sentence)}{table}</li>")
    return '<ul class="steps">' + "".join(items) + "</ul>"
