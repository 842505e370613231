"""What happened: the team, the people, and everything a recruiter records, as steps.

Each step reads the recruiter's words and calls the engine; nothing here decides what the
playbook says. The same sentences serve as Given (what already happened) and When (what the
recruiter records now, whose refusal the Then-steps check).
"""

from __future__ import annotations

from pytest_bdd import parsers, step

from .scene import Scene
from .words import (
    CANDIDACIES,
    CAREER_MOVES,
    CITIES,
    MOTIVATIONS,
    NAME,
    RECORDED,
    group_name,
    moment_pattern,
    read_figures,
    skills,
)

WHEN = moment_pattern()
ON = " on " + WHEN
WHO = rf"(?P<who>{NAME})"
PERSON = rf"(?P<name>{NAME})"
THEM = r"(?:her|him|them)(?:self|selves)?"


def _re(pattern: str) -> parsers.re:
    return parsers.re(pattern)


@step(_re(rf"{WHO} is a recruiter working on (?P<city>{'|'.join(CITIES)}) time"))
def recruiter(scene: Scene, who: str, city: str) -> None:
    from zoneinfo import ZoneInfo

    scene.recruiter, scene.zone = who.lower(), ZoneInfo(CITIES[city])


@step(_re(r"the team (?P<figure>.+)"))
def team_figure(scene: Scene, figure: str) -> None:
    scene.set_figures(read_figures(figure))


@step(_re(r"it is(?: now)? " + WHEN))
def it_is(scene: Scene, when: str) -> None:
    scene.now = scene.moment(when)


DETAILS = {"lives in": "tz", "knows": "skills", "works at": "company"}


@step(
    _re(
        rf"(?P<first>{NAME}) (?P<last>{NAME}(?: {NAME})*)"
        rf"(?:, who (?P<detail>lives in|knows|works at) (?P<value>[^,]+),)?"
        r" was added to the pipeline" + ON
    )
)
def added(
    scene: Scene,
    first: str,
    last: str,
    when: str,
    detail: str | None,
    value: str | None,
    datatable: list[list[str]] | None = None,
) -> None:
    rows = [[detail, value]] if detail and value else []
    fields: dict[str, object] = {}
    for key, text in rows + (datatable or []):
        field = DETAILS[key.strip()]
        fields[field] = (
            skills(text) if field == "skills" else CITIES[text] if field == "tz" else text
        )
    scene.people[first], scene.names[first] = first.lower(), f"{first} {last}"
    at = scene.moment(when)
    scene.attempt("add", first.lower(), when=at, name=f"{first} {last}", at=at, **fields)


@step(_re(rf"{WHO} researched {PERSON}(?:, finding (?P<ground>.+) in common,)?" + ON))
def researched(scene: Scene, who: str, name: str, when: str, ground: str | None) -> None:
    common = tuple(skills(ground)) if ground else ()
    scene.record(name, "researched", scene.moment(when), by=who, common_ground=common)


@step(
    _re(
        rf"{WHO} updated {PERSON}'s profile"
        r"(?: to say (?:she|he|they) now knows? (?P<now>.+?),)?" + ON
    )
)
def profile_updated(scene: Scene, who: str, name: str, now: str | None, when: str) -> None:
    # An update says what changed (one that changes nothing is refused): the skills they now
    # have, else the title.
    changed: dict[str, object] = {"skills": skills(now)} if now else {"title": f"as of {when}"}
    scene.record(name, "profile-updated", scene.moment(when), by=who, **changed)


@step(_re(rf"{WHO} met {PERSON} at (?P<where>.+?)" + ON + rf"(?P<hire> and would hire {THEM})?"))
def met(scene: Scene, who: str, name: str, where: str, when: str, hire: str | None) -> None:
    scene.record(name, "met", scene.moment(when), by=who, where=where, would_hire=bool(hire))


@step(_re(rf"{PERSON} (?P<how>{'|'.join(CANDIDACIES)}) the (?P<role>.+) role" + ON))
def candidacy(scene: Scene, name: str, how: str, role: str, when: str) -> None:
    at = scene.moment(when)
    scene.record(name, "past-candidacy", at, kind=CANDIDACIES[how], role=role)


@step(_re(rf"{PERSON} was spotted in (?P<group>.+?)(?P<key> as a key contributor)?" + ON))
def spotted(scene: Scene, name: str, group: str, key: str | None, when: str) -> None:
    at = scene.moment(when)
    scene.record(name, "spotted-online", at, group=group_name(group), key_contributor=bool(key))


@step(_re(rf"{WHO} started watching (?P<group>.+)" + ON))
def watching(scene: Scene, who: str, group: str, when: str) -> None:
    at = scene.moment(when)
    scene.attempt("watch_group", group_name(group), when=at, at=at, by=who.lower())


@step(_re(rf"{WHO} contributed to (?P<group>.+)" + ON))
def contributed(scene: Scene, who: str, group: str, when: str) -> None:
    at = scene.moment(when)
    scene.attempt("contributed_to_group", group_name(group), when=at, at=at, by=who.lower())


@step(
    _re(
        rf"{WHO} emailed {PERSON}(?P<what> about a job| to introduce {THEM} as a recruiter"
        r"| about the (?P<role>.+?) role| about (?P<topic>.+?))?" + ON
    )
)
def emailed(
    scene: Scene,
    who: str,
    name: str,
    what: str | None,
    role: str | None,
    topic: str | None,
    when: str,
) -> None:
    intent = "networking"
    if what == " about a job" or role:
        intent, topic = "opportunity", role
    elif what and what.endswith(" as a recruiter"):
        intent = "recruiter-intro"
    scene.record(name, "emailed", scene.moment(when), by=who, intent=intent, topic=topic)


@step(_re(rf"{WHO} sent {PERSON} a follow-up email" + ON))
def follow_up(scene: Scene, who: str, name: str, when: str) -> None:
    scene.record(name, "emailed", scene.moment(when), by=who, intent="follow-up")


@step(_re(rf"{WHO} offered {PERSON} a connection" + ON))
def connection(scene: Scene, who: str, name: str, when: str) -> None:
    scene.record(name, "connection-offered", scene.moment(when), by=who)


CALLS = {
    "talked with {} on the phone": "connected",
    "called {} without an answer": "no-answer",
    "left {} a voicemail": "voicemail",
}


@step(
    _re(
        rf"{WHO} (?P<call>talked with|called|left) {PERSON}"
        r"(?P<how> on the phone| without an answer| a voicemail)" + ON
    )
)
def called(scene: Scene, who: str, call: str, name: str, how: str, when: str) -> None:
    outcome = CALLS[f"{call} {{}}{how}"]
    scene.record(name, "called", scene.moment(when), by=who, outcome=outcome)


@step(_re(rf"{WHO} called {PERSON}" + ON))
def called_no_outcome(scene: Scene, who: str, name: str, when: str) -> None:
    scene.record(name, "called", scene.moment(when), by=who)


@step(_re(rf"{PERSON} replied" + ON))
def replied(scene: Scene, name: str, when: str) -> None:
    scene.record(name, "replied", scene.moment(when))


@step(
    _re(rf"{PERSON} was busy" + ON + r"(?: and agreed to a call on " + moment_pattern("to") + ")?")
)
def busy(scene: Scene, name: str, when: str, to: str | None) -> None:
    agreed = scene.moment(to) if to else None
    scene.record(name, "declined-busy", scene.moment(when), callback_at=agreed)


@step(_re(rf"{PERSON} asked" + ON + " to move the call to " + moment_pattern("to")))
def rescheduled(scene: Scene, name: str, when: str, to: str) -> None:
    scene.record(name, "rescheduled", scene.moment(when), to=scene.moment(to))


@step(_re(rf"{PERSON} said a firm no" + ON))
def declined(scene: Scene, name: str, when: str) -> None:
    scene.record(name, "declined", scene.moment(when))


@step(_re(rf"{WHO} noted that {PERSON} cares most about (?P<motive>{'|'.join(MOTIVATIONS)})" + ON))
def motivation(scene: Scene, who: str, name: str, motive: str, when: str) -> None:
    scene.record(name, "motivation", scene.moment(when), by=who, kind=MOTIVATIONS[motive])


@step(_re(rf"{WHO} noted (?P<move>{'|'.join(CAREER_MOVES)}) in {PERSON}'s career" + ON))
def career_move(scene: Scene, who: str, move: str, name: str, when: str) -> None:
    scene.record(name, "career-move", scene.moment(when), by=who, kind=CAREER_MOVES[move])


@step(_re(rf"{WHO} asked {PERSON} who they know (?:with (?P<wanted>.+?)|that is looking)" + ON))
def referral_asked(scene: Scene, who: str, name: str, wanted: str | None, when: str) -> None:
    asked = skills(wanted) if wanted else []
    scene.record(name, "referral-asked", scene.moment(when), by=who, skills=asked)


@step(_re(rf"{WHO} presented the (?P<role>.+) role to {PERSON}" + ON))
def presented(scene: Scene, who: str, role: str, name: str, when: str) -> None:
    scene.record(name, "opportunity-presented", scene.moment(when), by=who, role=role)


@step(_re(rf"{PERSON} asked not to be contacted" + ON))
def opted_out(scene: Scene, name: str, when: str) -> None:
    scene.record(name, "opted-out", scene.moment(when))


@step(_re(rf"{PERSON} asked to have (?:her|his|their) data erased"))
def erased(scene: Scene, name: str) -> None:
    scene.attempt("erase", scene.handle(name))


@step(_re(rf"{WHO} looks for people who know (?P<wanted>.+)"), target_fixture="found")
def looks_for(scene: Scene, wanted: str) -> list[str]:
    return [match.name for match in scene.engine.find(skills(wanted))]


@step(
    _re(
        rf"{WHO} withdrew the (?P<what>{'|'.join(RECORDED)}) of "
        + moment_pattern("of")
        + rf" with {PERSON}, recorded by mistake,"
        + ON
    )
)
def retracted(scene: Scene, who: str, what: str, of: str, name: str, when: str) -> None:
    # The recruiter points at the event as history lists it; the engine is told its version.
    kind, at = RECORDED[what], scene.moment(of)
    versions = [
        e.originator_version
        for e in scene.engine.history(scene.handle(name))
        if kind == e.KIND and e.occurred_at == at
    ]
    assert len(versions) == 1, f"no single {what} of {of} on record with {name}"
    scene.record(name, "retracted", scene.moment(when), by=who, retracted_version=versions[0])


@step(
    _re(
        rf"{WHO} put {PERSON} aside until "
        + moment_pattern("until")
        + r"(?: because (?P<reason>[^,]+))?,?"
        + ON
    )
)
def snoozed(scene: Scene, who: str, name: str, until: str, reason: str | None, when: str) -> None:
    at = scene.moment(when)
    scene.record(name, "snoozed", at, by=who, until=scene.moment(until), reason=reason)
