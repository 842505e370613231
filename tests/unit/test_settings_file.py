"""The figures a read command takes from a plain settings file without the settings model are
the model's own, and anything not plain is left to the model (which names the problem)."""

from __future__ import annotations

from pathlib import Path

import pytest
from outreach.projections.settings import Playbook, SettingsError, load_playbook
from outreach.projections.settings_file import DEFAULTS, plain_figures, settings_json


def test_the_defaults_are_the_settings_models() -> None:
    assert Playbook().model_dump() == DEFAULTS
    assert list(DEFAULTS) == list(Playbook.model_fields)
    assert plain_figures(None) == DEFAULTS


PLAIN = [
    "",
    "[playbook]\n",
    "[playbook]\ngrace = 3\nmax_busy = 1\n",
    '[playbook]\ndormant_after = 36500\nholiday_country = "candidate"\nrecruiter_tz = "UTC"\n',
    "[other]\nanything = 1\n[playbook]\nreferral_every = 90\n",
]
NOT_PLAIN = [
    "[playbook]\ngrace = 0\n",  # valid, but 0 is left to the model
    '[playbook]\nholiday_country = "GB"\n',
    '[playbook]\nrecruiter_tz = "Europe/Paris"\n',
    "[playbook]\ngrace = true\n",
    "[playbook]\ngrace = 2.5\n",
    '[playbook]\ngrace = "3"\n',
    "[playbook]\ngrace = 36501\n",
    "[playbook]\nmax_busy = -1\n",
    "[playbook]\nunknown = 1\n",
    "grace = 3\n",
    "[team]\ngrace = 3\n",
    "playbook = 3\n",
    "[playbook\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_a_plain_file_gives_the_models_figures(tmp_path: Path, text: str) -> None:
    path = tmp_path / "outreach.toml"
    path.write_text(text, encoding="utf-8")
    assert plain_figures(path) == load_playbook(path).model_dump()


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_anything_else_is_left_to_the_model(tmp_path: Path, text: str) -> None:
    path = tmp_path / "outreach.toml"
    path.write_text(text, encoding="utf-8")
    assert plain_figures(path) is None  # valid or not, the model reads it and says


def test_a_missing_file_is_left_to_the_model(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    assert plain_figures(path) is None
    with pytest.raises(SettingsError, match="does not exist"):
        load_playbook(path)


@pytest.mark.parametrize(
    "settings",
    [
        Playbook(),
        Playbook(grace=0, max_busy=7),
        Playbook(holiday_country="GB", recruiter_tz="Europe/Paris"),
    ],
)
def test_the_figures_are_written_as_the_model_writes_them(settings: Playbook) -> None:
    assert settings_json(settings.model_dump()) == settings.model_dump_json()
    assert (
        settings_json(dict(reversed(settings.model_dump().items()))) == settings.model_dump_json()
    )


@pytest.mark.parametrize("text", PLAIN)
def test_a_plain_files_figures_are_written_as_the_model_writes_them(
    tmp_path: Path, text: str
) -> None:
    path = tmp_path / "outreach.toml"
    path.write_text(text, encoding="utf-8")
    figures = plain_figures(path)
    assert figures is not None and settings_json(figures) == load_playbook(path).model_dump_json()
