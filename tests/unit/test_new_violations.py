"""The five violations of playbook version 2: chasing, no during the pause, contact after
closing, ignored reply, left waiting."""

from __future__ import annotations

from outreach.projections.settings import Playbook

from .histories import Story, day, emailed_once, in_conversation, someone_to_hire


def kinds(story: Story, now: float, settings: Playbook | None = None) -> list[str]:
    return [v.kind for v in story.violations(day(now), settings or Playbook())]


def four_unanswered() -> Story:
    return emailed_once().called(day(7), "no-answer").emailed(day(14)).emailed(day(21))


def test_a_touch_at_the_cap_of_unanswered_touches_is_chasing() -> None:
    assert "chasing" not in kinds(four_unanswered(), 22)
    found = four_unanswered().emailed(day(28)).violations(day(29))
    (chasing,) = [v for v in found if v.kind == "chasing"]
    assert (chasing.rule, chasing.occurred_at) == ("email-before-calling", day(28))
    cited = [e.kind for e in chasing.evidence]
    assert cited == ["emailed", "emailed", "called", "emailed", "emailed"]


def test_an_answer_resets_the_count_of_unanswered_touches() -> None:
    story = four_unanswered().replied(day(22)).emailed(day(23))
    assert "chasing" not in kinds(story, 24)


def test_contact_during_the_pause_after_a_firm_no() -> None:
    story = emailed_once().declined(day(3)).emailed(day(30))
    (found,) = [v for v in story.violations(day(31)) if v.kind == "no-during-pause"]
    assert (found.rule, found.occurred_at) == ("dont-take-no-for-an-answer", day(30))
    assert "no-during-pause" not in kinds(emailed_once().declined(day(3)).emailed(day(183)), 184)
    talked_since = emailed_once().declined(day(3)).replied(day(4)).emailed(day(5))
    assert "no-during-pause" not in kinds(talked_since, 6)


def test_contact_after_closing_is_reported_instead_of_the_pause() -> None:
    story = emailed_once().declined(day(3)).emailed(day(190)).declined(day(191)).emailed(day(200))
    found = kinds(story, 201)
    assert found.count("contact-after-closing") == 1
    assert found.count("no-during-pause") == 0


def test_a_reply_with_nothing_after_it_within_grace_is_ignored() -> None:
    story = in_conversation()  # replied on day 3, a Thursday: grace ends on day 10
    assert "ignored-reply" not in kinds(story, 10 - 1 / 1440)
    (found,) = [v for v in story.violations(day(10)) if v.kind == "ignored-reply"]
    assert (found.rule, found.occurred_at) == ("know-the-person", day(10))
    assert "ignored-reply" not in kinds(in_conversation().called(day(9)), 30)
    assert "ignored-reply" not in kinds(in_conversation().opted_out(day(4)), 30)


def test_the_read_model_looks_again_when_a_reply_would_be_ignored() -> None:
    assert in_conversation().decide(day(4)).recheck_at == day(10)


def test_someone_you_would_hire_left_waiting_past_grace() -> None:
    story = someone_to_hire()  # keep in touch due on day 65 (a Saturday)
    assert "left-waiting" not in kinds(story, 70)
    waiting = [v for v in story.violations(day(72)) if v.kind == "left-waiting"]
    assert [(v.rule, v.occurred_at) for v in waiting] == [("build-relationships", day(72))]


def test_callbacks_and_offers_of_a_time_are_never_left_waiting() -> None:
    story = someone_to_hire().rescheduled(day(6), to=day(7, 15))
    assert "left-waiting" not in kinds(story, 60)
    assert "missed-callback" in kinds(story, 60)


def test_a_snooze_counts_from_its_end_for_left_waiting() -> None:
    story = someone_to_hire().snoozed(day(6), until=day(100))
    assert "left-waiting" not in kinds(story, 101)
    assert "left-waiting" in kinds(story, 108)


def test_someone_not_yet_in_conversation_nor_among_the_best_is_never_left_waiting() -> None:
    assert "left-waiting" not in kinds(Story().ready_to_email(), 60)
