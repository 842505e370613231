"""One message read from its headers: who wrote to whom, when, about what, and whether it was
written by a machine. Malformed mail raises ``Malformed`` with the reason it is skipped.

Only the headers are parsed for every message (fast, and nothing of the body is kept); the
body is read, and then only its text, for the pitch words of a recruiter's own email.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

MAX_SIZE = 10 * 1024 * 1024  # bytes: past this a message is skipped unread
MAX_SUBJECT = 2000  # the longest text the engine keeps
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FOLDING = re.compile(r"\r?\n[ \t]")
AUTOMATIC_SUBJECTS = (
    "automatic reply",
    "auto-reply",
    "autoreply",
    "out of office",
    "out of the office",
)
MACHINE_SENDERS = ("mailer-daemon", "postmaster")
AUTOMATIC_PRECEDENCE = ("auto_reply", "bulk", "list", "junk")
_PARSER = BytesParser(policy=compat32)


class Malformed(ValueError):
    """A message that cannot be read as it is: skipped, and counted under ``reason``."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True, slots=True)
class Letter:
    """A message's envelope, as its headers tell it."""

    sent_at: datetime
    sender: str
    recipients: tuple[str, ...]
    subject: str
    identity: str  # the Message-ID, else its Date, From, To and Subject
    machine: str | None  # "automatic reply" or "bounce" when no person wrote it


def read(raw: bytes) -> Letter:
    """The envelope of the message ``raw`` (its headers at least)."""
    message = _PARSER.parsebytes(raw, headersonly=True)
    subject = _text(message, "Subject")
    if CONTROL.search(subject):
        raise Malformed("header injection in Subject")
    sender = _address(_text(message, "From"))
    recipients = tuple(
        address.lower()
        for _, address in getaddresses([_text(message, h) for h in ("To", "Cc", "Bcc")])
        if "@" in address
    )
    return Letter(
        sent_at=_date(message),
        sender=sender,
        recipients=recipients,
        subject=subject.strip()[:MAX_SUBJECT],
        identity=_identity(message),
        machine=_machine(message, sender, subject),
    )


def _text(message: Message, name: str) -> str:
    """A header's text, its encoded words decoded; bad encodings are malformed."""
    # The raw values: compat32 would turn undeclared 8-bit bytes into replacement characters.
    values = [v for k, v in message.raw_items() if k.lower() == name.lower()]
    if len(values) > 1 and name in ("Subject", "From", "Date"):
        raise Malformed(f"header injection in {name}")
    value = FOLDING.sub(" ", ", ".join(str(v) for v in values))
    if "\r" in value or "\n" in value:
        raise Malformed(f"header injection in {name}")
    try:
        # compat32 keeps raw 8-bit bytes as surrogates: they must be UTF-8 to be text.
        value = value.encode("utf-8", "surrogateescape").decode("utf-8")
        return str(make_header(decode_header(value))) if "=?" in value else value
    except (UnicodeError, LookupError, ValueError):
        raise Malformed(f"bad encoding in {name}") from None
    except Exception:  # the email package raises its own kinds on broken encoded words
        raise Malformed(f"bad encoding in {name}") from None


def _address(value: str) -> str:
    address = parseaddr(value)[1].strip().lower()
    if "@" not in address:
        raise Malformed("no sender address")
    return address


def _date(message: Message) -> datetime:
    value = _text(message, "Date").strip()
    if not value:
        raise Malformed("no Date")
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        raise Malformed("unreadable Date") from None
    if moment.tzinfo is None:  # "-0000": the time is UTC, the zone unknown
        moment = moment.replace(tzinfo=UTC)
    if not 1900 <= moment.year <= 2999:
        raise Malformed("unreadable Date")
    return moment


def _identity(message: Message) -> str:
    found = re.search(r"<([^<>\s]+)>", str(message.get("Message-ID", "")))
    if found:
        return "id:" + found[1]
    parts = (str(message.get(h, "")).strip() for h in ("Date", "From", "To", "Subject"))
    return "headers:" + "\x00".join(parts)


def _machine(message: Message, sender: str, subject: str) -> str | None:
    """Why no person wrote this message, if none did."""
    kind = str(message.get("Content-Type", "")).lower()
    local = sender.partition("@")[0]
    if local in MACHINE_SENDERS or ("report" in kind and "delivery-status" in kind):
        return "bounce"
    auto = str(message.get("Auto-Submitted", "no")).split(";")[0].strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    if (
        auto != "no"
        or message.get("X-Autoreply") is not None
        or message.get("X-Autorespond") is not None
        or precedence in AUTOMATIC_PRECEDENCE
        or subject.strip().lower().startswith(AUTOMATIC_SUBJECTS)
    ):
        return "automatic reply"
    return None


def body_text(raw: bytes) -> str:
    """The text of a whole message (plain text parts, else HTML without its tags)."""
    message = _PARSER.parsebytes(raw)
    plain: list[str] = []
    html: list[str] = []
    for part in message.walk():
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html") or part.get_filename():
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload.decode(charset, "replace")
        except LookupError:
            text = payload.decode("utf-8", "replace")
        (plain if kind == "text/plain" else html).append(text)
    if plain:
        return "\n".join(plain)
    return re.sub(r"<[^>]*>", " ", "\n".join(html))


def pitch_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the pitch words, as a whole word, singular or plural."""
    forms = []
    for word in words:
        stem = re.escape(word.strip().lower())
        forms.append(f"{stem[:-1]}(?:y|ies)" if word.endswith("y") else f"{stem}(?:e?s)?")
    return re.compile(r"\b(?:" + "|".join(forms) + r")\b", re.IGNORECASE)
