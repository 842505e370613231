"""``outreach mail import``: mbox, Maildir and .eml files, recorded once, the rest counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import Outreach
from .mailmaker import ADA, SAM, conversation, days, message, write_eml, write_maildir, write_mbox

ME = ("--me", SAM)


def _kinds(outreach: Outreach) -> list[str]:
    return [e["event"] for e in outreach.history()]


@pytest.mark.parametrize(
    "write", [write_mbox, write_maildir, write_eml], ids=["mbox", "Maildir", "eml"]
)
def test_mail_to_and_from_a_known_person_is_recorded_once(
    outreach: Outreach, tmp_path: Path, write: object
) -> None:
    path = write(tmp_path / "mail", conversation())  # type: ignore[operator]
    summary = outreach.json("mail", "import", str(path), *ME)
    assert summary["read"] == 4 and summary["matched"] == 2
    assert summary["recorded"] == {"emailed": 1, "replied": 1}
    assert summary["skipped"] == {"automatic reply": 1, "no known person in it": 1}
    emailed = outreach.history()[1]
    assert emailed["event"] == "emailed" and emailed["intent"] == "networking"
    assert emailed["intent_inferred"] is True and emailed["topic"] == "Your compilers talk"
    assert _kinds(outreach) == ["added", "emailed", "replied"]
    events = outreach.events()

    again = outreach.json("mail", "import", str(path), *ME)
    assert again["recorded"] == {} and again["already_recorded"] == 2
    assert outreach.events() == events


def test_the_same_message_in_two_folders_is_recorded_once(
    outreach: Outreach, tmp_path: Path
) -> None:
    sent = [message(SAM, ADA)]
    outreach.ok("mail", "import", str(write_mbox(tmp_path / "Sent.mbox", sent)), *ME)
    copy = outreach.json("mail", "import", str(write_eml(tmp_path / "copy", sent)), *ME)
    assert copy["already_recorded"] == 1
    assert _kinds(outreach) == ["added", "emailed"]


def test_a_message_without_message_id_is_known_by_its_headers(
    outreach: Outreach, tmp_path: Path
) -> None:
    path = write_mbox(tmp_path / "m.mbox", [message(SAM, ADA, mid=None)])
    outreach.ok("mail", "import", str(path), *ME)
    assert outreach.json("mail", "import", str(path), *ME)["already_recorded"] == 1


def test_a_reply_to_a_networking_email_leads_to_asking_about_motivations(
    outreach: Outreach, tmp_path: Path
) -> None:
    outreach.ok("mail", "import", str(write_mbox(tmp_path / "m", conversation())), *ME)
    assert outreach.json("next", "ada")["action"] == "ask-motivation"


def test_an_out_of_office_is_not_a_reply(outreach: Outreach, tmp_path: Path) -> None:
    away = [m for m in conversation() if "Thanks" not in m.get_content()]
    outreach.ok("mail", "import", str(write_mbox(tmp_path / "m", away)), *ME)
    assert _kinds(outreach) == ["added", "emailed"]
    assert outreach.json("next", "ada")["action"] == "call"


@pytest.mark.parametrize(
    ("headers", "subject", "sender", "reason"),
    [
        ({"Auto_Submitted": "auto-replied"}, "Hi", ADA, "automatic reply"),
        ({"X_Autoreply": "yes"}, "Hi", ADA, "automatic reply"),
        ({"Precedence": "bulk"}, "Hi", ADA, "automatic reply"),
        ({"Precedence": "auto_reply"}, "Hi", ADA, "automatic reply"),
        ({}, "Out of office: back Monday", ADA, "automatic reply"),
        ({}, "Automatic reply: Hi", ADA, "automatic reply"),
        ({}, "Undelivered Mail Returned to Sender", "MAILER-DAEMON@mx.example", "bounce"),
        ({}, "Delivery failure", "postmaster@mx.example", "bounce"),
    ],
)
def test_mail_written_by_machines_is_counted_not_recorded(
    outreach: Outreach,
    tmp_path: Path,
    headers: dict[str, str],
    subject: str,
    sender: str,
    reason: str,
) -> None:
    path = write_mbox(tmp_path / "m", [message(sender, SAM, subject, **headers)])
    summary = outreach.json("mail", "import", str(path), *ME)
    assert summary["skipped"] == {reason: 1}
    assert _kinds(outreach) == ["added"]


def test_mail_between_your_own_addresses_is_not_recorded(
    outreach: Outreach, tmp_path: Path
) -> None:
    path = write_mbox(tmp_path / "m", [message(SAM, "SAM@home.example, " + SAM)])
    summary = outreach.json("mail", "import", str(path), *ME, "--me", "sam@home.example")
    assert summary["skipped"] == {"between your own addresses": 1}


def test_a_known_person_is_known_by_any_address_on_record_in_any_case(
    outreach: Outreach, tmp_path: Path
) -> None:
    outreach.ok("add", "bob", "--name", "Bob Babbage", "--email", "Bob@Engine.example")
    path = write_mbox(tmp_path / "m", [message(SAM, "BOB@engine.EXAMPLE, ada@EXAMPLE.org")])
    assert outreach.json("mail", "import", str(path), *ME)["recorded"] == {"emailed": 2}


def test_a_pitch_word_makes_it_an_opportunity_and_warns_as_by_hand(
    outreach: Outreach, tmp_path: Path
) -> None:
    pitch = message(SAM, ADA, "Hello", "We have an opening for a compiler engineer.")
    result = outreach.ok("mail", "import", str(write_mbox(tmp_path / "m", [pitch])), *ME)
    assert "pitch" in result.stderr.lower()
    assert outreach.history()[1]["intent"] == "opportunity"


def test_the_second_email_of_a_round_is_a_follow_up(outreach: Outreach, tmp_path: Path) -> None:
    mails = [message(SAM, ADA, "Compilers", at=days(0)), message(SAM, ADA, "Again", at=days(3))]
    # In the mailbox the later one comes first: they are recorded in the order sent.
    outreach.ok("mail", "import", str(write_mbox(tmp_path / "m", mails[::-1])), *ME)
    assert [e.get("intent") for e in outreach.history()[1:]] == ["networking", "follow-up"]


def test_team_pitch_words_and_addresses_come_from_the_settings(
    outreach: Outreach, tmp_path: Path
) -> None:
    settings = tmp_path / "outreach.toml"
    settings.write_text(f'[mail]\nme = ["{SAM}"]\npitch_words = ["gig"]\n')
    mails = [message(SAM, ADA, "A gig for you", at=days(0))]
    path = write_mbox(tmp_path / "m", mails)
    outreach.ok("mail", "import", str(path), "--settings", str(settings))
    assert outreach.history()[1]["intent"] == "opportunity"


def test_one_eml_file_may_say_its_intent(outreach: Outreach, tmp_path: Path) -> None:
    one = write_eml(tmp_path / "one", [message(SAM, ADA, "Let me introduce a friend")])
    outreach.ok("mail", "import", str(one / "000.eml"), *ME, "--intent", "connection-offer")
    emailed = outreach.history()[1]
    assert emailed["intent"] == "connection-offer" and emailed["intent_inferred"] is False


def test_mail_after_the_opt_out_is_named_and_not_recorded(
    outreach: Outreach, tmp_path: Path
) -> None:
    outreach.ok("record", "opted-out", "ada", "--at", "2026-03-02T09:00Z")
    path = write_mbox(tmp_path / "m", conversation())
    result = outreach("mail", "import", str(path), *ME)
    assert result.exit_code == 0, result.stderr
    assert "after the opt-out" in result.stderr and "ada" in result.stderr
    assert _kinds(outreach) == ["added", "opted-out"]


def test_a_dry_run_writes_nothing(outreach: Outreach, tmp_path: Path) -> None:
    events = outreach.events()
    path = write_mbox(tmp_path / "m", conversation())
    summary = outreach.json("mail", "import", str(path), *ME, "--dry-run")
    assert summary["recorded"] == {"emailed": 1, "replied": 1} and summary["dry_run"]
    assert outreach.events() == events


def test_without_your_addresses_nothing_is_read(outreach: Outreach, tmp_path: Path) -> None:
    result = outreach("mail", "import", str(write_mbox(tmp_path / "m", conversation())))
    assert result.exit_code == 1 and "--me" in result.stderr
    assert _kinds(outreach) == ["added"]


def test_a_file_that_is_not_mail_is_refused(outreach: Outreach, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\n")
    result = outreach("mail", "import", str(tmp_path / "notes.txt"), *ME)
    assert result.exit_code == 1 and "not an mbox file" in result.stderr


def test_the_summary_is_a_table(outreach: Outreach, tmp_path: Path) -> None:
    result = outreach.ok("mail", "import", str(write_mbox(tmp_path / "m", conversation())), *ME)
    assert "recorded: emailed\t1" in result.stdout
    assert "skipped: automatic reply\t1" in result.stdout


def test_a_name_that_looks_like_an_address_does_not_make_the_sender(
    outreach: Outreach, tmp_path: Path
) -> None:
    disguised = message(f'"{ADA}" <someone@unknown.example>', SAM, "Re: hello", at=days(1))
    summary = outreach.json("mail", "import", str(write_mbox(tmp_path / "m", [disguised])), *ME)
    assert summary["skipped"] == {"no known person in it": 1}


def test_a_subject_in_raw_utf8_is_read(outreach: Outreach, tmp_path: Path) -> None:
    raw = (
        "From: sam@agency.example\nTo: Ada <ada@example.org>\n"
        "Date: Mon, 02 Mar 2026 12:00:00 +0000\nSubject: Café talk\n\nHello\n"
    ).encode()
    outreach.ok("mail", "import", str(write_eml(tmp_path / "e", [raw])), *ME)
    assert outreach.history()[1]["topic"] == "Café talk"


def test_a_terminal_shows_a_progress_bar_and_a_table(outreach: Outreach, tmp_path: Path) -> None:
    many = [message(f"someone{n}@unknown.example", SAM, f"Hello {n}") for n in range(250)]
    path = write_mbox(tmp_path / "m", [*conversation(), *many])
    result = outreach.ok("mail", "import", str(path), *ME, TTY_COMPATIBLE="1")
    assert "reading" in result.stderr  # the bar, drawn on stderr
    assert "recorded: emailed" in result.stdout and "│" in result.stdout  # a drawn table
