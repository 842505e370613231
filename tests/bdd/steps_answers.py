"""What the engine answers: the next step, the agenda, the coaching report, refusals.

Each Then-step asks the engine and compares its answer with what the scenario wrote out, due
times included, literally. The policy lines and violation kinds it checks are noted in the
scene, so that a test can prove every line and kind of the playbook was exercised.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from outreach.domain.errors import ErasedError, OptedOutError, UnknownHandle
from outreach.projections.model import NextAction, Violation
from outreach.projections.rules import RULES
from pytest_bdd import parsers, then

from .scene import Scene
from .words import (
    NAME,
    VIOLATION,
    VIOLATIONS,
    group_name,
    moment_pattern,
    read_action,
    read_moment,
    say_moment,
)

WHEN = moment_pattern()
PERSON = rf"(?P<name>{NAME})"
TITLES = {rule.title: rule for rule in RULES.values()}


def _re(pattern: str) -> parsers.re:
    return parsers.re(pattern)


def _said(action: NextAction, scene: Scene | None = None) -> str:
    due = "no due time"
    if action.due is not None:
        zone = scene.zone if scene is not None else ZoneInfo("UTC")
        due = f"due {say_moment(action.due, zone)} ({action.due.isoformat()})"
    kind = action.kind.value if action.kind else "nothing"
    return f"the engine suggests {kind}, {due}, by line {action.line}: {action.text!r}"


def _same_time(scene: Scene, got: object, written: str) -> bool:
    expected = read_moment(written, scene.zone)
    if got is None:
        return False
    assert hasattr(got, "astimezone")
    if expected.exact:
        return bool(got == expected.at)
    return bool(got.astimezone(expected.at.tzinfo).date() == expected.at.date())


@then(_re(rf"the next step is to (?P<action>.+?)(?: on {WHEN})?"))
def next_step(scene: Scene, action: str, when: str | None) -> None:
    wanted, parts = read_action(action)
    got = scene.action = scene.next_action(parts["name"])
    assert got.kind == wanted.kind, _said(got)
    assert wanted.line is None or got.line == wanted.line, _said(got)
    if parts.get("group"):
        assert group_name(parts["group"]) in got.text, _said(got)
    for skill in (parts.get("skills") or "").replace(" or ", ",").split(","):
        assert skill.strip().lower() in got.text.lower(), _said(got)
    if when is not None:
        assert _same_time(scene, got.due, when), f"expected due {when}; {_said(got, scene)}"


@then(_re(r'the suggestion mentions "(?P<words>[^"]+)"'))
def mentions(scene: Scene, words: str) -> None:
    assert scene.action is not None, "no next step was asked for"
    assert words.lower() in scene.action.text.lower(), _said(scene.action)


@then(_re(r'the suggestion does not mention "(?P<words>[^"]+)"'))
def does_not_mention(scene: Scene, words: str) -> None:
    assert scene.action is not None, "no next step was asked for"
    assert words.lower() not in scene.action.text.lower(), _said(scene.action)


@then(_re(r'the seed lines quoted do not say "(?P<words>[^"]+)"'))
def quote_fits(scene: Scene, words: str) -> None:
    assert scene.action is not None, "no next step was asked for"
    assert words not in scene.action.because, scene.action.because


@then(_re(rf"the motivation on record for {PERSON} is (?P<kind>[a-z]+)"))
def motivation_on_record(scene: Scene, name: str, kind: str) -> None:
    noted = [e for e in scene.engine.history(scene.handle(name)) if e.KIND == "motivation"]
    assert noted and str(getattr(noted[-1], "kind", "")) == kind, noted


@then(_re(r'the reason given is "(?P<title>[^"]+)"'))
def reason(scene: Scene, title: str) -> None:
    assert scene.action is not None, "no next step was asked for"
    rule = TITLES[title]
    assert scene.action.rule == rule.id, _said(scene.action) + f" citing {scene.action.rule}"
    # The seed's lines, as they fit the person (v2: "because you've met" only if you have).
    assert scene.action.because in (rule.because, rule.because_for(met=False))


@then(_re(r'the reasons given include "(?P<title>[^"]+)"'))
def reasons(scene: Scene, title: str) -> None:
    assert scene.action is not None, "no next step was asked for"
    assert TITLES[title].id in scene.action.rules, f"{scene.action.rules}"


@then(_re(rf"there is nothing to suggest for {PERSON}, ever"))
def nothing_ever(scene: Scene, name: str) -> None:
    got = scene.action = scene.next_action(name)
    assert got.kind is None and got.line == "1", _said(got)
    assert got.rule == "respect-opt-out", _said(got)


@then(_re(rf"the relationship with {PERSON} is closed"))
def closed(scene: Scene, name: str) -> None:
    got = scene.action = scene.next_action(name)
    assert got.kind is None and got.line == "1b", _said(got)


@then(_re(r"the agenda lists (?P<names>.+)"))
def agenda(scene: Scene, names: str) -> None:
    wanted = [scene.handle(n.strip()) for n in names.split(", then ")]
    assert [a.handle for a in scene.engine.agenda()] == wanted


@then(_re(rf"(?P<who>{NAME}) finds (?P<names>.+)"))
def finds(found: list[str], names: str) -> None:
    assert found == ([] if names == "nobody" else names.split(", then "))


def _kinds(violations: list[Violation]) -> list[str]:
    return [f"{v.kind} by {'/'.join(v.by)} at {v.occurred_at.isoformat()}" for v in violations]


@then(_re(rf"(?P<who>{NAME}) is warned at once of {VIOLATION}"))
def warned(scene: Scene, violation: str) -> None:
    assert scene.last is not None, "nothing was recorded"
    kind = VIOLATIONS[violation]
    assert kind in [w.kind for w in scene.last.warnings], _kinds(list(scene.last.warnings))
    scene.seen.kinds.add(kind)


@then(_re(rf"(?P<who>{NAME}) is not warned"))
def not_warned(scene: Scene) -> None:
    assert scene.last is not None, "nothing was recorded"
    assert not scene.last.warnings, _kinds(list(scene.last.warnings))


@then(
    _re(
        rf"the coaching report (?P<verb>shows|does not show) {VIOLATION}"
        rf"(?: by (?P<who>{NAME}))?(?: with {PERSON})?(?: on {WHEN})?"
    )
)
def report(
    scene: Scene, verb: str, violation: str, who: str | None, name: str | None, when: str | None
) -> None:
    kind, every = VIOLATIONS[violation], scene.violations(name)
    found = [
        v
        for v in every
        if v.kind == kind
        and (who is None or who.lower() in v.by)
        and (when is None or _same_time(scene, v.occurred_at, when))
    ]
    if verb == "shows":
        assert found, _kinds(every)
        scene.seen.kinds.add(kind)
    else:
        assert not found, _kinds(found)


@then(_re(rf"the coaching report shows nothing(?: for {PERSON})?"))
def report_empty(scene: Scene, name: str | None) -> None:
    assert scene.violations(name) == [], _kinds(scene.violations(name))


@then(_re(rf"it is refused, as {PERSON} asked not to be contacted"))
def refused(scene: Scene, name: str) -> None:
    error = scene.unclaimed()
    assert isinstance(error, OptedOutError), f"expected a refusal, got {error!r}"
    assert error.handle == scene.handle(name)


@then(_re(r"nothing new is recorded"))
def nothing_new(scene: Scene) -> None:
    assert scene.engine.event_count() == scene.events_before


@then(_re(rf"it is recorded(?:, for {PERSON})?"))
def recorded(scene: Scene) -> None:
    error = scene.unclaimed()
    assert error is None, f"refused: {error}"
    assert scene.engine.event_count() > scene.events_before


@then(_re(rf"nothing about {PERSON} can be read any more"))
def unreadable(scene: Scene, name: str) -> None:
    try:
        action = scene.next_action(name)
    except (UnknownHandle, ErasedError):
        pass
    else:
        assert action.kind is None and scene.names[name] not in action.text, _said(action)
    try:
        history = scene.engine.history(scene.handle(name))
    except (UnknownHandle, ErasedError):
        return
    for part in scene.names[name].split():
        assert part not in repr(history), f"{part!r} can still be read in the history"


@then(_re(r"the record of what happened is kept whole"))
def kept_whole(scene: Scene) -> None:
    assert scene.engine.event_count() == scene.events_before + 1


@then(_re(r"the agenda is empty"))
def agenda_empty(scene: Scene) -> None:
    assert scene.engine.agenda() == []


@then(_re(rf"(?P<full>{NAME} {NAME}) can still be read"))
def still_readable(scene: Scene, full: str) -> None:
    assert full in repr(scene.engine.history(scene.handle(full.split()[0])))
