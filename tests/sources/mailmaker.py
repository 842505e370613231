"""Mail for the tests: messages as a mail program writes them, in an mbox, a Maildir or
.eml files."""

from __future__ import annotations

import hashlib
import mailbox
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

SAM = "sam@agency.example"
ADA = "ada@example.org"
START = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)  # a Monday


def message(
    sender: str,
    to: str,
    subject: str = "Your compilers talk",
    body: str = "I loved your talk on type checkers.",
    *,
    at: datetime = START,
    mid: str | None = "",
    **headers: str,
) -> EmailMessage:
    """A message; ``mid=""`` makes a Message-ID from the subject and time, None leaves it out."""
    made = EmailMessage()
    made["From"], made["To"], made["Subject"] = sender, to, subject
    made["Date"] = format_datetime(at)
    if mid is not None:
        made["Message-ID"] = mid or f"<{_digest(sender, subject, at)}@mail.example>"
    for name, value in headers.items():
        made[name.replace("_", "-")] = value
    made.set_content(body)
    return made


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def days(n: float) -> datetime:
    return START + timedelta(days=n)


def conversation() -> list[EmailMessage]:
    """Sam writes to Ada, Ada is away, Ada replies; a stranger writes to Sam."""
    return [
        message(f"Sam Smith <{SAM}>", f"Ada Lovelace <{ADA.upper()}>"),
        message(
            f"Ada Lovelace <{ADA}>",
            SAM,
            "Automatic reply: Your compilers talk",
            "I am away until Wednesday.",
            at=days(0.01),
            Auto_Submitted="auto-replied",
        ),
        message(
            f"Ada Lovelace <{ADA}>", SAM, "Re: Your compilers talk", "Thanks, Sam!", at=days(1)
        ),
        message(
            "Stranger <stranger@unknown.example>",
            SAM,
            "Hello",
            "a phrase only the stranger wrote",
            at=days(1),
        ),
    ]


def write_mbox(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.mbox(path)
    for item in messages:
        box.add(item)
    box.close()
    return path


def write_maildir(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.Maildir(path)
    for item in messages:
        box.add(item)
    box.close()
    return path


def write_eml(folder: Path, messages: list[EmailMessage | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, item in enumerate(messages):
        data = item if isinstance(item, bytes) else item.as_bytes()
        (folder / f"{n:03}.eml").write_bytes(data)
    return folder
