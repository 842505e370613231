"""Correcting the record and putting people aside, as the recruiter does it: undo the last
thing recorded, try to withdraw what stands for good, and see who is put aside until when.

The policy's side (what a withdrawn event or a snooze changes in the next step) is told with
the steps of steps_story.py; these are the recruiter's side, through the engine's own
commands (``undo``, ``retract``, ``people``).
"""

from __future__ import annotations

from outreach.domain.corrections import withdrawn
from outreach.domain.errors import CannotRetract
from pytest_bdd import step, then

from .scene import Scene
from .steps_story import ON, PERSON, WHO, _re
from .words import RECORDED, moment_pattern


@step(
    _re(rf"{WHO} undoes the last thing recorded about {PERSON}(?: because (?P<reason>[^,]+))?,?"
        + ON)
)  # fmt: skip
def undoes(scene: Scene, who: str, name: str, reason: str | None, when: str) -> None:
    at = scene.moment(when)
    scene.attempt("undo", scene.handle(name), reason=reason, by=who.lower(), when=at)


@step(_re(rf"{WHO} tries to withdraw {PERSON}'s (?P<what>opt-out|first entry in the pipeline)"
          + ON))  # fmt: skip
def withdraws_what_stands(scene: Scene, who: str, name: str, what: str, when: str) -> None:
    kind = "opted-out" if what == "opt-out" else "added"
    (event,) = [e for e in scene.engine.history(scene.handle(name)) if kind == e.KIND]
    at = scene.moment(when)
    scene.attempt("retract", scene.handle(name), event.originator_version, by=who.lower(), when=at)


@then(_re(r"it is refused: (?:an opt-out|that) stands for good"))
def stands(scene: Scene) -> None:
    error = scene.unclaimed()
    assert isinstance(error, CannotRetract), f"expected a refusal, got {error!r}"


@then(
    _re(rf"{PERSON}'s history still shows the (?P<what>{'|'.join(RECORDED)}) of "
        + moment_pattern("of") + rf", withdrawn by {WHO}(?: because (?P<reason>.+))?")
)  # fmt: skip
def still_shown(scene: Scene, name: str, what: str, of: str, who: str, reason: str | None) -> None:
    history = scene.engine.history(scene.handle(name))
    at, kind = scene.moment(of), RECORDED[what]
    (event,) = [e for e in history if kind == e.KIND and e.occurred_at == at]
    retraction = withdrawn(history).get(event.originator_version)
    assert retraction is not None, f"the {what} of {of} is not marked withdrawn"
    assert retraction.by == who.lower() and retraction.reason == reason


@then(_re(rf"the agenda does not list {PERSON}"))
def not_on_agenda(scene: Scene, name: str) -> None:
    assert scene.handle(name) not in [a.handle for a in scene.engine.agenda()]


@then(_re(rf"{PERSON} is listed as put aside until " + moment_pattern("until")))
def listed_aside(scene: Scene, name: str, until: str) -> None:
    (person,) = [p for p in scene.engine.people(snoozed=True) if p.handle == scene.handle(name)]
    assert person.snoozed_until == scene.moment(until)
