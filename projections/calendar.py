"""Business days and local times: counted on the candidate's wall clock, then localised.

Counting on the wall clock (not in UTC) keeps "3 business days later" at the same local time of
day across a daylight-saving change, and keeps a computed call at 10:00 where the candidate is.
Holiday sets are cached per (country, year): building one takes milliseconds, and the policy asks
for them on every decision.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

from outreach.domain.values import check_time_zone

CALL_TIME = time(10, 0)
SATURDAY = 5
# n days are DAY * n: a multiplication makes a timedelta without parsing keywords, which
# ``timedelta(days=n)`` does (2,400 instructions, a sixth of counting a business day).
DAY = timedelta(days=1)
# ``a - b > ZERO`` says what ``a > b`` does for two aware moments, and costs half as much when
# their zones differ (a deadline on the candidate's clock, now in UTC): CPython compares two
# moments of different zones by asking each zone its offset, then subtracting them, which asks
# again (426 ns against 227, timeit); ``<``, ``<=``, ``>``, ``>=`` only (``==`` has PEP 495's
# exception for the repeated hour).
ZERO = timedelta(0)


@lru_cache(maxsize=512)
def holiday_dates(country: str, year: int) -> frozenset[date]:
    """The public holidays (observed days included) of ``country`` in ``year``."""
    if not country:
        return frozenset()
    import holidays  # 45 ms to import: only when a business day is counted, not at start-up

    return frozenset(holidays.country_holidays(country, years=year).keys())


CANDIDATE = "candidate"  # holiday_country: each candidate's own country


@lru_cache(maxsize=1024)
def zone(name: str) -> ZoneInfo:
    """A time zone by IANA name (checked once, by ``check_time_zone``), cached."""
    return ZoneInfo(check_time_zone(name))


@cache
def zone_countries() -> dict[str, str]:
    """Each IANA zone's country (ISO 3166), from tzdata's ``zone.tab``: one country a zone."""
    from importlib.resources import files

    table = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    found = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            country, _, name, *_ = line.split("\t")
            found[name] = country
    return found


@lru_cache(maxsize=1024)
def holiday_country(setting: str, tz: ZoneInfo) -> str:
    """Whose public holidays count (PLAYBOOK.md, Words: "business days"): the setting's one
    country, none for ``""``, or with ``candidate`` the country of the candidate's zone; a zone
    that names no country (``UTC``), or a country the holidays package does not know, has
    weekends only."""
    if setting != CANDIDATE:
        return setting
    country = zone_countries().get(tz.key, "")
    return country if country and country in supported_countries() else ""


@cache
def supported_countries() -> frozenset[str]:
    """The countries (and their aliases) whose holidays the package knows, from its registry:
    ``holidays.list_supported_countries`` imports every country's module to list their
    subdivisions, a third of a second that each command paid once."""
    # Imported here: only when a country is needed, not at start-up.
    from holidays.registry import EntityLoader

    return frozenset(EntityLoader.get_country_codes(include_aliases=True))


def is_business_day(day: date, country: str) -> bool:
    """Monday to Friday and not a holiday of ``country``."""
    return day.weekday() < SATURDAY and day not in holiday_dates(country, day.year)


def localise(wall: datetime, tz: ZoneInfo) -> datetime:
    """A naive wall-clock time in ``tz`` as an aware moment.

    A time skipped by a spring-forward change is moved on by the change (02:30 becomes 03:30);
    an ambiguous autumn time is the first of the two.
    """
    return real(wall.replace(tzinfo=tz))


def real(local: datetime) -> datetime:
    """A wall-clock time in its zone (fold 0, as Python's arithmetic leaves it) made a moment
    that exists, as ``localise`` says. The figures below move the wall clock by adding to an
    aware time, which keeps its zone: taking the zone off and putting it back (``replace``)
    was most of their cost.

    What ``local.astimezone(UTC).astimezone(zone)`` gives, in one step: the UTC moment written
    in the zone's fields, converted by the zone itself (``astimezone`` parses its arguments and
    asks UTC for its offset, twice: 2.6 times the cost; tests/unit/test_calendar.py compares
    the two over two years of quarter hours in zones with gaps and folds). The offset is the
    zone's own answer, asked directly: ``local.utcoffset()`` asks it too, through a method
    looked up by a name made from a C string each time (18 ns against 86, timeit)."""
    zone = local.tzinfo
    assert zone is not None
    return zone.fromutc(local - zone.utcoffset(local))  # type: ignore[operator]


def add_business_days(start: datetime, n: int, country: str, tz: ZoneInfo) -> datetime:
    """``n`` business days after ``start``, at the same local time of day in ``tz``.

    Saturdays, Sundays and the holidays of ``country`` are skipped; a start on a day off counts
    from there (Saturday + 1 is Monday). ``n`` of 0 is ``start`` itself.

    >>> from datetime import datetime
    >>> ny = ZoneInfo("America/New_York")
    >>> add_business_days(datetime(2025, 7, 3, 15, 0, tzinfo=ny), 1, "US", ny).date()
    datetime.date(2025, 7, 7)
    """
    if n <= 0:
        return start
    local = start.astimezone(tz)
    today = local.date()
    day = business_days_after(today, n, country)
    return real(local + (day - today))  # that day, at the same time on the wall clock


@lru_cache(maxsize=16384)
def business_days_after(day: date, n: int, country: str) -> date:
    """The day ``n`` business days after ``day``. Cached: the policy counts from a few
    thousand days, thousands of times each."""
    left = n
    while left:
        day += DAY
        if is_business_day(day, country):
            left -= 1
    return day


def add_days(start: datetime, n: int, tz: ZoneInfo) -> datetime:
    """``n`` calendar days after ``start`` at the same local time of day in ``tz`` (so 180 days
    after a 10:00 answer is 10:00 again, daylight saving or not). Not cached: a quarter of the
    calls asked again, and hashing an aware moment (its zone asked for its offset) cost about
    what working it out does."""
    return real(start.astimezone(tz) + DAY * n)


def at_ten(day: date | datetime, tz: ZoneInfo) -> datetime:
    """10:00 in ``tz`` on ``day`` (an aware datetime is first taken to its local date there)."""
    if isinstance(day, datetime):
        day = day.astimezone(tz).date()
    return localise(datetime.combine(day, CALL_TIME), tz)


def business_call(after: datetime, n: int, country: str, tz: ZoneInfo) -> datetime:
    """A computed call: 10:00 local on the day ``n`` business days after ``after``."""
    return at_ten(add_business_days(after, n, country, tz), tz)


def local_time(moment: datetime, tz: ZoneInfo) -> str:
    """A moment as the candidate reads it: "Mon 10 Mar 2025 10:00 EDT (America/New_York)"."""
    local = moment.astimezone(tz)
    return f"{local:%a %d %b %Y %H:%M} {local.tzname()} ({tz.key})"


def local_day(moment: datetime, tz: ZoneInfo) -> str:
    """The day of a moment where the candidate is: "10 Mar 2025"."""
    return day_text(moment.astimezone(tz).date())


@lru_cache(maxsize=4096)
def day_text(day: date) -> str:
    """A day as the recruiter reads it, written once (a few thousand days fill a report)."""
    return f"{day:%d %b %Y}"
