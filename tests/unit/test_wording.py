"""The sentences, written from the facts in one place: a smaller set than the decisions'."""

# The seed keeps its typography: a curly apostrophe in "you have".
# ruff: noqa: RUF001

from __future__ import annotations

from outreach.domain.values import MOTIVATION_WORDS
from outreach.projections.violations import RULE_OF
from outreach.projections.wording import MOTIVES, VIOLATIONS

from .histories import Story, day, emailed_once, in_conversation


def test_every_word_the_motivation_question_suggests_can_be_recorded() -> None:
    text = in_conversation().decide(day(4)).text
    suggested = text.split(": ", 1)[1].rstrip(".").replace(" or ", ", ").split(", ")
    assert suggested and all(word in MOTIVATION_WORDS for word in suggested)
    assert {"pay", "location", "flexibility"} <= set(suggested)
    assert MOTIVES in text


def test_a_call_after_a_pitch_never_repeats_the_role() -> None:
    story = Story().ready_to_email().emailed(day(2), intent="opportunity", topic="Senior Frontend")
    text = story.decide(day(3)).text
    assert "Senior Frontend" not in text and "PyData meetups" in text
    assert "Senior Frontend" not in story.emailed(day(8)).decide(day(9)).text


def test_the_seed_line_fits_someone_never_met() -> None:
    action = in_conversation().motivation(day(4)).decide(day(5))
    assert action.line == "13" and "because you’ve met" not in action.because
    met = (
        in_conversation()
        .met(day(4), would_hire=True)
        .motivation(day(4))
        .asked_referral(day(4), ("rust",))
    )
    assert "because you’ve met" in met.decide(day(5)).because


def test_a_snoozed_action_says_until_when() -> None:
    action = emailed_once().snoozed(day(3), until=day(30)).decide(day(4))
    assert action.text.endswith("(Snoozed until 02 Apr 2025)")


def test_every_violation_has_its_sentence() -> None:
    assert set(VIOLATIONS) == set(RULE_OF)
    found = emailed_once().declined(day(3)).emailed(day(30)).violations(day(31))
    assert [v.text for v in found if v.kind == "no-during-pause"] == [
        "Contacted Ada Lovelace on 02 Apr 2025 (emailed) during the 180 days' pause after their"
        " firm no of 06 Mar 2025."
    ]
