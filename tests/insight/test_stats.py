"""``outreach stats`` on the known pipeline (tests/insight/known.py): every figure is known by
construction, so each is asserted exactly."""

from __future__ import annotations

from typing import Any

from .conftest import Known


def _by(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in rows}


def test_the_funnel_counts_each_person_once_with_the_share_of_the_step_before(
    known: Known,
) -> None:
    found = known.json("stats")
    assert found["people"] == 67 and found["erased"] == 1
    assert [(s["step"], s["people"], s["share_of_previous"]) for s in found["funnel"]] == [
        ("added", 67, None),
        ("researched", 67, 1.0),
        ("reached", 67, 1.0),
        ("answered", 16, round(16 / 67, 4)),  # 12 networking, 1 pitch, 2 cold, 1 erased
        ("in conversation", 13, round(13 / 16, 4)),
        ("motivation known", 4, round(4 / 13, 4)),
        ("opportunity presented", 2, 0.5),
        ("referral received", 1, 0.5),
    ]


def test_reply_rates_by_first_touch_count_rounds_and_mark_too_few(known: Known) -> None:
    rates = _by(known.json("stats")["first_touch"], "kind")
    networking = rates["networking email"]
    assert (networking["count"], networking["hits"], networking["share"]) == (40, 12, 0.3)
    assert networking["median_hours_to_answer"] == 24.0 and not networking["too_few"]
    pitch = rates["pitch"]
    assert (pitch["count"], pitch["hits"], pitch["share"], pitch["too_few"]) == (20, 1, 0.05, False)
    assert pitch["median_hours_to_answer"] == 48.0
    cold = rates["cold call"]
    assert (cold["count"], cold["hits"], cold["too_few"]) == (6, 2, True)
    assert cold["median_hours_to_answer"] == 0.0  # a connected cold call answers itself
    offer = rates["connection offer"]
    assert (offer["count"], offer["share"], offer["too_few"]) == (0, None, True)


def test_calls_after_an_unanswered_email_against_cold_calls(known: Known) -> None:
    calls = _by(known.json("stats")["calls"], "kind")
    after = calls["after an unanswered email"]
    assert (after["count"], after["hits"], after["share"], after["too_few"]) == (10, 4, 0.4, False)
    cold = calls["cold call"]
    assert (cold["count"], cold["hits"], cold["too_few"]) == (6, 2, True)


def test_busy_answers_kept_and_dropped(known: Known) -> None:
    busy = known.json("stats")["busy"]
    assert busy == {
        "answers": 3,
        "kept": 1,
        "dropped": 2,
        "open": 0,
        "kept_share": round(1 / 3, 4),
        "dropped_share": round(2 / 3, 4),
        "too_few": True,
    }


def test_violations_by_rule_recruiter_and_month(known: Known) -> None:
    found = known.json("stats")
    # The rules the construction breaks on purpose (others may gain readings of their own).
    by_rule = {c["rule"]: c["count"] for c in found["violations_by_rule"]}
    assert by_rule["lead-as-an-expert"] == 20 and by_rule["dont-sell"] == 20
    assert by_rule["email-before-calling"] == 6
    assert by_rule["dont-take-no-for-an-answer"] == 2
    months = {
        (c["month"], c["rule"], c["recruiter"]): c["count"] for c in found["violations_by_month"]
    }
    assert months[("2026-01", "lead-as-an-expert", "alex")] == 20
    assert months[("2026-02", "email-before-calling", "sam")] == 6
    assert months[("2026-01", "dont-take-no-for-an-answer", "sam")] == 2
    by_recruiter = {(c["recruiter"], c["rule"]) for c in found["violations_by_recruiter"]}
    assert ("alex", "dont-sell") in by_recruiter and ("sam", "dont-sell") not in by_recruiter


def test_one_recruiter_sees_only_what_they_did(known: Known) -> None:
    found = known.json("stats", "--recruiter", "alex")
    assert found["people"] == 20 and found["erased"] == 0
    rates = _by(found["first_touch"], "kind")
    assert (rates["pitch"]["count"], rates["pitch"]["hits"]) == (20, 1)
    assert rates["networking email"]["count"] == 0
    assert all(c["count"] == 0 for c in found["calls"])
    assert {c["recruiter"] for c in found["violations_by_recruiter"]} == {"alex"}
    assert "dont-take-no-for-an-answer" not in {c["rule"] for c in found["violations_by_rule"]}


def test_a_period_follows_people_added_and_rounds_opened_in_it(known: Known) -> None:
    february = known.json("stats", "--since", "2026-02-01")
    assert february["funnel"][0]["people"] == 6  # the cold-called, added on 2 February
    assert [r["count"] for r in february["first_touch"]] == [0, 0, 0, 6]
    january = known.json("stats", "--until", "2026-01-31")
    assert january["people"] == 61 and january["erased"] == 1
    assert _by(january["first_touch"], "kind")["cold call"]["count"] == 0
    assert not any(c["month"] == "2026-02" for c in january["violations_by_month"])


def test_the_text_shows_counts_and_marks_rates_too_few_to_compare(known: Known) -> None:
    text = known.ok("stats")
    assert "67 people\n(1 of them erased: counted here and in the funnel, nowhere else)" in text
    networking = next(line for line in text.splitlines() if "networking email" in line)
    assert networking.split()[2:5] == ["40", "12", "30%"] and "too few" not in networking
    cold = next(line for line in text.splitlines() if line.strip().startswith("cold call"))
    assert "6" in cold.split() and "too few to compare" in cold
    assert "Busy answers: 3; followed up 1 (33%), dropped 2 (67%)" in text
    assert "gone" not in text  # the erased person is named nowhere


def test_a_period_ending_after_now_or_starting_after_its_end_is_refused(known: Known) -> None:
    result = known("stats", "--until", "2027-01-01")
    assert result.exit_code == 1 and "until" in result.stderr and not result.stdout
    result = known("stats", "--since", "2026-03-01", "--until", "2026-02-01")
    assert result.exit_code == 1 and "since" in result.stderr


def test_violations_are_counted_as_the_coaching_report_counts_them(known: Known) -> None:
    # "Left waiting" needs the next action: stats once left it out, and disagreed with
    # `outreach violations` for the same people.
    coached: dict[str, int] = {}
    for v in known.json("violations"):
        coached[v["rule"]] = coached.get(v["rule"], 0) + 1
    found = {c["rule"]: c["count"] for c in known.json("stats")["violations_by_rule"]}
    assert found == coached
