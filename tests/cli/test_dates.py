"""Dates as people type them: every DATETIME option takes ISO 8601 and words counted from the
clock; a date alone is that day where the candidate lives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from outreach.cli.dates import NotADate, parse, zone_name

from .helpers import NOW, Outreach, refused

LONDON = ZoneInfo("Europe/London")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
FRIDAY = NOW  # Friday 6 March 2026, 11:00 UTC


def on(text: str, now: datetime = FRIDAY, day_zone: ZoneInfo | None = None) -> datetime:
    return parse(text).resolve(now, UTC, day_zone)


def day(
    y: int, m: int, d: int, h: int = 0, minute: int = 0, tz: ZoneInfo | None = None
) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=tz or UTC)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("now", FRIDAY),
        ("today", day(2026, 3, 6)),
        ("yesterday", day(2026, 3, 5)),
        ("tomorrow", day(2026, 3, 7)),
        ("tomorrow 15:00", day(2026, 3, 7, 15)),
        ("Tomorrow 3:30PM", day(2026, 3, 7, 15, 30)),
        ("monday", day(2026, 3, 9)),
        ("monday 10:00", day(2026, 3, 9, 10)),
        ("mon 9am", day(2026, 3, 9, 9)),
        ("friday", day(2026, 3, 13)),  # the next one, never today
        ("last friday", day(2026, 2, 27)),  # the previous one, never today
        ("last monday 17:00", day(2026, 3, 2, 17)),
        ("next wednesday", day(2026, 3, 11)),
        ("+3d", FRIDAY + timedelta(days=3)),
        ("-2w", FRIDAY - timedelta(weeks=2)),
        ("+4h", FRIDAY + timedelta(hours=4)),
        ("+3d 10:00", day(2026, 3, 9, 10)),
        ("15:00", day(2026, 3, 6, 15)),
        ("2026-03-06T11:00", day(2026, 3, 6, 11)),
        ("2026-03-06 11:00", day(2026, 3, 6, 11)),
        ("2026-03-06 11:00+01:00", day(2026, 3, 6, 10)),
        ("2026-03-06T11:00Z", day(2026, 3, 6, 11)),
        ("2026-03-06", day(2026, 3, 6)),
        ("2026-07-06 11:00 europe/london", day(2026, 7, 6, 10)),
        ("monday 10:00 Europe/London", day(2026, 3, 9, 10)),
    ],
)
def test_typed_dates_mean_what_people_mean(typed: str, meant: datetime) -> None:
    assert on(typed) == meant


def test_a_date_alone_is_the_start_of_that_day_where_the_candidate_lives() -> None:
    assert on("2026-12-01", day_zone=LOS_ANGELES) == datetime(2026, 12, 1, tzinfo=LOS_ANGELES)
    assert on("tomorrow", day_zone=LOS_ANGELES) == datetime(2026, 3, 7, tzinfo=LOS_ANGELES)
    assert parse("tomorrow").date_alone and parse("2026-12-01").date_alone
    assert not parse("tomorrow 10:00").date_alone and not parse("+1d").date_alone
    # a wall time stays on the recruiter's clock, whoever it is about
    assert on("tomorrow 10:00", day_zone=LOS_ANGELES) == day(2026, 3, 7, 10)


def test_today_is_the_recruiters_today() -> None:
    late = datetime(2026, 3, 6, 23, 30, tzinfo=UTC)  # already Saturday in Tokyo
    tokyo = ZoneInfo("Asia/Tokyo")
    assert parse("today").resolve(late, tokyo) == datetime(2026, 3, 7, tzinfo=tokyo)


@pytest.mark.parametrize(
    "typed",
    ["", "yesterday-ish", "blursday", "25:00", "tomorrow 13pm", "2026-02-30", "+3x", "+4h 10:00",
     "now 10:00", "2026-03-06 11:00+01:00 europe/london", "last", "last 3d"],
)  # fmt: skip
def test_what_is_not_a_date_is_refused_with_the_forms(typed: str) -> None:
    with pytest.raises(NotADate, match=r"ISO 8601.*yesterday.*monday.*\+3d"):
        parse(typed)


def test_zone_names_are_matched_in_any_case() -> None:
    assert zone_name("europe/london") == "Europe/London"
    assert zone_name("UTC") == zone_name("utc") == "UTC"
    assert zone_name("Europe") is None and zone_name("mars/olympus") is None


def test_at_yesterday_records_yesterday_where_the_candidate_lives(outreach: Outreach) -> None:
    outreach.ok("add", "ada", "--name", "Ada", "--tz", "america/los_angeles", "--at", "-2w")
    outreach.ok("record", "met", "ada", "--where", "PyCon", "--at", "yesterday")
    outreach.ok("record", "declined-busy", "ada", "--callback", "monday 10:00", "--at", "-1h")
    history = outreach.json("history", "ada")
    added, met, busy = history
    assert added["tz"] == "America/Los_Angeles"
    assert added["occurred_at"] == (NOW - timedelta(weeks=2)).isoformat()
    assert datetime.fromisoformat(met["occurred_at"]) == datetime(2026, 3, 5, tzinfo=LOS_ANGELES)
    assert busy["callback_at"] == "2026-03-09T10:00:00+00:00"  # the recruiter's 10:00 (UTC)


def test_now_is_counted_from_the_real_clock(outreach: Outreach) -> None:
    outreach.ok("add", "ada", "--name", "Ada", now=None)
    real = datetime.now(UTC)
    later = outreach.json("history", "ada", now=None)[0]["occurred_at"]
    assert abs(datetime.fromisoformat(later) - real) < timedelta(minutes=1)
    past = outreach.json("history", "ada", "--now", "yesterday", now=None)
    assert past == []  # nothing had happened by yesterday


def test_a_bad_date_is_bad_usage_naming_the_option(outreach: Outreach) -> None:
    outreach.ok("add", "ada", "--name", "Ada")
    refused(outreach("record", "met", "ada", "--where", "x", "--at", "blursday"), 2, "--at")
    refused(outreach("agenda", "--now", "someday"), 2, "--now", "last friday")
    assert outreach.events() == 1


def test_a_bad_recruiters_zone_is_refused_where_a_time_is_typed(outreach: Outreach) -> None:
    outreach.ok("add", "ada", "--name", "Ada")
    result = outreach("record", "met", "ada", "--where", "x", "--at", "today", OUTREACH_TZ="Mars")
    # Exit 1, not 2: the environment is wrong, not the command line (issue 14, finding 6).
    refused(result, 1, "OUTREACH_TZ", "'Mars'")
    assert outreach.ok("agenda", OUTREACH_TZ="europe/london").exit_code == 0
