"""Every scenario of features/ runs here, against the engine (steps: steps_story.py,
steps_answers.py)."""

from pytest_bdd import scenarios

from .catalogue import FEATURES

scenarios(str(FEATURES))
