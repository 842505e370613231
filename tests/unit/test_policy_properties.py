"""Properties of the policy over random histories of every event kind (hypothesis)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from outreach.domain.events import (
    Added,
    Called,
    CareerMoveNoted,
    ConnectionOffered,
    DeclinedBusy,
    DeclinedFirmly,
    Emailed,
    Erased,
    Event,
    Met,
    MotivationNoted,
    OpportunityPresented,
    OptedOut,
    PastCandidacy,
    ProfileUpdated,
    ReferralAsked,
    ReferralReceived,
    Replied,
    Rescheduled,
    Researched,
    SpottedOnline,
)
from outreach.domain.values import relationship_id
from outreach.projections.history import build_history
from outreach.projections.model import ActionKind, GroupActivity, NextAction, Violation
from outreach.projections.policy import assess, decide, find_violations
from outreach.projections.rules import RULES
from outreach.projections.settings import Playbook

from .histories import T0, group

RECORDED = T0 + timedelta(days=2000)  # every event was recorded after it happened
GROUPS = ("PyData Slack", "Rust forum")
ZONES = (None, "America/New_York", "Europe/Paris", "Asia/Kolkata")
PLAYBOOKS = (
    Playbook(),
    Playbook(holiday_country="", recruiter_tz="America/New_York", max_busy=1, observe_for=0),
    Playbook(dormant_after=30, keep_in_touch_every=20, max_unanswered=2, max_firm_no=1),
)
SIMPLE: dict[str, tuple[type[Event], dict[str, Any]]] = {
    "replied": (Replied, {}),
    "declined": (DeclinedFirmly, {}),
    "connection": (ConnectionOffered, {}),
    "presented": (OpportunityPresented, {"role": "Staff engineer"}),
    "opted-out": (OptedOut, {}),
    "erased": (Erased, {}),
    "referral-received": (ReferralReceived, {"who": "grace"}),
}
OUTBOUND = {"emailed", "called", "connection", "presented", "referral-asked"}


def fields_for(kind: str, at: datetime, draw: Any) -> tuple[type[Event], dict[str, Any]]:
    later = at + timedelta(hours=draw(st.integers(1, 24 * 20)))
    match kind:
        case "emailed":
            intents = (
                "networking",
                "follow-up",
                "connection-offer",
                "opportunity",
                "recruiter-intro",
            )
            topic = draw(st.sampled_from((None, "compilers")))
            return Emailed, {"intent": draw(st.sampled_from(intents)), "topic": topic}
        case "called":
            outcome = draw(st.sampled_from(("connected", "voicemail", "no-answer")))
            return Called, {"outcome": outcome}
        case "busy":
            return DeclinedBusy, {"callback_at": draw(st.sampled_from((None, later)))}
        case "rescheduled":
            return Rescheduled, {"to": later}
        case "met":
            return Met, {"where": "PyCon", "would_hire": draw(st.booleans())}
        case "spotted":
            key = draw(st.booleans())
            return SpottedOnline, {"group": draw(st.sampled_from(GROUPS)), "key_contributor": key}
        case "researched":
            return Researched, {"common_ground": draw(st.sampled_from(((), ("chess",))))}
        case "profile":
            return ProfileUpdated, {"tz": draw(st.sampled_from(ZONES)), "skills": ("rust",)}
        case "candidacy":
            return PastCandidacy, {"kind": draw(st.sampled_from(("placed", "applied")))}
        case "motivation":
            return MotivationNoted, {"kind": "growth"}
        case "career":
            return CareerMoveNoted, {"kind": "gap"}
        case "referral-asked":
            return ReferralAsked, {"skills": draw(st.sampled_from(((), ("rust",))))}
    return SIMPLE[kind]


KINDS = sorted(
    {
        *SIMPLE,
        "emailed",
        "called",
        "busy",
        "rescheduled",
        "met",
        "spotted",
        "researched",
        "profile",
        "candidacy",
        "motivation",
        "career",
        "referral-asked",
    }
)
# Conversations are mostly emails, calls and replies; opt-outs and erasures are rare.
WEIGHTED = [k for k in KINDS if k not in ("opted-out", "erased")] + [
    "emailed",
    "emailed",
    "called",
    "replied",
    "replied",
    "met",
    "motivation",
]


@dataclass
class Scenario:
    events: list[Event]
    groups: dict[str, GroupActivity]
    playbook: Playbook
    now: datetime

    def decide(self, now: datetime | None = None) -> NextAction:
        return decide("ada", self.events, self.groups, self.playbook, now or self.now)

    def violations(self, now: datetime | None = None) -> list[Violation]:
        return find_violations("ada", self.events, self.groups, self.playbook, now or self.now)


@st.composite
def scenarios(draw: Any) -> Scenario:
    # Distinct minutes, so that the order of what happened is the same however it was recorded.
    span = draw(st.sampled_from((40, 400, 1100))) * 1440  # weeks of outreach, or years
    minutes = draw(st.lists(st.integers(-span // 5, span), unique=True, max_size=24))
    told: list[tuple[datetime, type[Event], dict[str, Any]]] = []
    if draw(st.booleans()):  # most recruiters research first: reach the later lines often
        minutes = [m for m in minutes if m != 0]
        told.append((T0, Researched, {"common_ground": ("chess",)}))
    for minute in minutes:
        at = T0 + timedelta(minutes=minute)
        kind = draw(st.sampled_from(KINDS if draw(st.integers(0, 9)) == 0 else WEIGHTED))
        told.append((at, *fields_for(kind, at, draw)))
    # The domain refuses outbound touches at or after an opt-out and anything after erasure.
    stops = [at for at, cls, _ in told if cls in (OptedOut, Erased)]
    if stops:
        told = [t for t in told if not (t[1].__name__.lower() in OUTBOUND and t[0] >= min(stops))]
        told = [
            t
            for t in told
            if not (
                t[1] is not Erased and t[0] > min(stops) and any(c is Erased for _, c, _ in told)
            )
        ]
    order = draw(st.permutations(range(len(told))))
    added = Added(
        originator_id=relationship_id("ada"),
        originator_version=1,
        timestamp=RECORDED,
        occurred_at=T0,
        by="sam",
        originator_topic="outreach.relationship:Relationship",
        handle="ada",
        name="Ada Lovelace",
        tz=draw(st.sampled_from(ZONES)),
        skills=("rust",),
    )
    events: list[Event] = [added]
    for version, k in enumerate(order, start=2):
        at, cls, fields = told[k]
        events.append(
            cls(
                originator_id=added.originator_id,
                originator_version=version,
                timestamp=RECORDED,
                occurred_at=at,
                by="sam",
                **fields,
            )
        )
    groups: dict[str, GroupActivity] = {}
    for name in GROUPS:
        days = st.integers(-60, 400).map(lambda d: T0 + timedelta(days=d))
        groups |= group(
            name,
            draw(st.none() | days),
            draw(st.none() | days),
            tuple(draw(st.lists(days, max_size=2))),
        )
    now = T0 + timedelta(minutes=draw(st.integers(-span // 100, span + span // 4)))
    return Scenario(events, groups, draw(st.sampled_from(PLAYBOOKS)), now)


def reshuffled(scenario: Scenario, order: list[int]) -> Scenario:
    """The same history recorded in another order: only the versions differ."""
    rest = scenario.events[1:]
    events = [scenario.events[0]] + [
        rest[k].model_copy(update={"originator_version": v}) for v, k in enumerate(order, 2)
    ]
    return Scenario(events, scenario.groups, scenario.playbook, scenario.now)


def essence(action: NextAction) -> tuple[Any, ...]:
    return action.kind, action.due, action.rule, action.line


def report(found: list[Violation]) -> list[tuple[Any, ...]]:
    return [(v.kind, v.rule, v.occurred_at) for v in found]


# A longer hunt on demand: OUTREACH_EXAMPLES=5000 pytest tests/unit/test_policy_properties.py
EXAMPLES = int(os.environ.get("OUTREACH_EXAMPLES", "300"))
PROPERTY = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY
@given(scenarios())
def test_there_is_exactly_one_action_or_a_reason_for_every_history(scenario: Scenario) -> None:
    action = scenario.decide()
    assert action.text and action.rule in RULES and action.rules[0] == action.rule
    if action.kind is None:
        assert action.line in ("1", "1b") and action.due is None and action.priority is None
    else:
        assert action.due is not None and action.due.utcoffset() is not None
        assert action.priority is not None
    assert action.recheck_at is None or action.recheck_at > scenario.now


@PROPERTY
@given(scenarios())
def test_never_an_action_after_an_opt_out(scenario: Scenario) -> None:
    opted = any(isinstance(e, OptedOut) and e.occurred_at <= scenario.now for e in scenario.events)
    if opted:
        assert scenario.decide().kind is None


@PROPERTY
@given(scenarios())
def test_never_a_call_as_the_first_outbound_touch_of_a_round(scenario: Scenario) -> None:
    # v2: a callback at a time the candidate agreed is not a cold call, email or not.
    action = scenario.decide()
    if action.kind == ActionKind.CALL:
        h = build_history("ada", scenario.events, scenario.groups, scenario.playbook, scenario.now)
        assert h.current.first_outbound is not None


@PROPERTY
@given(scenarios(), st.randoms())
def test_the_answer_does_not_depend_on_the_order_events_were_recorded(
    scenario: Scenario, random: Any
) -> None:
    order = list(range(len(scenario.events) - 1))
    random.shuffle(order)
    other = reshuffled(scenario, order)
    assert essence(other.decide()) == essence(scenario.decide())
    assert report(other.violations()) == report(scenario.violations())


@PROPERTY
@given(scenarios(), st.floats(0, 1, exclude_max=True))
def test_recheck_at_is_honest(scenario: Scenario, fraction: float) -> None:
    action = scenario.decide()
    until = action.recheck_at or scenario.now + timedelta(days=1500)
    span = (until - scenario.now) // timedelta(microseconds=1)
    later = scenario.now + timedelta(microseconds=min(int(span * fraction), span - 1))
    assert essence(scenario.decide(later)) == essence(action)
    assert report(scenario.violations(later)) == report(scenario.violations())


@PROPERTY
@given(scenarios())
def test_group_activity_after_now_changes_nothing(scenario: Scenario) -> None:
    before = {
        key: GroupActivity(
            name=g.name,
            first_watched=g.first_watched
            if g.first_watched and g.first_watched <= scenario.now
            else None,
            first_spotted=g.first_spotted
            if g.first_spotted and g.first_spotted <= scenario.now
            else None,
            contributed_at=tuple(t for t in g.contributed_at if t <= scenario.now),
        )
        for key, g in scenario.groups.items()
    }
    trimmed = Scenario(scenario.events, before, scenario.playbook, scenario.now)
    assert essence(trimmed.decide()) == essence(scenario.decide())
    assert report(trimmed.violations()) == report(scenario.violations())


def test_a_hundred_event_history_is_decided_quickly() -> None:
    # Not a benchmark: a guard against an accidental quadratic blow-up.
    base = T0
    events: list[Event] = [
        Added(
            originator_id=relationship_id("ada"),
            originator_version=1,
            timestamp=RECORDED,
            occurred_at=base,
            by="sam",
            originator_topic="outreach.relationship:Relationship",
            handle="ada",
            name="Ada Lovelace",
        )
    ]
    for k in range(2, 102):
        cls: type[Event] = Emailed if k % 2 else Replied
        events.append(
            cls(
                originator_id=events[0].originator_id,
                originator_version=k,
                timestamp=RECORDED,
                occurred_at=base + timedelta(days=k),
                by="sam",
            )
        )
    started = datetime.now(UTC)
    for _ in range(20):
        decide("ada", events, {}, Playbook(), base + timedelta(days=200))
        find_violations("ada", events, {}, Playbook(), base + timedelta(days=200))
    assert datetime.now(UTC) - started < timedelta(seconds=2)


@PROPERTY
@given(scenarios())
def test_assess_answers_as_decide_and_find_violations_do(scenario: Scenario) -> None:
    action, found = assess("ada", scenario.events, scenario.groups, scenario.playbook, scenario.now)
    assert action == scenario.decide() and found == scenario.violations()
