"""What the mailbox holds, and bringing it in, as steps: real messages, read by the mail reader
(outreach.sources.mail) as ``outreach mail import`` reads them. Nothing here decides what the
playbook says; the Then-steps are the shared ones (steps_answers.py)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from outreach.sources.mail import MailReader
from outreach.sources.mailboxes import Piece
from pytest_bdd import given, parsers, step

from .scene import Scene
from .words import NAME, moment_pattern

ON = " on " + moment_pattern()
WHO = rf"(?P<who>{NAME})"
PERSON = rf"(?P<name>{NAME})"


def _re(pattern: str) -> parsers.re:
    return parsers.re(pattern)


def address_of(recruiter: str) -> str:
    return f"{recruiter.lower()}@agency.example"


@pytest.fixture
def mailbox() -> list[EmailMessage]:
    """The messages a scenario put in the recruiter's mailbox."""
    return []


@pytest.fixture
def addresses() -> dict[str, str]:
    """The email addresses on record, by first name."""
    return {}


@given(_re(rf"{PERSON}'s email address is (?P<address>\S+@\S+)"))
def email_address(scene: Scene, addresses: dict[str, str], name: str, address: str) -> None:
    """Their address is on record from when they were added (the story is told first)."""
    handle = scene.handle(name)
    added = [kw for _, command, args, kw in scene.pending if command == "add" and args[0] == handle]
    assert added, f"say {name}'s email address right after {name} was added"
    added[-1]["email"] = addresses[name] = address


def _message(sender: str, to: str, subject: str, when: str, scene: Scene) -> EmailMessage:
    made = EmailMessage()
    made["From"], made["To"], made["Subject"] = sender, to, subject
    made["Date"] = format_datetime(scene.moment(when))
    made["Message-ID"] = f"<{abs(hash((sender, subject, when)))}@mail.example>"
    made.set_content("Hello,\n\nA few words, never kept.\n")
    return made


@given(_re(rf"{WHO}'s sent mail holds an email to {PERSON} about \"(?P<subject>[^\"]+)\"" + ON))
def sent_email(
    mailbox: list[EmailMessage],
    addresses: dict[str, str],
    scene: Scene,
    who: str,
    name: str,
    subject: str,
    when: str,
) -> None:
    mailbox.append(_message(address_of(who), _address(addresses, name), subject, when, scene))


@given(_re(rf"{PERSON}'s (?P<auto>automatic out-of-office )?reply arrived in {WHO}'s inbox" + ON))
def reply(
    mailbox: list[EmailMessage],
    addresses: dict[str, str],
    scene: Scene,
    name: str,
    auto: str | None,
    who: str,
    when: str,
) -> None:
    subject = "Out of office: back next week" if auto else "Re: hello"
    message = _message(_address(addresses, name), address_of(who), subject, when, scene)
    if auto:
        message["Auto-Submitted"] = "auto-replied"
    mailbox.append(message)


@step(_re(rf"{WHO} brings in (?:her|his|their) mail"))
def bring_in(scene: Scene, mailbox: list[EmailMessage], who: str) -> None:
    for message in mailbox:
        scene.happened(parsedate_to_datetime(message["Date"]))
    reader = MailReader(scene.engine, [address_of(who)], source="the mailbox")
    raw = [message.as_bytes() for message in mailbox]
    reader.read(Piece(len(data), lambda data=data: data) for data in raw)
    reader.finish()


def _address(addresses: dict[str, str], name: str) -> str:
    if name not in addresses:
        raise AssertionError(f"say {name}'s email address first")
    return addresses[name]
