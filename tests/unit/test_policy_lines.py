"""Every line of PLAYBOOK.md's "Next best action" table, pinned: the first line that applies wins.

T0 is Monday 3 March 2025, 09:00 UTC; ``day(n)`` is n days later (day(4) is a Friday).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from outreach.projections.model import ActionKind, GroupActivity
from outreach.projections.rules import RULES
from outreach.projections.settings import Playbook

from .histories import Story, day, group

NY = ZoneInfo("America/New_York")
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_66f67502cbf892f2.txt"


def emailed_once() -> Story:
    return Story().ready_to_email().emailed(day(2))


def in_conversation() -> Story:
    return emailed_once().replied(day(3))


def busy_times(n: int) -> Story:
    story = emailed_once()
    for k in range(n):
        story.called(day(3 + 7 * k)).busy(day(3 + 7 * k, hour=10))
    return story


@dataclass
class Case:
    story: Callable[[], Story]
    now: datetime
    line: str
    kind: ActionKind | None
    due: datetime | None
    rule: str
    groups: dict[str, GroupActivity] | None = None


CASES = {
    "1-opted-out-means-no-action-ever": Case(
        lambda: emailed_once().opted_out(day(3)), day(400), "1", None, None, "respect-opt-out"
    ),
    "1-erased-means-no-action": Case(
        lambda: emailed_once().erased(day(3)), day(4), "1", None, None, "respect-opt-out"
    ),
    "1b-two-firm-noes-close-the-relationship": Case(
        lambda: emailed_once().declined(day(3)).emailed(day(190)).declined(day(191)),
        day(192),
        "1b",
        None,
        None,
        "dont-take-no-for-an-answer",
    ),
    "2-agreed-time-pending-means-callback-at-that-time": Case(
        lambda: emailed_once().called(day(3)).busy(day(3, 10), callback_at=day(8, 15)),
        day(4),
        "2",
        ActionKind.CALLBACK,
        day(8, 15),
        "dont-take-no-for-an-answer",
    ),
    "2-rescheduled-time-pending-means-callback": Case(
        lambda: emailed_once().rescheduled(day(3), to=day(9, 16)),
        day(4),
        "2",
        ActionKind.CALLBACK,
        day(9, 16),
        "dont-take-no-for-an-answer",
    ),
    "3-busy-without-time-offers-a-time-two-business-days-later": Case(
        lambda: busy_times(1),
        day(3, 11),
        "3",
        ActionKind.OFFER_TIME,
        day(7, 10),
        "dont-take-no-for-an-answer",
    ),
    "3-counts-from-the-later-of-the-answer-and-the-last-outbound-touch": Case(
        lambda: busy_times(1).emailed(day(7)),
        day(7, 12),
        "3",
        ActionKind.OFFER_TIME,
        day(9),
        "dont-take-no-for-an-answer",
    ),
    "3-backs-off-thirty-days-after-three-busy-answers-in-a-row": Case(
        lambda: busy_times(3),
        day(18),
        "3",
        ActionKind.OFFER_TIME,
        day(17, 10) + timedelta(days=30),
        "dont-take-no-for-an-answer",
    ),
    "3-a-reply-breaks-the-run-of-busy-answers": Case(
        lambda: (
            busy_times(1)
            .replied(day(5))
            .called(day(10))
            .busy(day(10, 10))
            .called(day(17))
            .busy(day(17, 10))
        ),
        day(18),
        "3",
        ActionKind.OFFER_TIME,
        day(21, 10),
        "dont-take-no-for-an-answer",
    ),
    "3-switches-to-line-13-at-max-unanswered": Case(
        lambda: busy_times(1).emailed(day(7)).emailed(day(14)).emailed(day(21)).emailed(day(28)),
        day(29),
        "13",
        ActionKind.KEEP_IN_TOUCH,
        day(28 + 180),
        "build-relationships",
    ),
    "4-firm-no-means-check-in-after-the-pause": Case(
        lambda: emailed_once().declined(day(3)),
        day(4),
        "4",
        ActionKind.CHECK_IN,
        day(3 + 180),
        "dont-take-no-for-an-answer",
    ),
    "4-checked-in-without-answer-means-line-13-at-keep-in-touch-every": Case(
        lambda: (
            Story()
            .met(T_MINUS(5), would_hire=True)
            .ready_to_email()
            .emailed(day(2))
            .declined(day(3))
            .emailed(day(190))
        ),
        day(191),
        "13",
        ActionKind.KEEP_IN_TOUCH,
        day(190 + 180),
        "build-relationships",
    ),
    "5-spotted-online-means-listen-until-watched-and-contributed": Case(
        lambda: Story().spotted(day(1)).ready_to_email(day(1)),
        day(2),
        "5",
        ActionKind.LISTEN,
        day(1),
        "monitor-online",
        group(watched=day(0)),
    ),
    "6-past-candidate-after-a-dormant-year-means-refresh-profile": Case(
        lambda: Story(at=day(0)).candidacy(day(-800), role="Data engineer"),
        day(1),
        "6",
        ActionKind.REFRESH_PROFILE,
        day(0),
        "use-your-contacts",
    ),
    "7-no-fresh-research-means-research": Case(
        lambda: Story(), day(1), "7", ActionKind.RESEARCH, day(0), "know-the-person"
    ),
    "7-research-from-before-the-last-round-is-not-fresh": Case(
        lambda: emailed_once(),
        day(2 + 365),
        "7",
        ActionKind.RESEARCH,
        day(2 + 365),
        "know-the-person",
    ),
    "8-researched-and-listened-means-a-networking-email": Case(
        lambda: Story().spotted(day(1)).ready_to_email(day(20)),
        day(21),
        "8",
        ActionKind.EMAIL,
        day(20),
        "email-before-calling",
        group(watched=day(0), contributed=(day(5),)),
    ),
    "9-unanswered-email-means-a-call-at-ten-three-business-days-later": Case(
        lambda: emailed_once(), day(3), "9", ActionKind.CALL, day(7, 10), "email-before-calling"
    ),
    "10-after-the-call-a-follow-up-email-five-business-days-after-the-last-touch": Case(
        lambda: emailed_once().called(day(7), outcome="no-answer"),
        day(8),
        "10",
        ActionKind.EMAIL,
        day(14),
        "email-before-calling",
    ),
    "11-in-conversation-without-motivation-means-ask-motivation": Case(
        lambda: in_conversation(),
        day(4),
        "11",
        ActionKind.ASK_MOTIVATION,
        day(3),
        "listen-to-motivations",
    ),
    "12-someone-you-would-hire-in-conversation-means-ask-referral": Case(
        lambda: (
            Story(skills=["Rust"])
            .met(day(0), would_hire=True)
            .ready_to_email()
            .emailed(day(2))
            .replied(day(3))
            .motivation(day(4))
        ),
        day(5),
        "12",
        ActionKind.ASK_REFERRAL,
        day(4),
        "skills-not-availability",
    ),
    "12-key-contributor-is-asked-again-after-referral-every": Case(
        lambda: (
            Story()
            .spotted(day(0), key_contributor=True)
            .ready_to_email(day(20))
            .emailed(day(21))
            .replied(day(22))
            .motivation(day(22))
            .asked_referral(day(23), skills=("rust",))
            .replied(day(200))
        ),
        day(23 + 181),
        "12",
        ActionKind.ASK_REFERRAL,
        day(23 + 180),
        "skills-not-availability",
        group(watched=day(0), contributed=(day(1),)),
    ),
    "13-someone-you-would-hire-is-kept-in-touch-every-60-days": Case(
        lambda: (
            Story(skills=["Rust"])
            .met(day(0), would_hire=True)
            .ready_to_email()
            .emailed(day(2))
            .replied(day(3))
            .motivation(day(4))
            .asked_referral(day(5), ("rust",))
        ),
        day(6),
        "13",
        ActionKind.KEEP_IN_TOUCH,
        day(65),
        "build-relationships",
    ),
    "13-anyone-else-in-conversation-is-kept-in-touch-every-180-days": Case(
        lambda: in_conversation().motivation(day(4)),
        day(5),
        "13",
        ActionKind.KEEP_IN_TOUCH,
        day(183),
        "build-relationships",
    ),
    "13-after-max-unanswered-touches": Case(
        lambda: (
            emailed_once().called(day(7), outcome="voicemail").emailed(day(14)).emailed(day(21))
        ),
        day(22),
        "13",
        ActionKind.KEEP_IN_TOUCH,
        day(201),
        "build-relationships",
    ),
}


def T_MINUS(days: int) -> datetime:  # noqa: N802 - reads as a moment, like T0
    return day(-days)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_policy_line(case: Case) -> None:
    action = case.story().decide(case.now, groups=case.groups)
    assert (action.line, action.kind, action.rule) == (case.line, case.kind, case.rule)
    assert action.due == case.due
    assert action.rule in RULES and set(action.rules) <= set(RULES)
    assert action.because == RULES[action.rule].because
    assert (action.priority is None) == (action.kind is None)


def test_an_erased_relationship_shows_no_personal_data() -> None:
    action = Story(email="ada@example.org").ready_to_email().erased(day(1)).decide(day(2))
    assert "Ada" not in action.text and "ada" not in action.text.lower()


def test_a_reply_between_firm_noes_keeps_the_relationship_open() -> None:
    story = emailed_once().declined(day(3)).replied(day(100)).emailed(day(190)).declined(day(191))
    assert story.decide(day(192)).line == "4"


def test_a_callback_agreed_before_any_email_waits_for_the_email_that_confirms_it() -> None:
    story = Story().ready_to_email().met(day(1), where="PyCon").busy(day(1), callback_at=day(9, 15))
    action = story.decide(day(2))
    assert (action.line, action.kind) == ("8", ActionKind.EMAIL)
    assert "confirm the call at Wed 12 Mar 2025 15:00 UTC" in action.text
    assert story.emailed(day(2)).decide(day(3)).kind == ActionKind.CALLBACK


def test_the_agreed_callback_is_shown_in_the_candidates_time_zone() -> None:
    story = Story(tz="America/New_York").ready_to_email().emailed(day(2))
    story.rescheduled(day(3), to=datetime(2025, 3, 11, 10, 0, tzinfo=NY))
    action = story.decide(day(4))
    assert "Tue 11 Mar 2025 10:00 EDT (America/New_York), as agreed" in action.text
    assert action.due is not None and action.due.utcoffset() == timedelta(hours=-4)


def test_a_call_after_the_agreed_time_ends_the_callback_and_the_busy_answer_leads() -> None:
    story = emailed_once().rescheduled(day(3), to=day(8, 15)).called(day(8, 15), "no-answer")
    action = story.decide(day(8, 16))
    assert (action.line, action.due) == ("3", day(10, 15))


def test_the_first_email_names_the_common_ground_where_you_met_and_the_earlier_candidacy() -> None:
    story = Story(at=day(0)).candidacy(day(-800), role="Data engineer").met(day(-20), "PyCon US")
    action = (
        story.profile(day(1), company="Engines Ltd")
        .researched(day(1), common_ground=("chess",))
        .decide(day(2))
    )
    assert action.line == "8"
    for words in ("Ada Lovelace", "chess", "PyCon US", "interviewed for Data engineer"):
        assert words in action.text
    assert action.rules[:3] == ("email-before-calling", "dont-sell", "lead-as-an-expert")
    assert {"use-your-contacts", "build-relationships"} <= set(action.rules)


def test_the_referral_ask_names_their_skills() -> None:
    action = CASES["12-someone-you-would-hire-in-conversation-means-ask-referral"]
    text = action.story().decide(action.now).text
    assert "who do you know with rust?" in text


def test_a_computed_call_stays_at_ten_in_new_york_across_the_march_switch() -> None:
    story = (
        Story(tz="America/New_York").ready_to_email().emailed(datetime(2025, 3, 6, 16, tzinfo=NY))
    )
    action = story.decide(datetime(2025, 3, 7, tzinfo=UTC))
    assert action.due == datetime(2025, 3, 11, 10, 0, tzinfo=NY)
    assert action.due is not None and action.due.astimezone(UTC).hour == 14


def test_a_computed_call_stays_at_ten_in_new_york_across_the_november_switch() -> None:
    story = Story(tz="America/New_York").ready_to_email()
    story.emailed(datetime(2025, 10, 30, 16, tzinfo=NY))
    action = story.decide(datetime(2025, 10, 31, tzinfo=UTC))
    assert action.due == datetime(2025, 11, 4, 10, 0, tzinfo=NY)
    assert action.due is not None and action.due.astimezone(UTC).hour == 15


def test_a_later_profile_time_zone_wins_over_the_one_given_when_added() -> None:
    story = Story(tz="Europe/Paris").ready_to_email().profile(day(1), tz="America/New_York")
    action = story.emailed(day(2)).decide(day(3))
    assert action.due == datetime(2025, 3, 10, 10, 0, tzinfo=NY)


def test_priority_ranks_by_kind_then_people_you_would_hire() -> None:
    hire = CASES["13-someone-you-would-hire-is-kept-in-touch-every-60-days"]
    action = hire.story().decide(hire.now)
    assert action.priority is not None
    assert action.priority.kind_rank == list(ActionKind).index(ActionKind.KEEP_IN_TOUCH)
    assert action.priority.would_hire and not action.priority.agreed
    callback = CASES["2-agreed-time-pending-means-callback-at-that-time"]
    assert callback.story().decide(callback.now).priority.agreed  # type: ignore[union-attr]


def test_evidence_names_the_events_that_led_to_the_action() -> None:
    action = emailed_once().decide(day(3))
    assert [(e.kind, e.version, e.by) for e in action.evidence] == [("emailed", 3, "sam")]


def test_group_activity_after_now_is_ignored() -> None:
    story = Story().spotted(day(1)).ready_to_email(day(1))
    groups = group(watched=day(0), contributed=(day(30),))
    assert story.decide(day(20), groups=groups).line == "5"
    assert story.decide(day(20), groups=groups).recheck_at == day(30)
    assert story.decide(day(30), groups=groups).line == "8"


def test_every_rule_quotes_the_seed_word_for_word() -> None:
    if not SEED.exists():
        pytest.skip(f"the seed text is not at {SEED}")
    seed = SEED.read_text(encoding="utf-8")
    for rule in RULES.values():
        if rule.category != "law":
            assert all(quote in seed for quote in rule.quotes), rule.id
    assert len(RULES) == 11


@pytest.mark.parametrize(
    ("figure", "story", "now", "changed"),
    [
        ("dormant_after", lambda: Story(at=day(0)).candidacy(day(-200)), day(1), 100),
        ("call_after_email", emailed_once, day(3), 1),
        ("follow_up_after", lambda: emailed_once().called(day(7), "no-answer"), day(8), 2),
        ("max_unanswered", lambda: emailed_once().called(day(7), "no-answer"), day(8), 2),
        ("busy_follow_up", lambda: busy_times(1), day(4), 4),
        ("max_busy", lambda: busy_times(2), day(11), 2),
        ("busy_back_off", lambda: busy_times(3), day(18), 10),
        ("firm_no_pause", lambda: emailed_once().declined(day(3)), day(4), 90),
        ("max_firm_no", lambda: emailed_once().declined(day(3)), day(4), 1),
        ("observe_for", lambda: Story().spotted(day(1)).ready_to_email(day(1)), day(8), 5),
        (
            "best_people_every",
            CASES["13-someone-you-would-hire-is-kept-in-touch-every-60-days"].story,
            day(6),
            30,
        ),
        ("keep_in_touch_every", lambda: in_conversation().motivation(day(4)), day(5), 90),
        (
            "referral_every",
            CASES["13-someone-you-would-hire-is-kept-in-touch-every-60-days"].story,
            day(100),
            90,
        ),
        (
            "holiday_country",
            lambda: Story().ready_to_email().emailed(datetime(2025, 7, 1, 9, tzinfo=UTC)),
            datetime(2025, 7, 2, tzinfo=UTC),
            "",
        ),
        ("recruiter_tz", emailed_once, day(3), "Asia/Tokyo"),
    ],
)
def test_every_figure_moves_a_due_time_or_a_threshold(
    figure: str, story: Callable[[], Story], now: datetime, changed: int | str
) -> None:
    groups = group(watched=day(0), contributed=(day(1),))
    before = story().decide(now, Playbook(), groups)
    after = story().decide(now, Playbook(**{figure: changed}), groups)
    assert (before.line, before.kind, before.due) != (after.line, after.kind, after.due)


def test_grace_moves_when_a_dropped_busy_answer_is_reported() -> None:
    story = busy_times(1)
    assert [v.kind for v in story.violations(day(14, 12))] == ["dropped-busy-answer"]
    assert story.violations(day(14, 12), Playbook(grace=6)) == []
