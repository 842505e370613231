"""Retracted and snoozed (PLAYBOOK.md, Words): the hard rules on recording them, and what they
mean for the next action, the violations and the read model's recheck time."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from outreach.domain import CannotRetract, InvalidInput, Relationship
from outreach.domain.corrections import in_effect, withdrawn
from outreach.domain.events import Emailed, Event, OptedOut, Retracted, Snoozed
from outreach.projections.model import ActionKind
from outreach.projections.state import profile

from .histories import Story, day, emailed_once, someone_to_hire

K = ActionKind


def envelope(n: float) -> dict[str, Any]:
    return {"occurred_at": day(n), "timestamp": day(n), "by": "sam"}


def ada() -> Relationship:
    relationship = Relationship.add("ada", name="Ada Lovelace", **envelope(0))
    relationship.record(Emailed, **envelope(1))  # version 2
    relationship.record(OptedOut, **envelope(2))  # version 3
    return relationship


@pytest.mark.parametrize(
    ("version", "why"),
    [
        (1, "'added' cannot be retracted"),
        (3, "'opted-out' cannot be retracted"),
        (7, "there is no such event (1 to 3)"),
    ],
)
def test_founding_final_and_unknown_events_cannot_be_retracted(version: int, why: str) -> None:
    relationship = ada()
    with pytest.raises(CannotRetract, match=re.escape(why)):
        relationship.record(Retracted, retracted_version=version, **envelope(3))
    assert relationship.version == 3  # nothing written


def test_a_retraction_and_an_event_retracted_already_cannot_be_retracted() -> None:
    relationship = ada()
    relationship.record(Retracted, retracted_version=2, reason="wrong person", **envelope(3))
    with pytest.raises(CannotRetract, match="retracted already"):
        relationship.record(Retracted, retracted_version=2, **envelope(4))
    with pytest.raises(CannotRetract, match="'retracted' cannot be retracted"):
        relationship.record(Retracted, retracted_version=4, **envelope(4))
    assert relationship.version == 4


def test_a_snooze_must_last_until_after_it_was_recorded() -> None:
    relationship = ada()
    with pytest.raises(InvalidInput, match="until: a snooze lasts until a later time"):
        relationship.record(Snoozed, until=day(2), **envelope(3))
    assert relationship.version == 3


def test_in_effect_leaves_out_retractions_and_what_they_withdrew() -> None:
    story = emailed_once().replied(day(3)).retracted(day(4), 4, "it was someone else")
    kept: list[Event] = in_effect(story.events)
    assert [e.KIND for e in kept] == ["added", "researched", "emailed"]
    assert withdrawn(story.events)[4].reason == "it was someone else"


def test_a_retracted_reply_is_as_if_never_recorded() -> None:
    story = emailed_once().replied(day(3))
    retracted = emailed_once().replied(day(3)).retracted(day(4), 4)
    without = emailed_once()
    assert story.decide(day(5)).line == "11"
    for now in (day(5), day(20)):
        got, expected = retracted.decide(now), without.decide(now)
        assert got.model_dump(exclude={"evidence"}) == expected.model_dump(exclude={"evidence"})


def test_a_retracted_cold_call_is_no_longer_a_violation() -> None:
    story = Story().ready_to_email().called(day(1), "no-answer")
    assert [v.kind for v in story.violations(day(2))] == ["cold-call"]
    assert story.retracted(day(2), 3, "logged on the wrong person").violations(day(3)) == []


def test_retracted_skills_are_not_their_skills() -> None:
    story = Story(skills=["rust"]).profile(day(1), skills=("cobol",)).retracted(day(2), 2)
    assert profile(story.events)["skills"] == ["rust"]


def test_until_the_snooze_ends_the_action_is_due_no_earlier_than_then() -> None:
    story = emailed_once().snoozed(day(3), until=day(30), reason="on holiday")
    action = story.decide(day(10))
    assert (action.line, action.kind, action.due) == ("9", K.CALL, day(30))
    assert action.snoozed_until == day(30)
    assert "snoozed" in [e.kind for e in action.evidence]
    assert action.recheck_at is not None and action.recheck_at <= day(30)


def test_once_the_snooze_has_ended_the_action_is_due_as_before() -> None:
    story = emailed_once().snoozed(day(3), until=day(30))
    unsnoozed = emailed_once().decide(day(31))
    action = story.decide(day(31))
    assert (action.due, action.snoozed_until) == (unsnoozed.due, None)


def test_any_touch_after_the_snooze_ends_it() -> None:
    story = emailed_once().snoozed(day(3), until=day(60)).replied(day(5))
    action = story.decide(day(6))
    assert (action.line, action.snoozed_until) == ("11", None)
    assert action.due == day(5)


def test_a_snooze_never_moves_a_due_time_earlier() -> None:
    action = someone_to_hire().snoozed(day(6), until=day(8)).decide(day(7))
    assert action.kind == K.KEEP_IN_TOUCH
    assert action.due == day(5 + 60) and action.snoozed_until is None


def test_an_agreed_callback_is_never_snoozed() -> None:
    story = emailed_once().rescheduled(day(3), to=day(9, 15)).snoozed(day(4), until=day(40))
    action = story.decide(day(5))
    assert (action.kind, action.due, action.snoozed_until) == (K.CALLBACK, day(9, 15), None)


def test_the_read_model_rechecks_when_the_snooze_ends() -> None:
    story = Story().ready_to_email().snoozed(day(1), until=day(20) + timedelta(hours=3))
    action = story.decide(day(2))
    assert action.recheck_at == day(20) + timedelta(hours=3)


def test_a_snooze_can_be_retracted() -> None:
    story = emailed_once().snoozed(day(3), until=day(30)).retracted(day(4), 4)
    assert story.decide(day(10)).snoozed_until is None


def test_no_event_class_is_subclassed() -> None:
    # The projections tell recorded events apart by their exact class (type(e) is Retracted),
    # several times faster than isinstance against a pydantic model: a subclass would be missed.
    def below(cls: type[Event]) -> list[type[Event]]:
        return [c for sub in cls.__subclasses__() for c in (sub, *below(sub))]

    recorded = [c for c in below(Event) if c.__dict__.get("TOPIC")]  # not the shared bases
    assert Retracted in recorded and OptedOut in recorded
    assert [c for c in recorded if c.__subclasses__()] == []
