"""Every line of PLAYBOOK.md's "Next best action" table, pinned: the first line that applies wins.

T0 is Monday 3 March 2025, 09:00 UTC; ``day(n)`` is n days later (day(4) is a Friday).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from outreach.projections.model import ActionKind
from outreach.projections.rules import RULES
from outreach.projections.settings import Playbook

from .histories import (
    Story,
    busy_times,
    day,
    emailed_once,
    group,
    in_conversation,
    someone_to_hire,
)

K = ActionKind
NY = ZoneInfo("America/New_York")
SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_66f67502cbf892f2.txt"
PRIMARY = {
    "1": "respect-opt-out",
    "1b": "dont-take-no-for-an-answer",
    "2": "dont-take-no-for-an-answer",
    "3": "dont-take-no-for-an-answer",
    "4": "dont-take-no-for-an-answer",
    "5": "monitor-online",
    "6": "use-your-contacts",
    "7": "know-the-person",
    "8": "email-before-calling",
    "9": "email-before-calling",
    "10": "email-before-calling",
    "11": "listen-to-motivations",
    "12": "skills-not-availability",
    "13": "build-relationships",
}
LISTENED = group(watched=day(0), contributed=(day(5),))
Row = tuple[Callable[[], Story], datetime, str, K | None, datetime | None]

# story, now, line, kind, due
LINES: dict[str, Row] = {
    "1-opted-out-means-no-action-ever": (
        lambda: emailed_once().opted_out(day(3)),
        day(400),
        "1",
        None,
        None,
    ),
    "1-erased-means-no-action": (lambda: emailed_once().erased(day(3)), day(4), "1", None, None),
    "1b-two-firm-noes-close-the-relationship": (
        lambda: emailed_once().declined(day(3)).emailed(day(190)).declined(day(191)),
        day(192),
        "1b",
        None,
        None,
    ),
    "2-an-agreed-time-means-callback-at-that-time": (
        lambda: busy_times(0).busy(day(3), callback_at=day(8, 15)),
        day(4),
        "2",
        K.CALLBACK,
        day(8, 15),
    ),
    "2-a-rescheduled-call-means-callback-then": (
        lambda: emailed_once().rescheduled(day(3), to=day(9, 16)),
        day(4),
        "2",
        K.CALLBACK,
        day(9, 16),
    ),
    "3-busy-without-time-offers-a-time-two-business-days-later": (
        lambda: busy_times(1),
        day(3, 11),
        "3",
        K.OFFER_TIME,
        day(7, 10),
    ),
    "3-counts-from-the-later-of-the-answer-and-the-last-outbound-touch": (
        lambda: busy_times(1).emailed(day(7)),
        day(7, 12),
        "3",
        K.OFFER_TIME,
        day(9),
    ),
    "3-backs-off-thirty-days-after-three-busy-answers-in-a-row": (
        lambda: busy_times(3),
        day(18),
        "3",
        K.OFFER_TIME,
        day(17 + 30, 10),
    ),
    "3-a-reply-breaks-the-run-of-busy-answers": (
        lambda: busy_times(1).replied(day(5)).called(day(10)).busy(day(10, 10)).busy(day(17, 10)),
        day(18),
        "3",
        K.OFFER_TIME,
        day(21, 10),
    ),
    "3-switches-to-line-13-at-max-unanswered": (
        lambda: busy_times(1).emailed(day(7)).emailed(day(14)).emailed(day(21)).emailed(day(28)),
        day(29),
        "13",
        K.KEEP_IN_TOUCH,
        day(28 + 180),
    ),
    "4-firm-no-means-check-in-after-the-pause": (
        lambda: emailed_once().declined(day(3)),
        day(4),
        "4",
        K.CHECK_IN,
        day(3 + 180),
    ),
    "4-checked-in-unanswered-means-line-13-at-keep-in-touch-every-even-for-best-people": (
        lambda: someone_to_hire().declined(day(6)).emailed(day(190)),
        day(191),
        "13",
        K.KEEP_IN_TOUCH,
        day(190 + 180),
    ),
    "5-spotted-online-means-listen-until-watched-and-contributed": (
        lambda: Story().spotted(day(1)).ready_to_email(day(1)),
        day(2),
        "5",
        K.LISTEN,
        day(1),
    ),
    "6-past-candidate-after-a-dormant-year-means-refresh-profile": (
        lambda: Story().candidacy(day(-800), role="Data engineer"),
        day(1),
        "6",
        K.REFRESH_PROFILE,
        day(0),
    ),
    "7-no-fresh-research-means-research": (lambda: Story(), day(1), "7", K.RESEARCH, day(0)),
    "7-research-before-the-last-round-is-not-fresh": (
        emailed_once,
        day(2 + 365),
        "7",
        K.RESEARCH,
        day(2 + 365),
    ),
    "8-researched-and-listened-means-a-networking-email": (
        lambda: Story().spotted(day(1)).ready_to_email(day(20)),
        day(21),
        "8",
        K.EMAIL,
        day(20),
    ),
    "9-unanswered-email-means-a-call-at-ten-three-business-days-later": (
        emailed_once,
        day(3),
        "9",
        K.CALL,
        day(7, 10),
    ),
    "10-after-the-call-a-follow-up-five-business-days-after-the-last-touch": (
        lambda: emailed_once().called(day(7), "no-answer"),
        day(8),
        "10",
        K.EMAIL,
        day(14),
    ),
    "11-in-conversation-without-motivation-means-ask-motivation": (
        in_conversation,
        day(4),
        "11",
        K.ASK_MOTIVATION,
        day(3),
    ),
    "12-someone-you-would-hire-in-conversation-means-ask-referral": (
        lambda: in_conversation().met(day(3), would_hire=True).motivation(day(4)),
        day(5),
        "12",
        K.ASK_REFERRAL,
        day(4),
    ),
    "12-a-key-contributor-is-asked-again-after-referral-every": (
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
        K.ASK_REFERRAL,
        day(23 + 180),
    ),
    "13-someone-you-would-hire-is-kept-in-touch-every-60-days": (
        someone_to_hire,
        day(6),
        "13",
        K.KEEP_IN_TOUCH,
        day(5 + 60),
    ),
    "13-anyone-else-in-conversation-every-180-days": (
        lambda: in_conversation().motivation(day(4)),
        day(5),
        "13",
        K.KEEP_IN_TOUCH,
        day(183),
    ),
    "13-after-max-unanswered-touches": (
        lambda: emailed_once().called(day(7), "voicemail").emailed(day(14)).emailed(day(21)),
        day(22),
        "13",
        K.KEEP_IN_TOUCH,
        day(21 + 180),
    ),
}


@pytest.mark.parametrize(("story", "now", "line", "kind", "due"), LINES.values(), ids=LINES)
def test_policy_line(
    story: Callable[[], Story], now: datetime, line: str, kind: K | None, due: datetime | None
) -> None:
    action = story().decide(now, groups=LISTENED)
    assert (action.line, action.kind, action.due) == (line, kind, due)
    assert action.rule == PRIMARY[line] == action.rules[0]
    assert set(action.rules) <= set(RULES)
    # Playbook v2: the seed lines quoted fit the person ("because you've met" only if met).
    met = any(e.kind == "met" for e in story().decide(now, groups=LISTENED).evidence) or any(
        type(e).__name__ == "Met" for e in story().events
    )
    assert action.because == RULES[action.rule].because_for(met)
    assert (action.priority is None) == (action.kind is None) == (action.due is None)


def test_every_line_of_the_table_is_pinned() -> None:
    assert {row[2] for row in LINES.values()} == set(PRIMARY)


def test_an_erased_relationship_shows_no_personal_data() -> None:
    action = Story(email="ada@example.org").ready_to_email().erased(day(1)).decide(day(2))
    assert "Ada" not in action.text and "ada" not in action.text.lower()


def test_a_reply_between_firm_noes_keeps_the_relationship_open() -> None:
    story = emailed_once().declined(day(3)).replied(day(100)).emailed(day(190)).declined(day(191))
    assert story.decide(day(192)).line == "4"


def test_a_callback_agreed_before_any_email_is_honoured() -> None:
    # v2, change 1: the candidate agreed to it, so no email has to come first.
    story = Story().ready_to_email().met(day(1)).busy(day(1), callback_at=day(9, 15))
    action = story.decide(day(2))
    assert (action.line, action.kind, action.due) == ("2", K.CALLBACK, day(9, 15))
    assert "Call Ada Lovelace back at Wed 12 Mar 2025 15:00 UTC" in action.text
    assert story.called(day(9, 15)).violations(day(10)) == [
        v for v in story.violations(day(10)) if v.kind != "cold-call"
    ]


def test_the_agreed_callback_is_shown_in_the_candidates_time_zone() -> None:
    story = Story(tz="America/New_York").ready_to_email().emailed(day(2))
    story.rescheduled(day(3), to=datetime(2025, 3, 11, 10, 0, tzinfo=NY))
    action = story.decide(day(4))
    assert "Tue 11 Mar 2025 10:00 EDT (America/New_York), as agreed" in action.text
    assert action.due is not None and action.due.utcoffset() == timedelta(hours=-4)


def test_a_call_near_the_agreed_time_ends_the_callback_and_the_busy_answer_leads() -> None:
    story = emailed_once().rescheduled(day(3), to=day(8, 15)).called(day(8, 15), "no-answer")
    assert (story.decide(day(8, 16)).line, story.decide(day(8, 16)).due) == ("3", day(10, 15))


def test_the_first_email_names_the_common_ground_where_you_met_and_the_earlier_candidacy() -> None:
    story = Story().candidacy(day(-800), role="Data engineer").met(day(-20), "PyCon US")
    action = story.researched(day(1), common_ground=("chess",)).decide(day(2))
    assert action.line == "8"
    for words in ("Ada Lovelace", "chess", "PyCon US", "interviewed for Data engineer"):
        assert words in action.text
    assert action.rules[:3] == ("email-before-calling", "dont-sell", "lead-as-an-expert")
    assert {"use-your-contacts", "build-relationships"} <= set(action.rules)


def test_the_referral_ask_names_their_skills() -> None:
    story = Story(skills=["Rust", "WebAssembly"]).ready_to_email().emailed(day(2)).replied(day(3))
    text = story.met(day(3), would_hire=True).motivation(day(4)).decide(day(5)).text
    assert "who do you know with rust or webassembly?" in text


def test_the_motivation_ask_brings_up_a_career_move_on_record() -> None:
    story = in_conversation().career_move(day(3), "gap", "a year sailing")
    assert "ask about their gap (a year sailing)" in story.decide(day(4)).text


def test_priority_ranks_agreed_callbacks_then_kind_then_people_you_would_hire() -> None:
    action = someone_to_hire().decide(day(6))
    assert action.priority is not None
    assert action.priority.kind_rank == list(K).index(K.KEEP_IN_TOUCH)
    assert action.priority.would_hire and not action.priority.agreed
    callback = emailed_once().rescheduled(day(3), to=day(9, 16)).decide(day(4))
    assert callback.priority is not None and callback.priority.agreed


def test_evidence_names_the_events_that_led_to_the_action() -> None:
    action = emailed_once().decide(day(3))
    assert [(e.kind, e.version, e.by) for e in action.evidence] == [("emailed", 3, "sam")]


def test_group_activity_after_now_is_ignored_until_it_happens() -> None:
    story = Story().spotted(day(1)).ready_to_email(day(1))
    groups = group(watched=day(0), contributed=(day(30),))
    assert (
        story.decide(day(20), groups=groups).line,
        story.decide(day(30), groups=groups).line,
    ) == (
        "5",
        "8",
    )
    assert story.decide(day(20), groups=groups).recheck_at == day(30)


def test_recheck_at_is_when_the_round_goes_dormant() -> None:
    story = in_conversation().motivation(day(4)).emailed(day(4))  # the reply was answered
    # Long enough a grace that being left waiting (v2) comes after the round goes dormant.
    assert story.decide(day(5), Playbook(grace=200)).recheck_at == day(4 + 365)
    assert story.decide(day(5)).recheck_at == day(4 + 180 + 7)  # left waiting from then


def test_every_rule_quotes_the_seed_word_for_word() -> None:
    if not SEED.exists():
        pytest.skip(f"the seed text is not at {SEED}")
    seed = SEED.read_text(encoding="utf-8")
    for rule in RULES.values():
        assert rule.category == "law" or all(quote in seed for quote in rule.quotes), rule.id
    assert len(RULES) == 11 and set(PRIMARY.values()) < set(RULES)
