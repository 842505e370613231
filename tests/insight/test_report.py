"""``outreach report``: one self-contained page, opened in headless Chromium; every chart drew
with its title, and its numbers are the ones ``stats --json`` gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from outreach.cli.report_page import TITLES

from .browser import dump_dom, screenshot
from .conftest import Known


@pytest.fixture(scope="module")
def page(known_store: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    Known(known_store).ok("report", "-o", str(path))
    return path


@pytest.fixture(scope="module")
def dom(page: Path) -> str:
    """The page as Chromium built it (once for the module: a browser start takes seconds)."""
    return dump_dom(page)


def _charts(dom: str) -> dict[str, str]:
    found = re.findall(r'<figure class="chart" id="([\w-]+)"(.*?)</figure>', dom, flags=re.S)
    return dict(found)


def _values(chart: str) -> list[str]:
    return re.findall(r'<desc class="value">([^<]*)</desc>', chart)


def _cells(dom: str, table: str) -> list[list[str]]:
    (body,) = re.findall(rf'<table id="{table}">(.*?)</table>', dom, flags=re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in rows[1:]]


def test_every_chart_renders_with_its_title(dom: str) -> None:
    charts = _charts(dom)
    assert set(charts) == set(TITLES)
    for key, chart in charts.items():
        size = re.search(r'data-rendered="(\d+)x(\d+)"', chart)
        assert size is not None and int(size[1]) > 100 and int(size[2]) > 100, key
        titles = re.findall(r'<text[^>]*class="title[^"]*"[^>]*>([^<]*)</text>', chart)
        assert titles[:1] == [TITLES[key].replace("'", "&#39;")] or titles[:1] == [TITLES[key]]


def test_the_charts_and_tables_show_the_numbers_of_stats_json(dom: str, known: Known) -> None:
    stats = known.json("stats")
    charts = _charts(dom)
    assert _values(charts["funnel"]) == [str(s["people"]) for s in stats["funnel"]]
    rates = [f"{r['share'] * 100:.0f}%" for r in stats["first_touch"] if r["share"] is not None]
    assert _values(charts["first-touch"]) == rates  # 30%, 5%, 33% (no connection offers)
    drawn = sorted(int(v) for v in _values(charts["violations"]) if v != "0")  # 0: no bar
    per_rule_and_month: dict[tuple[str, str], int] = {}
    for c in stats["violations_by_month"]:
        key = (c["month"], c["rule"])
        per_rule_and_month[key] = per_rule_and_month.get(key, 0) + c["count"]
    assert drawn == sorted(per_rule_and_month.values())
    funnel = [[s["step"], str(s["people"])] for s in stats["funnel"]]
    assert [row[:2] for row in _cells(dom, "funnel-table")] == funnel
    touches = [[r["kind"], str(r["count"]), str(r["hits"])] for r in stats["first_touch"]]
    assert [row[:3] for row in _cells(dom, "first-touch-table")] == touches
    assert _cells(dom, "busy-table") == [["3", "1", "2", "0"]]
    months = [[c["month"], c["rule"], c["recruiter"], str(c["count"])]
              for c in stats["violations_by_month"]]  # fmt: skip
    assert _cells(dom, "months-table") == months


def test_the_page_fetches_nothing(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<(link|img|iframe)\b", html)
    assert not re.search(r"<script[^>]*\bsrc=", html)
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "@import" not in html and "url(" not in html


def test_a_screenshot_is_kept_to_look_at(page: Path, artifacts: Path) -> None:
    shot = screenshot(page, artifacts / "report.png")
    assert shot.exists()


def test_a_page_that_cannot_be_written_is_an_error_and_writes_nothing(
    known: Known, tmp_path: Path
) -> None:
    result = known("report", "-o", str(tmp_path / "missing" / "report.html"))
    assert result.exit_code == 1 and "cannot write the report" in result.stderr, result.stderr
    assert "missing" in result.stderr and "unexpected" not in result.stderr
    assert not (tmp_path / "missing").exists()
