"""The answer for someone just added (``outreach.projections.policy.added``) is the whole
table's, every field, for every history of one ``added`` event: generated people (names, zones,
companies, skills, sources, versions, recruiters), settings and moments before, at and after
the event. And ``assess`` gives the whole table's answer for any other history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from outreach.domain.events import Added, Event, Researched
from outreach.domain.values import Source, relationship_id
from outreach.engine.view.writes import answer_json
from outreach.projections.model import GroupActivity, NextAction, Violation
from outreach.projections.policy import assess
from outreach.projections.policy.added import just_added
from outreach.projections.policy.answer import in_full
from outreach.projections.settings import Playbook

from .test_policy_properties import PLAYBOOKS, PROPERTY, Scenario, scenarios

T0 = datetime(2025, 3, 30, 0, 30, tzinfo=UTC)  # Europe's spring change that night
ZONES = (None, "UTC", "America/New_York", "Europe/Paris", "Asia/Kolkata", "Australia/Sydney")
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1)


@st.composite
def people_just_added(draw: Any) -> tuple[Added, Playbook, datetime]:
    """One ``added`` event as the CSV import and the CLI record it, settings, and a moment."""
    at = T0 + timedelta(minutes=draw(st.integers(-600 * 1440, 600 * 1440)))
    added = Added(
        originator_id=relationship_id("ada"),
        originator_version=draw(st.sampled_from((1, 1, 2, 7))),
        timestamp=at + timedelta(minutes=draw(st.integers(0, 5 * 1440))),
        occurred_at=at,
        by=draw(st.sampled_from(("sam", "jo", "Zoë"))),
        originator_topic="outreach.relationship:Relationship",
        handle="ada",
        name=draw(WORDS.filter(str.strip)),
        tz=draw(st.sampled_from(ZONES)),
        skills=tuple(draw(st.lists(st.sampled_from(("rust", "go", "sql")), max_size=3))),
        source=draw(st.none() | st.sampled_from(list(Source))),
        company=draw(st.none() | WORDS.filter(str.strip)),
        title=draw(st.none() | WORDS.filter(str.strip)),
    )
    zone = draw(st.sampled_from(("UTC", "America/New_York", "Asia/Tokyo")))
    countries = ("candidate", "", "US", "FR")
    settings = draw(st.sampled_from(PLAYBOOKS)).model_copy(
        update={"recruiter_tz": zone, "holiday_country": draw(st.sampled_from(countries))}
    )
    # Mostly after the event (as the catch-up asks), sometimes exactly at it or before it.
    later = st.integers(0, 800 * 1440).map(lambda m: at + timedelta(minutes=m))
    earlier = st.integers(1, 800 * 1440).map(lambda m: at - timedelta(minutes=m))
    now = draw(st.one_of(later, later, st.just(at), earlier))
    return added, settings, now


def in_json(answer: tuple[NextAction, list[Violation]]) -> dict[str, Any]:
    action, violations = answer
    return {
        "action": action.model_dump(mode="json"),
        "violations": [v.model_dump(mode="json") for v in violations],
    }


GROUPS = {
    "pydata slack": GroupActivity(
        name="PyData Slack", first_watched=T0, first_spotted=None, contributed_at=()
    )
}


@PROPERTY
@given(people_just_added(), st.sampled_from(({}, GROUPS)))
def test_someone_just_added_gets_the_whole_tables_answer(
    person: tuple[Added, Playbook, datetime], groups: dict[str, GroupActivity]
) -> None:
    added, settings, now = person
    quick = assess("ada", [added], groups, settings, now)
    full = in_full("ada", [added], groups, settings, now)
    assert quick == full
    assert in_json(quick) == in_json(full)
    # As the read models write it (the fields in their order), and which fields were given.
    assert answer_json(quick[0]) == answer_json(full[0])
    assert quick[0].model_fields_set == full[0].model_fields_set
    assert (just_added("ada", [added], settings, now) is not None) == (added.occurred_at <= now)


@PROPERTY
@given(scenarios())
def test_any_other_history_gets_the_whole_tables_answer(scenario: Scenario) -> None:
    for events in (scenario.events, scenario.events[1:2], scenario.events[:2]):
        args = ("ada", events, scenario.groups, scenario.playbook, scenario.now)
        assert in_json(assess(*args)) == in_json(in_full(*args))


def test_only_a_lone_added_event_takes_the_short_way() -> None:
    added = Added(
        originator_id=relationship_id("ada"),
        originator_version=1,
        timestamp=T0,
        occurred_at=T0,
        by="sam",
        originator_topic="outreach.relationship:Relationship",
        handle="ada",
        name="Ada Lovelace",
    )
    research: Event = Researched(
        originator_id=added.originator_id,
        originator_version=2,
        timestamp=T0,
        occurred_at=T0,
        by="sam",
    )
    settings, later = Playbook(), T0 + timedelta(days=1)
    assert just_added("ada", [added], settings, later) is not None
    assert just_added("ada", [added, research], settings, later) is None
    assert just_added("ada", [research], settings, later) is None
    assert just_added("ada", [added], settings, T0 - timedelta(seconds=1)) is None
