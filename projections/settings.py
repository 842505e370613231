"""The playbook's figures: every delay and limit the policy uses, with the team's overrides.

A team keeps its figures in the ``[playbook]`` table of a TOML file; any figure left out keeps
its default. A file with no ``[playbook]`` table is allowed (it may hold other tables) and means
the defaults. Counts must be at least 1; delays may be 0 (``dormant_after`` must be at least 1).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, NamedTuple

from outreach.domain.errors import OutreachError
from outreach.domain.values import check_time_zone
from outreach.projections.calendar import CANDIDATE, supported_countries
from outreach.projections.settings_file import MAX_FIGURE as MAX_FIGURE
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class SettingsError(OutreachError):
    """The playbook settings cannot be used: the message names the key, the value and why."""


class Figure(NamedTuple):
    """One row of ``Playbook.describe()``."""

    key: str
    value: int | str
    unit: str
    meaning: str


_DAYS = "days"
_BUSINESS_DAYS = "business days"


class Playbook(BaseModel):
    """The playbook settings. Defaults are PLAYBOOK.md's figures."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    dormant_after: int = Field(365, ge=1, description="silence after which a new round begins")
    call_after_email: int = Field(
        3, ge=0, description="wait after an unanswered email before calling"
    )
    follow_up_after: int = Field(5, ge=0, description="wait after the last unanswered touch")
    max_unanswered: int = Field(4, ge=1, description="unanswered touches before backing off")
    busy_follow_up: int = Field(2, ge=0, description="wait after a busy answer to offer a time")
    max_busy: int = Field(3, ge=1, description="busy answers in a row before backing off")
    busy_back_off: int = Field(30, ge=0, description="back-off after max_busy busy answers")
    firm_no_pause: int = Field(180, ge=0, description="pause after a firm no before checking in")
    max_firm_no: int = Field(2, ge=1, description="firm noes that close the relationship")
    grace: int = Field(5, ge=0, description="lateness allowed on a busy follow-up")
    observe_for: int = Field(14, ge=0, description="listening in a group before contacting")
    best_people_every: int = Field(60, ge=0, description="keep in touch with people you'd hire")
    keep_in_touch_every: int = Field(180, ge=0, description="keep in touch with everyone else")
    referral_every: int = Field(180, ge=0, description="between referral asks naming skills")
    holiday_country: str = Field(
        CANDIDATE,
        description="whose holidays are not business days: 'candidate' (each one's own country,"
        " from their time zone), an ISO country code for everyone, or '' for weekends only",
    )
    recruiter_tz: str = Field("UTC", description="time zone for people with none on record")

    @field_validator("holiday_country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        if value and value != CANDIDATE and value not in supported_countries():
            raise ValueError(
                f"{value!r} is not a country the holidays package knows: use 'candidate' (each"
                " candidate's own country), an ISO 3166 code such as 'US', 'GB' or 'DE', or ''"
                " for weekends only"
            )
        return value

    @field_validator("recruiter_tz")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return check_time_zone(value)  # the one check: "Europe" is a region, not a zone

    def describe(self) -> list[Figure]:
        """Every figure with its value, unit and meaning, for display."""
        rows = []
        for key, field in type(self).model_fields.items():
            rows.append(
                Figure(key, getattr(self, key), _UNITS.get(key, ""), field.description or "")
            )
        return rows


_UNITS = {
    "dormant_after": _DAYS,
    "call_after_email": _BUSINESS_DAYS,
    "follow_up_after": _BUSINESS_DAYS,
    "max_unanswered": "touches",
    "busy_follow_up": _BUSINESS_DAYS,
    "max_busy": "answers",
    "busy_back_off": _DAYS,
    "firm_no_pause": _DAYS,
    "max_firm_no": "answers",
    "grace": _BUSINESS_DAYS,
    "observe_for": _DAYS,
    "best_people_every": _DAYS,
    "keep_in_touch_every": _DAYS,
    "referral_every": _DAYS,
    "holiday_country": "ISO country code, 'candidate' or ''",
    "recruiter_tz": "IANA time zone",
}


def load_playbook(path: str | Path | None) -> Playbook:
    """The settings in the ``[playbook]`` table of the TOML file at ``path``.

    With no path, the defaults. A missing file, bad TOML, an unknown key or a bad value raises
    ``SettingsError`` naming the file, the key, the value and what was expected.
    """
    if path is None:
        return Playbook()
    path = Path(path)
    try:
        with path.open("rb") as file:
            document = tomllib.load(file)
    except FileNotFoundError:
        raise SettingsError(
            f"settings file {str(path)!r} does not exist: create it with a [playbook] table,"
            " or leave the settings out to use the defaults"
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"settings file {str(path)!r} is not valid TOML: {error}") from None
    except OSError as error:
        raise SettingsError(f"cannot read settings file {str(path)!r}: {error}") from None
    table = document.get("playbook", {})
    if not isinstance(table, dict):
        raise SettingsError(
            f"in {str(path)!r}, 'playbook' must be a table ([playbook]), got {table!r}"
        )
    outside = _outside(document)
    if outside:
        raise SettingsError(
            f"in {str(path)!r}, {', '.join(outside)} outside the [playbook] table would be"
            " ignored: put the figures under a [playbook] line (outreach playbook --example)"
        )
    return playbook_from(table, where=str(path))


def _outside(document: dict[str, Any]) -> list[str]:
    """Figures written where they would be ignored: above any table, or in another table
    (other tables are allowed, for other tools)."""
    found = [key for key, value in document.items() if not isinstance(value, dict)]
    for name, value in document.items():
        if name != "playbook" and isinstance(value, dict):
            found += [f"{name}.{key}" for key in value if key in Playbook.model_fields]
    return found


def playbook_from(table: dict[str, Any], where: str = "the settings") -> Playbook:
    """Settings from a mapping of figures, with the same clear errors as ``load_playbook``."""
    # A figure past a century cannot be counted in dates (it overflowed deep in the policy).
    huge = [
        f"{k} = {v!r} is too large: at most {MAX_FIGURE}"
        for k, v in table.items()
        if isinstance(v, int) and not isinstance(v, bool) and v > MAX_FIGURE
    ]
    if huge:
        raise SettingsError(f"in {where!r}: " + "; ".join(huge))
    try:
        return Playbook.model_validate(table)
    except ValidationError as error:
        raise SettingsError(f"in {where!r}: " + "; ".join(_problems(error))) from None


def _problems(error: ValidationError) -> list[str]:
    known = ", ".join(Playbook.model_fields)
    problems = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"])
        value = item.get("input")
        if item["type"] == "extra_forbidden":
            problems.append(f"{key} = {value!r} is not a playbook setting (known: {known})")
            continue
        field = Playbook.model_fields.get(key)
        default = field.default if field is not None else None
        unit = _UNITS.get(key, "")
        expected = f"a whole number of {unit}" if isinstance(default, int) else f"an {unit}"
        message = str(item["msg"]).removeprefix("Value error, ")
        problems.append(
            f"{key} = {value!r} is not valid: {message} (expected {expected}; default {default!r})"
        )
    return problems
