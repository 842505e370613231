"""Recording from the command line: add, every ``record EVENT``, group activity."""

from __future__ import annotations

import shlex
from typing import Any

import pytest
from outreach.domain.events import RECORDABLE

from .helpers import Outreach, refused


def add_ada(outreach: Outreach) -> None:
    outreach.ok(
        "add", "ada", "--name", "Ada Lovelace", "--email", "ada@example.org", "--phone", "+44 1",
        "--skill", "Python", "--skill", "compilers", "--tz", "Europe/London", "--source", "met",
        "--company", "Babbage & Co", "--title", "Engineer", "--at", "2026-03-01T09:00",
    )  # fmt: skip


# Every event with every option (as typed after "outreach record"), and the fields it records.
EVERY_EVENT: list[tuple[str, dict[str, Any]]] = [
    ("met ada --where 'PyCon UK' --would-hire", {"where": "PyCon UK", "would_hire": True}),
    (
        "researched ada --note 'leads a team' --common-ground PyCon --common-ground chess",
        {"note": "leads a team", "common_ground": ["PyCon", "chess"]},
    ),
    (
        "spotted-online ada --group 'Rust Forum' --said hi --key-contributor",
        {"group": "Rust Forum", "said": "hi", "key_contributor": True},
    ),
    ("motivation ada training --detail 'a course'", {"kind": "training", "detail": "a course"}),
    ("career-move ada --kind gap --detail 'a year off'", {"kind": "gap", "detail": "a year off"}),
    ("emailed ada", {"intent": "networking", "topic": None}),
    ("emailed ada --intent follow-up --topic types", {"intent": "follow-up", "topic": "types"}),
    ("called ada", {"outcome": "connected"}),
    ("called ada --outcome voicemail", {"outcome": "voicemail"}),
    ("replied ada", {}),
    ("declined-busy ada", {"callback_at": None}),
    (
        "declined-busy ada --callback '2026-03-09 15:00'",
        {"callback_at": "2026-03-09T15:00:00+00:00"},
    ),
    ("rescheduled ada --to 2026-03-10T09:30+01:00", {"to": "2026-03-10T09:30:00+01:00"}),
    ("declined ada", {}),
    ("referral-asked ada --skill Rust --skill go", {"skills": ["rust", "go"]}),
    ("referral-received ada --who grace", {"who": "grace"}),
    ("connection-offered ada --note 'our compiler team'", {"note": "our compiler team"}),
    ("opportunity-presented ada --role 'Staff engineer'", {"role": "Staff engineer"}),
    (  # a date alone: that day in London (summer time), where ada lives
        "past-candidacy ada --kind interviewed --on 2023-05-02 --role Data",
        {"kind": "interviewed", "role": "Data", "occurred_at": "2023-05-02T00:00:00+01:00"},
    ),
    (
        "profile-updated ada --company Engines --title Lead --skill rust --tz Europe/Paris",
        {"company": "Engines", "title": "Lead", "skills": ["rust"], "tz": "Europe/Paris"},
    ),
    ("retracted ada 2 --reason 'wrong person'", {"retracted_version": 2, "reason": "wrong person"}),
    (
        "snoozed ada --until 2026-04-01T09:00 --reason 'on leave'",
        {"until": "2026-04-01T09:00:00+00:00", "reason": "on leave"},
    ),
    ("opted-out ada", {}),
]
# What must be on record before an event can be (a retraction needs something to withdraw).
BEFORE = {"retracted": ["replied", "ada", "--at", "2026-03-04T10:00"]}


def test_every_event_of_the_playbook_has_a_record_command(outreach: Outreach) -> None:
    listed = outreach.ok("record", "--help").stdout
    assert all(kind in listed for kind in RECORDABLE)
    assert {typed.split()[0] for typed, _ in EVERY_EVENT} == set(RECORDABLE)


@pytest.mark.parametrize(("typed", "fields"), EVERY_EVENT, ids=[t for t, _ in EVERY_EVENT])
def test_record_writes_the_event_with_the_options_as_its_fields(
    outreach: Outreach, typed: str, fields: dict[str, Any]
) -> None:
    add_ada(outreach)
    args = shlex.split(typed)
    if args[0] in BEFORE:
        outreach.ok("record", *BEFORE[args[0]])
    when = [] if "--on" in args else ["--at", "2026-03-05T10:00"]
    result = outreach.ok("record", *args, *when)
    assert result.stdout.startswith(f"recorded {args[0]}")
    history = outreach.json("history", "ada")
    assert len(history) == 2 + (args[0] in BEFORE)
    last = next(e for e in history if e["event"] == args[0])
    assert last["by"] == "sam"
    expected = {"occurred_at": "2026-03-05T10:00:00+00:00", **fields}
    assert {k: last[k] for k in expected} == expected


def test_add_records_every_contact_point_and_says_what_to_do_next(outreach: Outreach) -> None:
    add_ada(outreach)
    (added,) = outreach.json("history", "ada")
    assert added["event"] == "added" and added["occurred_at"] == "2026-03-01T09:00:00+00:00"
    assert added["skills"] == ["python", "compilers"] and added["company"] == "Babbage & Co"
    result = outreach.ok("add", "grace", "--name", "Grace Hopper")
    assert result.stdout.splitlines()[0].startswith("added grace (Grace Hopper)")
    assert result.stdout.splitlines()[1].startswith("next: Research Grace Hopper")


def test_recording_a_dont_warns_with_its_rule_and_still_records(outreach: Outreach) -> None:
    add_ada(outreach)
    result = outreach.ok("record", "called", "ada", "--at", "2026-03-05T10:00")
    assert "warning: Called Ada Lovelace" in result.stderr
    assert "(email-before-calling)" in result.stderr and "(know-the-person)" in result.stderr
    assert [e["event"] for e in outreach.json("history", "ada")] == ["added", "called"]


def test_a_clean_record_prints_no_warning(outreach: Outreach) -> None:
    add_ada(outreach)
    outreach.ok("record", "researched", "ada", "--common-ground", "PyCon")
    result = outreach.ok("record", "emailed", "ada", "--topic", "PyCon talks")
    assert result.stderr == ""
    assert "next: " in result.stdout


def test_global_options_are_accepted_after_the_command_too(outreach: Outreach) -> None:
    add_ada(outreach)
    outreach.ok("record", "replied", "ada", "--as", "alex", "--now", "2026-03-04T12:00", now=None)
    last = outreach.json("history", "ada")[-1]
    assert last["by"] == "alex" and last["occurred_at"] == "2026-03-04T12:00:00+00:00"


def test_a_time_with_no_offset_is_on_the_recruiters_clock(outreach: Outreach) -> None:
    add_ada(outreach)
    outreach.ok("record", "replied", "ada", "--at", "2026-03-05 10:00", OUTREACH_TZ="Europe/Paris")
    assert outreach.json("history", "ada")[-1]["occurred_at"] == "2026-03-05T10:00:00+01:00"


def test_group_watch_and_contributed_are_recorded(outreach: Outreach) -> None:
    result = outreach.ok("group", "watch", "Rust Forum", "--at", "2026-02-01")
    assert result.stdout.startswith("watching Rust Forum")
    result = outreach.ok("group", "contributed", "Rust Forum", "--note", "answered a question")
    assert result.stdout.startswith("recorded a contribution to Rust Forum")
    assert outreach.events() == 3  # the group noted, watched, contributed


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["record", "emailed", "bob"], ["'bob'", "outreach add"]),
        (["record", "emailed", "ada", "--at", "2026-03-07T11:00"], ["in the future"]),
        (["record", "rescheduled", "ada", "--to", "2026-03-01", "--at", "2026-03-02"], ["after"]),
        (["add", "ada", "--name", "Someone Else"], ["already exists"]),
        (["add", "Not A Handle!", "--name", "X"], ["handle"]),
        (["add", "zed", "--name", "Zed", "--tz", "Mars/Base"], ["time zone"]),
        (["add", "zed", "--name", " "], ["name"]),
    ],
)
def test_a_refused_command_says_why_in_one_line_and_writes_nothing(
    outreach: Outreach, args: list[str], words: list[str]
) -> None:
    add_ada(outreach)
    before = outreach.events()
    refused(outreach(*args), 1, *words)
    assert outreach.events() == before


def test_no_outbound_touch_after_an_opt_out(outreach: Outreach) -> None:
    add_ada(outreach)
    outreach.ok("record", "opted-out", "ada", "--at", "2026-03-02")
    before = outreach.events()
    refused(outreach("record", "emailed", "ada"), 1, "respect-opt-out")
    assert outreach.events() == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["record", "motivation", "ada", "money"], ["KIND", "'money' is not one of"]),
        (["record", "emailed", "ada", "--intent", "pitch"], ["--intent"]),
        (["record", "emailed", "ada", "--at", "yesterday-ish"], ["--at", "ISO 8601"]),
        (["record", "met", "ada"], ["--where"]),
        (["record", "past-candidacy", "ada", "--kind", "placed"], ["--on"]),
        (["record", "waved", "ada"], ["waved"]),
        (["add", "zed"], ["--name"]),
        (["add", "zed", "--name", "Zed", "--source", "magic"], ["--source"]),
    ],
)
def test_bad_usage_exits_2_with_one_line(
    outreach: Outreach, args: list[str], words: list[str]
) -> None:
    add_ada(outreach)
    before = outreach.events()
    line = refused(outreach(*args), 2, *words)
    assert "(see 'outreach " in line and "--help')" in line
    assert outreach.events() == before
