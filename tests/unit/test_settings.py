"""The playbook settings: defaults, a team's TOML file, and clear errors for bad figures."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest
from outreach.projections.settings import Playbook, SettingsError, load_playbook

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
    "holiday_country": "US",
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
