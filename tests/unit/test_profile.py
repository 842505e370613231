"""A relationship's row facts (``projections.state.profile``) for someone just added, worked
out without the walk over the history, are the walk's: every field, for generated people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from outreach.domain.events import Added, Researched
from outreach.domain.values import relationship_id
from outreach.projections.state import merge, profile, profile_walked

T0 = datetime(2025, 3, 30, 0, 30, tzinfo=UTC)
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1)
SKILLS = st.lists(st.sampled_from(("rust", "go", "sql", "Rust")), max_size=5)


def added(name: str = "Ada", skills: tuple[str, ...] = (), by: str = "sam") -> Added:
    return Added(
        originator_id=relationship_id("ada"),
        originator_version=1,
        timestamp=T0,
        occurred_at=T0,
        by=by,
        originator_topic="outreach.relationship:Relationship",
        handle="ada",
        name=name,
        skills=skills,
    )


@given(WORDS.filter(str.strip), SKILLS, st.sampled_from(("sam", "jo", "Zoë")))
def test_someone_just_added_has_the_walks_facts(name: str, skills: list[str], by: str) -> None:
    event = added(name, tuple(skills), by)
    assert profile([event]) == profile_walked([event])


def test_a_longer_history_is_walked() -> None:
    research = Researched(
        originator_id=relationship_id("ada"),
        originator_version=2,
        timestamp=T0 + timedelta(days=1),
        occurred_at=T0 + timedelta(days=1),
        by="jo",
    )
    assert profile([added(), research])["recruiter_names"] == ["jo", "sam"]


def test_new_events_are_merged_in_order_once_each() -> None:
    first = added()
    second = Researched(
        originator_id=first.originator_id,
        originator_version=2,
        timestamp=T0,
        occurred_at=T0,
        by="sam",
    )
    assert merge([], [first, second]) == [first, second]
    assert merge([], [second, first]) == [first, second]
    assert merge([], [first, first, second]) == [first, second]
    assert merge([first], [first, second]) == [first, second]
