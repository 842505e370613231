"""The playbook settings: defaults, a team's TOML file, and clear errors for bad figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pydantic
import pytest
from outreach.projections.settings import Playbook, SettingsError, load_playbook

from .histories import (
    T0,
    Story,
    busy_times,
    day,
    emailed_once,
    group,
    in_conversation,
    someone_to_hire,
)

PLAYBOOK_FIGURES = {
    "dormant_after": 365,
    "call_after_email": 3,
    "follow_up_after": 5,
    "max_unanswered": 4,
    "busy_follow_up": 2,
    "max_busy": 3,
    "busy_back_off": 30,
    "firm_no_pause": 180,
    "max_firm_no": 2,
    "grace": 5,
    "observe_for": 14,
    "best_people_every": 60,
    "keep_in_touch_every": 180,
    "referral_every": 180,
    "holiday_country": "candidate",
    "recruiter_tz": "UTC",
}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "outreach.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_defaults_are_the_playbooks_figures() -> None:
    assert Playbook().model_dump() == PLAYBOOK_FIGURES
    assert load_playbook(None) == Playbook()


def test_a_team_file_overrides_some_figures_and_keeps_the_rest(tmp_path: Path) -> None:
    path = write(tmp_path, '[playbook]\ngrace = 3\nholiday_country = "GB"\n')
    playbook = load_playbook(path)
    assert (playbook.grace, playbook.holiday_country) == (3, "GB")
    assert playbook.max_busy == 3


def test_a_file_without_a_playbook_table_means_the_defaults(tmp_path: Path) -> None:
    assert load_playbook(write(tmp_path, '[store]\nurl = "memory://"\n')) == Playbook()


def test_weekends_only_is_an_empty_holiday_country(tmp_path: Path) -> None:
    assert (
        load_playbook(write(tmp_path, '[playbook]\nholiday_country = ""\n')).holiday_country == ""
    )


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"nowhere\.toml' does not exist"):
        load_playbook(tmp_path / "nowhere.toml")


def test_a_file_that_is_not_toml_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="is not valid TOML"):
        load_playbook(write(tmp_path, "[playbook\n"))


def test_an_unknown_key_is_named_with_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as error:
        load_playbook(write(tmp_path, "[playbook]\ngrace_days = 3\n"))
    assert "grace_days = 3 is not a playbook setting" in str(error.value)
    assert "known: dormant_after," in str(error.value)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('grace = "five"', "grace = 'five' is not valid"),
        ("max_busy = true", "max_busy = True is not valid"),
        ("follow_up_after = 2.5", "expected a whole number of business days"),
        ("max_unanswered = 0", "greater than or equal to 1"),
        ("observe_for = -1", "observe_for = -1 is not valid"),
        ('holiday_country = "XX"', "'XX' is not a country the holidays package knows"),
        ('recruiter_tz = "Mars/Olympus"', "'Mars/Olympus' is not a time zone"),
        ("playbook_x = 1\n[x]", "playbook_x = 1 is not a playbook setting"),
    ],
)
def test_a_bad_value_names_the_key_the_value_and_what_was_expected(
    tmp_path: Path, line: str, expected: str
) -> None:
    with pytest.raises(SettingsError, match=r"outreach\.toml") as error:
        load_playbook(write(tmp_path, f"[playbook]\n{line}\n"))
    assert expected in str(error.value)


def test_playbook_must_be_a_table(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="'playbook' must be a table"):
        load_playbook(write(tmp_path, "playbook = 3\n"))


def test_settings_cannot_change_once_made() -> None:
    with pytest.raises(pydantic.ValidationError):
        Playbook().grace = 1  # type: ignore[misc]


def test_describe_gives_every_figure_with_its_unit_and_meaning() -> None:
    rows = {row.key: row for row in Playbook(call_after_email=2).describe()}
    assert list(rows) == list(PLAYBOOK_FIGURES)
    assert rows["call_after_email"].value == 2
    assert rows["call_after_email"].unit == "business days"
    assert rows["busy_back_off"].unit == "days"
    assert all(row.meaning for row in rows.values())


def no_answer() -> Story:
    return emailed_once().called(day(7), "no-answer")


def firm_no() -> Story:
    return emailed_once().declined(day(3))


def spotted_once() -> Story:
    return Story().spotted(day(1)).ready_to_email(day(1))


def talking() -> Story:
    return in_conversation().motivation(day(4))


def july_email() -> Story:
    # Tuesday 1 July 2025, before Independence Day
    return Story().ready_to_email().emailed(datetime(2025, 7, 1, 9, tzinfo=UTC))


JULY_2 = datetime(2025, 7, 2, tzinfo=UTC)
JULY_4 = datetime(2025, 7, 4, 10, tzinfo=UTC)
JULY_7 = datetime(2025, 7, 7, 10, tzinfo=UTC)

# figure, story, now, changed value, (line, due) before and after the change
FIGURES: list[tuple[str, Callable[[], Story], datetime, Any, tuple[Any, ...], tuple[Any, ...]]] = [
    ("dormant_after", lambda: Story().candidacy(day(-200)), day(1), 100, ("7", T0), ("6", T0)),
    ("call_after_email", emailed_once, day(3), 1, ("9", day(7, 10)), ("9", day(3, 10))),
    ("follow_up_after", no_answer, day(8), 2, ("10", day(14)), ("10", day(9))),
    ("max_unanswered", no_answer, day(8), 2, ("10", day(14)), ("13", day(7 + 180))),
    ("busy_follow_up", lambda: busy_times(1), day(4), 4, ("3", day(7, 10)), ("3", day(9, 10))),
    ("max_busy", lambda: busy_times(2), day(11), 2, ("3", day(14, 10)), ("3", day(40, 10))),
    ("busy_back_off", lambda: busy_times(3), day(18), 10, ("3", day(47, 10)), ("3", day(27, 10))),
    ("firm_no_pause", firm_no, day(4), 90, ("4", day(183)), ("4", day(93))),
    ("max_firm_no", firm_no, day(4), 1, ("4", day(183)), ("1b", None)),
    ("observe_for", spotted_once, day(8), 5, ("5", day(1)), ("8", day(5))),
    ("best_people_every", someone_to_hire, day(6), 30, ("13", day(65)), ("13", day(35))),
    ("keep_in_touch_every", talking, day(5), 90, ("13", day(183)), ("13", day(93))),
    ("referral_every", someone_to_hire, day(100), 90, ("13", day(65)), ("12", day(95))),
    # v2: the candidate's own country by default (no zone on record: the recruiter's, UTC,
    # which names no country: weekends only); "US" skips the 4th of July.
    ("holiday_country", july_email, JULY_2, "US", ("9", JULY_4), ("9", JULY_7)),
    ("recruiter_tz", emailed_once, day(3), "Asia/Tokyo", ("9", day(7, 10)), ("9", day(7, 1))),
]


@pytest.mark.parametrize(
    ("figure", "story", "now", "value", "before", "after"), FIGURES, ids=[f[0] for f in FIGURES]
)
def test_every_figure_moves_a_due_time_or_a_threshold(
    figure: str,
    story: Callable[[], Story],
    now: datetime,
    value: Any,
    before: tuple[Any, ...],
    after: tuple[Any, ...],
) -> None:
    groups = group(watched=day(0), contributed=(day(1),))
    default = story().decide(now, Playbook(), groups)
    changed = story().decide(now, Playbook.model_validate({figure: value}), groups)
    assert (default.line, default.due) == before
    assert (changed.line, changed.due) == after


def test_grace_moves_when_a_dropped_busy_answer_is_reported() -> None:
    story = busy_times(1)  # busy on Thursday day 3: offer due Monday day 7, + 5 business days
    assert [v.kind for v in story.violations(day(14, 10))] == ["dropped-busy-answer"]
    assert story.violations(day(14, 10), Playbook(grace=6)) == []
    assert story.violations(day(14, 10) - timedelta(seconds=1)) == []
