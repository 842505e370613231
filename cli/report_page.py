"""``outreach report``'s page: one self-contained HTML file, the charts drawn by pygal as static
SVG inside it (no script or style is fetched: pygal's own tooltip script is left out), then the
stats as tables. pygal is imported here only, so no other command pays for it.

A small inline script marks each chart with the size it was laid out at (``data-rendered``), so
that a browser, or a test driving one, can tell every chart was drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from outreach.cli.insight_text import hours, percent
from outreach.cli.output import when
from outreach.engine.insight import ReportFigures
from outreach.projections.figures import Rate, Stats

STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 64em; margin: 2em auto; padding: 0 1em;
       color: #222; }
h1 { margin-bottom: .2em; } h2 { border-bottom: 2px solid #444; margin-top: 2em; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(28em, 1fr)); gap: 1em; }
figure { margin: 0; border: 1px solid #ddd; padding: .5em; }
figure svg { width: 100%; height: auto; }
table { border-collapse: collapse; margin: .5em 0 1.5em; }
td, th { border: 1px solid #ccc; padding: .25em .6em; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.few { color: #a60; } .note { color: #555; }
"""
MARK_RENDERED = """
for (const figure of document.querySelectorAll("figure.chart")) {
  const svg = figure.querySelector("svg");
  const box = svg ? svg.getBBox() : { width: 0, height: 0 };
  figure.dataset.rendered = Math.round(box.width) + "x" + Math.round(box.height);
}
"""
TITLES = {
    "funnel": "The funnel: people at each step",
    "first-touch": "Reply rate by the first touch of a round (%)",
    "violations": "Violations per rule, by month",
    "agenda": "The agenda's size over time (actions due)",
}


def page(figures: ReportFigures) -> str:
    """The whole page as one string."""
    s = figures.stats
    since = f" from {escape(when(s.since))}" if s.since else ""
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>Outreach report</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Outreach report</h1>",
        f'<p class="note">{s.people} people added{since} up to {escape(when(s.until))}'
        + (f", {s.erased} of them erased (counted in the funnel only)" if s.erased else "")
        + ". A rate over fewer than 10 rounds is marked too few to compare.</p>",
        '<div class="charts">',
        *charts(figures),
        "</div>",
        *tables(s),
        f"<script>{MARK_RENDERED}</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def charts(figures: ReportFigures) -> list[str]:
    import pygal  # only this command draws charts

    s = figures.stats
    options: dict[str, Any] = {
        "js": [],  # pygal's tooltips script would be fetched from the web
        "disable_xml_declaration": True,
        "print_values": True,
        "show_legend": False,
        "print_zeroes": False,
        "truncate_label": -1,
        "truncate_legend": -1,
        "legend_at_bottom": True,
        "x_label_rotation": 20,
        "width": 640,
        "height": 420,
    }
    funnel = pygal.Bar(title=TITLES["funnel"], **options)
    funnel.x_labels = [step.step for step in s.funnel]
    funnel.add("people", [step.people for step in s.funnel])
    rates = pygal.Bar(title=TITLES["first-touch"], value_formatter=lambda v: f"{v:.0f}%", **options)
    rates.x_labels = [_touch_label(r) for r in s.first_touch]
    rates.add("reply rate", [_percent_value(r) for r in s.first_touch])
    months = sorted({c.month for c in s.violations_by_month})
    rules = sorted({c.rule for c in s.violations_by_month})
    violations = pygal.StackedBar(
        title=TITLES["violations"], legend_at_bottom_columns=2, **{**options, "show_legend": True}
    )
    violations.x_labels = months
    for rule in rules:
        counts = [
            sum(c.count for c in s.violations_by_month if c.month == m and c.rule == rule) or None
            for m in months
        ]
        violations.add(rule, counts)
    agenda = pygal.Line(title=TITLES["agenda"], **{**options, "print_values": False})
    agenda.x_labels = [p.at.strftime("%Y-%m-%d") for p in figures.agenda]
    agenda.x_labels_major_count = 8
    agenda.show_minor_x_labels = False
    agenda.add("actions due", [p.due for p in figures.agenda])
    drawn = {"funnel": funnel, "first-touch": rates, "violations": violations, "agenda": agenda}
    return [
        f'<figure class="chart" id="{key}" data-title="{escape(TITLES[key])}">'
        f"{chart.render(is_unicode=True)}</figure>"
        for key, chart in drawn.items()
    ]


def _touch_label(rate: Rate) -> str:
    few = ": too few" if rate.too_few else ""
    return f"{rate.kind} ({rate.count} rounds{few})"


def _percent_value(rate: Rate) -> float | None:
    return round(rate.share * 100, 2) if rate.share is not None else None


def table(title: str, head: Sequence[str], rows: Sequence[Sequence[str]], key: str) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(_cell(c) for c in row) + "</tr>" for row in rows)
    return f'<h2>{escape(title)}</h2><table id="{key}"><tr>{cells}</tr>{body}</table>'


def _cell(value: str) -> str:
    number = value[:1].isdigit() or value == "-"
    return f'<td class="n">{escape(value)}</td>' if number else f"<td>{escape(value)}</td>"


def tables(s: Stats) -> list[str]:
    def rate_row(r: Rate) -> list[str]:
        mark = percent(r.share) + (" (too few to compare)" if r.too_few and r.count else "")
        return [r.kind, str(r.count), str(r.hits), mark]

    b = s.busy
    return [
        table(
            "Funnel",
            ("step", "people", "of the step before"),
            [[f.step, str(f.people), percent(f.share_of_previous)] for f in s.funnel],
            "funnel-table",
        ),
        table(
            "Reply rate by first touch",
            ("first touch", "rounds", "answered", "rate", "median time to answer"),
            [[*rate_row(r), hours(r.median_hours_to_answer)] for r in s.first_touch],
            "first-touch-table",
        ),
        table(
            "Calls: connected",
            ("call", "calls", "connected", "rate"),
            [rate_row(r) for r in s.calls],
            "calls-table",
        ),
        table(
            "Busy answers",
            ("answers", "followed up", "dropped", "still open"),
            [[str(b.answers), str(b.kept), str(b.dropped), str(b.open)]],
            "busy-table",
        ),
        table(
            "Violations by rule",
            ("rule", "violations"),
            [[c.rule, str(c.count)] for c in s.violations_by_rule],
            "violations-table",
        ),
        table(
            "Violations by recruiter",
            ("recruiter", "rule", "violations"),
            [[c.recruiter, c.rule, str(c.count)] for c in s.violations_by_recruiter],
            "recruiters-table",
        ),
        table(
            "Violations per month",
            ("month", "rule", "recruiter", "violations"),
            [[c.month, c.rule, c.recruiter, str(c.count)] for c in s.violations_by_month],
            "months-table",
        ),
    ]
