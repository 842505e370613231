"""The playbook's figures at their defaults, and the figures of a settings file plain enough to
need no validating model.

Only the standard library: a read command that finds its answer stored looks for the answers
worked out with the figures in force, and most teams keep no settings file or
only whole numbers in it. Anything else (a figure out of range, a country, a time zone, a
mistake) is left to ``outreach.projections.settings``, which validates it and says what is
wrong.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

# PLAYBOOK.md's figures, in the order the settings list them: ``Playbook``'s defaults (a test
# keeps the two the same).
DEFAULTS: dict[str, int | str] = {
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
MAX_FIGURE = 36_500  # days (a century), and far more than any count of touches


def plain_figures(path: Path | None) -> dict[str, int | str] | None:
    """The figures in force with the settings file at ``path`` (None: no file, the defaults),
    when each figure the file gives is a whole number from 1 to ``MAX_FIGURE`` or a text at its
    default: every such table is valid. None otherwise, or when the file cannot be read: the
    settings model then reads it, and names any problem."""
    figures = dict(DEFAULTS)
    if path is None:
        return figures
    import tomllib  # here: with no settings file, a read command never parses TOML

    try:
        with path.open("rb") as file:
            document = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError):
        return None
    table = document.get("playbook", {})
    if not isinstance(table, dict):
        return None
    for name, value in document.items():
        if not isinstance(value, dict):
            return None  # a figure above every table: refused by the model
        if name != "playbook" and DEFAULTS.keys() & value.keys():
            return None  # a figure in another table: refused by the model
    for key, value in table.items():
        default = DEFAULTS.get(key)
        if isinstance(default, str) and value == default:
            continue
        if not isinstance(default, int) or type(value) is not int:
            return None
        if not 1 <= value <= MAX_FIGURE:
            return None
        figures[key] = value
    return figures


def settings_json(figures: Mapping[str, int | str]) -> str:
    """The figures as ``Playbook.model_dump_json()`` writes them (in the settings' order,
    compact): the stored answers are filed under a digest of that text."""
    ordered = {key: figures[key] for key in DEFAULTS}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))
