"""The living playbook as one plain HTML page: every feature grouped by do / don't / law, its seed
text, each scenario with its steps and its result. No JavaScript; every text is escaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from pytest_bdd.parser import Feature, ScenarioTemplate, Step

from .catalogue import CATEGORIES, Run, example_ids, features, rule_of

HEADINGS = {"do": "Do", "dont": "Don't", "law": "The law"}
MARKS = {"passed": "✔ passed", "failed": "✘ failed", "known gap": "◌ known gap"}
STYLE = """
body { font: 16px/1.5 Georgia, serif; max-width: 60em; margin: 2em auto; padding: 0 1em;
       color: #222; }
h1 { font-size: 2em; margin-bottom: 0; } h2 { border-bottom: 3px solid #444; margin-top: 2em; }
section.feature { border-left: 4px solid #bbb; padding-left: 1em; margin: 2em 0; }
.seed { font-style: italic; color: #444; margin: .5em 1em; }
.tags { font: 13px monospace; color: #666; }
article { margin: 1em 0; padding: .5em 1em; background: #f7f7f7; }
article.passed { border-left: 6px solid #2a7d2a; } article.failed { border-left: 6px solid #b00; }
article.known-gap { border-left: 6px solid #c80; } article.not-run { border-left: 6px solid #999; }
.result { float: right; font: bold 14px sans-serif; }
.passed > .result, li.passed::marker, td.passed { color: #2a7d2a; }
.failed > .result, li.failed, td.failed { color: #b00; }
.known-gap > .result, td.known-gap { color: #a60; }
ol.steps { list-style: none; padding-left: 1em; margin: .3em 0; }
.keyword { font-weight: bold; } li.not-run { color: #888; }
table { border-collapse: collapse; margin: .5em 0; font-size: 14px; }
td, th { border: 1px solid #ccc; padding: .2em .5em; text-align: left; }
pre { white-space: pre-wrap; font-size: 13px; background: #fff0f0; padding: .5em; }
"""


def write_report(path: Path, results: Mapping[tuple[str, str, str], Run]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(features(), results), encoding="utf-8")
    return path.resolve()


def render(found: list[Feature], results: Mapping[tuple[str, str, str], Run]) -> str:
    runs = [
        results.get((f.filename, s.name, e))
        for f in found
        for s in f.scenarios.values()
        for e in example_ids(s)
    ]
    counts = {key: sum(1 for r in runs if _outcome(r) == key) for key in (*MARKS, "not run")}
    summary = ", ".join(f"{n} {key}" for key, n in counts.items() if n)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>The living playbook</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>The living playbook</h1>",
        "<p>How to approach passive candidates: every do and don't, as scenarios the engine runs."
        f" {len(runs)} scenarios: {escape(summary)}."
        f" Written {datetime.now(UTC):%d %B %Y at %H:%M} UTC.</p>",
    ]
    groups = {c: [f for f in found if (r := rule_of(f)) and r.category == c] for c in CATEGORIES}
    parts.append("<nav><ul>")
    for category, group in groups.items():
        links = ", ".join(f'<a href="#{_anchor(f)}">{escape(f.name)}</a>' for f in group)
        parts.append(f'<li><a href="#{category}">{HEADINGS[category]}</a>: {links}</li>')
    parts.append("</ul></nav>")
    for category, group in groups.items():
        if group:
            parts.append(f'<h2 id="{category}">{HEADINGS[category]}</h2>')
            parts += [_feature(f, results) for f in group]
    strays = [f for f in found if rule_of(f) is None]
    if strays:
        parts.append("<h2>Not tagged with a rule</h2>")
        parts += [_feature(f, results) for f in strays]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _anchor(feature: Feature) -> str:
    return escape(Path(feature.filename).stem)


def _outcome(run: Run | None) -> str:
    return run.outcome if run is not None and run.outcome in MARKS else "not run"


def _css(outcome: str) -> str:
    return outcome.replace(" ", "-")


def _feature(feature: Feature, results: Mapping[tuple[str, str, str], Run]) -> str:
    rule = rule_of(feature)
    where = f" ({escape(rule.seed)})" if rule else ""
    tags = " ".join(f"@{escape(t)}" for t in sorted(feature.tags))
    parts = [
        f'<section class="feature" id="{_anchor(feature)}">',
        f"<h3>{escape(feature.name)}{where}</h3>",
        f'<div class="tags">{tags} · {escape(Path(feature.filename).name)}</div>',
        *_description(feature.description),
    ]
    if feature.background is not None:
        parts.append("<h4>Background</h4>" + _steps(feature.background.steps))
    for template in feature.scenarios.values():
        runs = [results.get((feature.filename, template.name, e)) for e in example_ids(template)]
        parts.append(_scenario(template, runs))
    parts.append("</section>")
    return "\n".join(parts)


def _description(text: str) -> list[str]:
    """The seed's sentences (the first paragraph) quoted, then what the engine makes of them."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]
    quoted = [f'<blockquote class="seed">{escape(p)}</blockquote>' for p in paragraphs[:1]]
    return quoted + [f"<p>{escape(p)}</p>" for p in paragraphs[1:]]


def _scenario(template: ScenarioTemplate, runs: list[Run | None]) -> str:
    outcomes = [_outcome(r) for r in runs]
    overall = next((o for o in ("failed", "not run", "known gap") if o in outcomes), "passed")
    tags = " ".join(f"@{escape(t)}" for t in sorted(template.tags))
    parts = [
        f'<article class="{_css(overall)}">',
        f'<span class="result">{escape(MARKS.get(overall, overall))}</span>',
        f"<h4>{escape(template.keyword)}: {escape(template.name)}</h4>",
        f'<div class="tags">{tags}</div>' if tags else "",
    ]
    if template.description.strip():
        parts.append(f"<p>{escape(template.description.strip())}</p>")
    own = len(template.all_background_steps)
    if not template.examples:
        statuses = [s.status for s in runs[0].steps[own:]] if runs[0] is not None else []
        parts.append(_steps(template._steps, statuses))
    else:
        parts.append(_steps(template._steps))
        parts.append(_examples(template, runs))
    for run in runs:
        if run is not None and run.outcome in ("failed", "known gap") and run.message:
            row = f" ({run.example})" if run.example else ""
            parts.append(f"<pre>{escape(run.outcome + row + ': ' + run.message)}</pre>")
    parts.append("</article>")
    return "\n".join(p for p in parts if p)


def _steps(steps: Iterable[Step], statuses: list[str] | None = None) -> str:
    items = []
    for k, step in enumerate(steps):
        status = statuses[k] if statuses is not None and k < len(statuses) else ""
        table = ""
        if step.datatable is not None:
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                for row in step.datatable.raw()
            )
            table = f"<table>{rows}</table>"
        items.append(
            f'<li class="{_css(status)}"><span class="keyword">{escape(step.keyword.strip())}'
            f"</span> {escape(step.name)}{table}</li>"
        )
    return '<ol class="steps">' + "".join(items) + "</ol>"


def _examples(template: ScenarioTemplate, runs: list[Run | None]) -> str:
    parts, k = [], 0
    for examples in template.examples:
        head = "".join(f"<th>{escape(p)}</th>" for p in examples.example_params)
        parts.append(f"<h5>Examples {escape(examples.name or '')}</h5>")
        parts.append(f"<table><tr>{head}<th>result</th></tr>")
        for row in examples.examples:
            outcome = _outcome(runs[k] if k < len(runs) else None)
            cells = "".join(f"<td>{escape(c)}</td>" for c in row)
            mark = escape(MARKS.get(outcome, outcome))
            parts.append(f'<tr>{cells}<td class="{_css(outcome)}">{mark}</td></tr>')
            k += 1
        parts.append("</table>")
    return "\n".join(parts)
