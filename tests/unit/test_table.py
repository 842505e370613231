"""The decision table as data: its rows are PLAYBOOK.md's lines, and a decision names facts,
never sentences (the wording is tested apart, in test_wording)."""

from __future__ import annotations

from dataclasses import fields

from outreach.projections.history import build_history
from outreach.projections.model import ActionKind
from outreach.projections.policy import TABLE, decision
from outreach.projections.policy.decision import Decision, Facts
from outreach.projections.rules import RULES

from .histories import DEFAULTS, Story, day, emailed_once, in_conversation, someone_to_hire
from .test_policy_lines import PRIMARY

K = ActionKind


def decided(story: Story, now: float) -> Decision:
    h = build_history(story.handle, story.events, {}, DEFAULTS, day(now))
    return decision(h)


def test_the_table_has_one_row_per_line_of_the_playbook_in_order() -> None:
    assert [row.line for row in TABLE] == list(PRIMARY)
    assert {row.line: row.rule for row in TABLE} == PRIMARY
    assert all(row.rule in RULES for row in TABLE)
    assert [row.kind for row in TABLE][:2] == [None, None]


def test_a_decision_holds_facts_and_no_sentence() -> None:
    names = {f.name for f in fields(Decision)} | {f.name for f in fields(Facts)}
    assert not names & {"text", "sentence", "because"}


def test_line_2_names_the_agreed_time_even_with_no_email_first() -> None:
    story = Story().ready_to_email().met(day(1)).busy(day(1), callback_at=day(9, 15))
    d = decided(story, 2)
    assert (d.line, d.kind, d.due, d.facts.agreed) == ("2", K.CALLBACK, day(9, 15), day(9, 15))


def test_line_9_after_a_pitch_names_the_common_ground_not_the_role() -> None:
    story = Story().ready_to_email().emailed(day(2), intent="opportunity", topic="Senior Frontend")
    d = decided(story, 3)
    assert (d.line, d.facts.email_topic, d.facts.topic) == ("9", None, "PyData meetups")


def test_line_9_after_a_networking_email_names_its_topic() -> None:
    d = decided(Story().ready_to_email().emailed(day(2), topic="Rust"), 3)
    assert d.facts.email_topic == "Rust"


def test_line_12_names_the_skills_to_ask_about_as_last_recorded() -> None:
    story = Story(skills=["cobol"]).profile(day(1), skills=("rust", "go"))
    story.met(day(1), would_hire=True)
    story.ready_to_email(day(1)).emailed(day(2)).replied(day(3)).motivation(day(4))
    d = decided(story, 5)
    assert (d.line, d.kind, d.facts.skills) == ("12", K.ASK_REFERRAL, ("rust", "go"))


def test_line_13_names_the_figure_and_whether_they_are_among_the_best() -> None:
    d = decided(someone_to_hire(), 6)
    assert (d.line, d.facts.days, d.facts.best, d.facts.met) == ("13", 60, True, True)
    d = decided(in_conversation().motivation(day(4)), 5)
    assert (d.line, d.facts.days, d.facts.best, d.facts.met) == ("13", 180, False, False)


def test_line_3_hands_over_to_line_13_at_the_cap_with_its_evidence() -> None:
    story = emailed_once().called(day(3), "no-answer").emailed(day(9)).emailed(day(16))
    story.busy(day(17)).emailed(day(18)).emailed(day(25)).emailed(day(30)).emailed(day(35))
    d = decided(story, 36)
    assert (d.line, d.kind) == ("13", K.KEEP_IN_TOUCH)
    assert "declined-busy" in [e.KIND for e in d.evidence]


def test_line_11_names_the_career_move_on_record() -> None:
    d = decided(in_conversation().career_move(day(3), "gap", "a year sailing"), 4)
    assert (d.line, d.facts.career_move) == ("11", ("gap", "a year sailing"))
