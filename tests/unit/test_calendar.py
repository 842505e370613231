"""Business days on the candidate's wall clock: weekends, holidays, daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from outreach.projections.calendar import (
    add_business_days,
    add_days,
    at_ten,
    business_call,
    holiday_dates,
    is_business_day,
    local_time,
    localise,
    real,
)
from outreach.projections.settings import Playbook

from .histories import Story, day, emailed_once

NY = ZoneInfo("America/New_York")
PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("start", "n", "country", "expected"),
    [
        (datetime(2025, 3, 7, 15, 0, tzinfo=UTC), 1, "US", datetime(2025, 3, 10, 15, 0)),
        (datetime(2025, 3, 5, 15, 0, tzinfo=UTC), 3, "US", datetime(2025, 3, 10, 15, 0)),
        (datetime(2025, 3, 8, 11, 0, tzinfo=UTC), 1, "US", datetime(2025, 3, 10, 11, 0)),
        (datetime(2025, 7, 3, 9, 0, tzinfo=UTC), 1, "US", datetime(2025, 7, 7, 9, 0)),
        (datetime(2025, 7, 3, 9, 0, tzinfo=UTC), 1, "", datetime(2025, 7, 4, 9, 0)),
        (datetime(2025, 12, 24, 9, 0, tzinfo=UTC), 1, "GB", datetime(2025, 12, 29, 9, 0)),
        (datetime(2025, 3, 7, 15, 0, tzinfo=UTC), 0, "US", datetime(2025, 3, 7, 15, 0)),
    ],
    ids=[
        "friday-plus-one-is-monday",
        "wednesday-plus-three-skips-the-weekend",
        "saturday-plus-one-is-monday",
        "independence-day-is-skipped",
        "no-country-means-weekends-only",
        "christmas-and-boxing-day-are-skipped-in-gb",
        "zero-days-is-the-start",
    ],
)
def test_business_days_skip_weekends_and_the_countrys_holidays(
    start: datetime, n: int, country: str, expected: datetime
) -> None:
    assert add_business_days(start, n, country, ZoneInfo("UTC")) == expected.replace(tzinfo=UTC)


def test_business_days_are_counted_on_the_candidates_wall_clock() -> None:
    # Friday 23:30 in New York is already Saturday in UTC; counted in New York, one business
    # day later is Monday evening there.
    friday_night = datetime(2025, 3, 7, 23, 30, tzinfo=NY)
    later = add_business_days(friday_night.astimezone(UTC), 1, "US", NY)
    assert later == datetime(2025, 3, 10, 23, 30, tzinfo=NY)


@pytest.mark.parametrize(
    ("start", "expected_utc_hour"),
    [
        (datetime(2025, 3, 7, 15, 0, tzinfo=NY), 19),  # EST before, EDT after 9 March
        (datetime(2025, 10, 31, 15, 0, tzinfo=NY), 20),  # EDT before, EST after 2 November
    ],
    ids=["march-switch", "november-switch"],
)
def test_the_local_time_of_day_survives_a_daylight_saving_change(
    start: datetime, expected_utc_hour: int
) -> None:
    later = add_business_days(start.astimezone(UTC), 1, "US", NY)
    assert (later.astimezone(NY).hour, later.astimezone(NY).weekday()) == (15, 0)
    assert later.astimezone(UTC).hour == expected_utc_hour


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        (datetime(2025, 3, 6, 16, 0, tzinfo=NY), datetime(2025, 3, 11, 14, 0, tzinfo=UTC)),
        (datetime(2025, 10, 30, 16, 0, tzinfo=NY), datetime(2025, 11, 4, 15, 0, tzinfo=UTC)),
    ],
    ids=["march-switch", "november-switch"],
)
def test_a_computed_call_stays_at_ten_local_across_a_daylight_saving_change(
    email: datetime, expected: datetime
) -> None:
    call = business_call(email, 3, "US", NY)
    assert call == expected
    assert call.astimezone(NY).hour == 10


def test_at_ten_takes_the_local_date_of_an_aware_moment() -> None:
    # 03:00 UTC on 10 March is still 9 March in New York.
    assert at_ten(datetime(2025, 3, 10, 3, 0, tzinfo=UTC), NY) == datetime(
        2025, 3, 9, 10, 0, tzinfo=NY
    )
    assert at_ten(date(2025, 3, 9), PARIS).utcoffset() == PARIS.utcoffset(datetime(2025, 3, 9))


def test_a_wall_time_skipped_by_spring_forward_moves_on_by_the_change() -> None:
    skipped = localise(datetime(2025, 3, 9, 2, 30), NY)
    assert (skipped.hour, skipped.minute, skipped.tzname()) == (3, 30, "EDT")


def test_holidays_are_known_per_country_and_cached() -> None:
    assert date(2025, 7, 4) in holiday_dates("US", 2025)
    assert date(2025, 7, 4) not in holiday_dates("FR", 2025)
    before = holiday_dates.cache_info().hits
    holiday_dates("US", 2025)
    assert holiday_dates.cache_info().hits == before + 1
    assert not is_business_day(date(2025, 7, 4), "US")
    assert is_business_day(date(2025, 7, 4), "")


def test_local_time_names_the_zone_the_candidate_reads_it_in() -> None:
    moment = datetime(2025, 3, 11, 14, 0, tzinfo=UTC)
    assert local_time(moment, NY) == "Tue 11 Mar 2025 10:00 EDT (America/New_York)"


@pytest.mark.parametrize(
    ("email", "call"),
    [
        (datetime(2025, 3, 6, 16, 0, tzinfo=NY), datetime(2025, 3, 11, 10, 0, tzinfo=NY)),
        (datetime(2025, 10, 30, 16, 0, tzinfo=NY), datetime(2025, 11, 4, 10, 0, tzinfo=NY)),
    ],
    ids=["march-switch", "november-switch"],
)
def test_the_policys_call_to_a_new_yorker_stays_at_ten_local_across_the_switch(
    email: datetime, call: datetime
) -> None:
    story = Story(tz="America/New_York").ready_to_email().emailed(email)
    action = story.decide(email + timedelta(days=1))
    assert (action.line, action.due) == ("9", call)
    assert action.due is not None and action.due.astimezone(NY).hour == 10
    assert "10:00 their time (America/New_York)" in action.text


def test_a_later_profile_time_zone_wins_over_the_one_given_when_added() -> None:
    story = Story(tz="Europe/Paris").ready_to_email().profile(day(1), tz="America/New_York")
    action = story.emailed(day(2)).decide(day(3))
    assert action.due == datetime(2025, 3, 10, 10, 0, tzinfo=NY)


def test_someone_with_no_time_zone_is_called_at_ten_where_the_recruiter_is() -> None:
    action = emailed_once().decide(day(3), Playbook(recruiter_tz="Asia/Tokyo"))
    assert action.due == datetime(2025, 3, 10, 10, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_calendar_days_keep_the_local_time_of_day_across_a_daylight_saving_change() -> None:
    answer = datetime(2025, 9, 1, 10, 0, tzinfo=NY)  # EDT; 90 days on is in EST
    assert add_days(answer, 90, NY) == datetime(2025, 11, 30, 10, 0, tzinfo=NY)
    story = Story(tz="America/New_York").ready_to_email().emailed(day(2)).declined(answer)
    action = story.decide(answer + timedelta(days=1), Playbook(firm_no_pause=90))
    assert action.due == datetime(2025, 11, 30, 10, 0, tzinfo=NY)


@pytest.mark.parametrize("tz", [NY, PARIS, ZoneInfo("Australia/Lord_Howe")])
def test_the_figures_move_the_wall_clock_as_a_naive_count_would(tz: ZoneInfo) -> None:
    # The straightforward reading, checked every 15 minutes across a year's two changes:
    # take the local wall time, move it, put the zone back and make it a moment that exists.
    def localised(wall: datetime) -> datetime:
        return wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)

    start = datetime(2025, 1, 1, tzinfo=UTC)
    for step in range(0, 365 * 24 * 4, 7):  # every 7th quarter hour: all times of day
        moment = start + timedelta(minutes=15 * step)
        wall = moment.astimezone(tz).replace(tzinfo=None)
        for n in (1, 7, 180):
            expected = localised(wall + timedelta(days=n))
            got = add_days(moment, n, tz)
            assert (got, got.isoformat(), got.fold) == (expected, expected.isoformat(), 0)
        after = wall.date() + timedelta(days=1)
        while not is_business_day(after, "US"):
            after += timedelta(days=1)
        expected = localised(datetime.combine(after, wall.time()))
        got = add_business_days(moment, 1, "US", tz)
        assert (got, got.isoformat(), got.fold) == (expected, expected.isoformat(), 0)


@pytest.mark.parametrize(
    "tz", [NY, PARIS, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("Asia/Kolkata"), ZoneInfo("UTC")]
)
def test_a_wall_time_is_made_real_as_the_round_trip_through_utc_makes_it(tz: ZoneInfo) -> None:
    # ``real`` converts in one step what the round trip converts in two: the same moment, the
    # same fields, the same fold, for every quarter hour of two years (gaps and folds too),
    # whichever fold the wall time asked for.
    start = datetime(2025, 1, 1, tzinfo=tz)
    for step in range(2 * 366 * 24 * 4):
        for fold in (0, 1):
            wall = (start + timedelta(minutes=15 * step)).replace(fold=fold)
            expected = wall.astimezone(UTC).astimezone(tz)
            got = real(wall)
            assert (got.isoformat(), got.fold, got.tzinfo) == (
                expected.isoformat(),
                expected.fold,
                expected.tzinfo,
            )
