"""Mail on an IMAP server, read incrementally through imap-tools.

INBOX and the sent folder (the one flagged ``\\Sent``, else those named) are read; per folder,
the store keeps the UIDVALIDITY and the last UID read (``Ledger.read_up_to``), so the next sync
asks only for what is new. A changed UIDVALIDITY means the server renumbered the folder: it is
read again from the start, and what was recorded already is recognised and skipped. Folders are
opened read-only and messages fetched with ``BODY.PEEK``: syncing marks nothing as seen.

Headers come first for every new message, with its size; the whole of a message is fetched
only for the recruiter's own email to a known person (for its pitch words), and never for one
larger than ``MAX_SIZE``. Positions are saved once what was read is recorded.
"""

from __future__ import annotations

import contextlib
import ipaddress
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from outreach.domain.errors import OutreachError
from outreach.sources.mail import MailReader
from outreach.sources.mailboxes import Piece

BATCH = 200  # headers fetched per command
TIMEOUT = 30  # seconds: a server that says nothing for this long is given up on
INBOX = "INBOX"
PASSWORD_ENV = "OUTREACH_IMAP_PASSWORD"


class ImapError(OutreachError):
    """The IMAP server could not be used: the message says why and what to do."""


@dataclass(frozen=True)
class Account:
    """An IMAP account from ``imaps://USER@HOST[:PORT]`` (or ``imap://`` to this machine)."""

    user: str
    host: str
    port: int
    tls: bool

    @property
    def key(self) -> str:
        return f"{self.user}@{self.host}:{self.port}".lower()

    def describe(self) -> str:
        return f"{'imaps' if self.tls else 'imap'}://{self.user}@{self.host}:{self.port}"


def parse_account(url: str) -> Account:
    """The account a URL names; a password in it, or plain imap:// to another machine, is
    refused (either would send or keep the password in the clear)."""
    parts = urlsplit(url.strip())
    usage = "expected imaps://USER@HOST[:PORT], such as imaps://sam@agency.example@imap.example"
    if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
        raise ImapError(f"cannot use {url!r}: {usage}")
    if parts.password is not None:
        raise ImapError(
            f"do not put the password in the URL (it shows in the process list and the shell's"
            f" history): set {PASSWORD_ENV}, or type it when asked"
        )
    try:
        port = parts.port or (993 if parts.scheme == "imaps" else 143)
    except ValueError:
        raise ImapError(f"cannot use {url!r}: the port is not a number; {usage}") from None
    tls = parts.scheme == "imaps"
    if not tls and not _local(parts.hostname):
        raise ImapError(
            f"imap:// sends your password to {parts.hostname} in the clear: use imaps://"
            " (imap:// is for a server on this machine only)"
        )
    return Account(unquote(parts.username), parts.hostname, port, tls)


def _local(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connect(account: Account, password: str) -> Any:
    """A logged-in imap-tools mailbox; failures become ``ImapError``."""
    from imap_tools import MailBox, MailBoxUnencrypted
    from imap_tools.errors import MailboxLoginError

    try:
        if account.tls:
            box: Any = MailBox(
                account.host, account.port, TIMEOUT, ssl_context=ssl.create_default_context()
            )
        else:
            box = MailBoxUnencrypted(account.host, account.port, TIMEOUT)
    except ssl.SSLError as error:
        raise ImapError(f"no secure connection to {account.describe()}: {error}") from None
    except OSError as error:
        raise ImapError(f"cannot reach {account.describe()}: {error}") from None
    try:
        return box.login(account.user, password, initial_folder=None)
    except MailboxLoginError:
        box.logout()
        raise ImapError(
            f"{account.describe()} refused the login: check the user and {PASSWORD_ENV}"
        ) from None


def folders_to_read(box: Any, named: tuple[str, ...]) -> list[str]:
    """INBOX and the sent folder: the ones named, else the one the server flags ``\\Sent``."""
    listed = box.folder.list()
    if named:
        names = {f.name for f in listed}
        missing = [n for n in named if n not in names]
        if missing:
            raise ImapError(
                f"no folder {missing[0]!r} on the server; it has: {', '.join(sorted(names))}"
            )
        return list(dict.fromkeys([INBOX, *named]))
    sent = [f.name for f in listed if "\\Sent" in f.flags]
    if not sent:
        raise ImapError(
            "the server flags no folder as the sent one (\\Sent): name yours with --folder,"
            " such as --folder Sent"
        )
    return [INBOX, sent[0]]


@dataclass
class Position:
    folder: str
    uidvalidity: int
    last_uid: int


def sync(
    reader: MailReader,
    account: Account,
    password: str,
    named: tuple[str, ...] = (),
    progress: Callable[[int], None] | None = None,
) -> list[Position]:
    """Read what is new in INBOX and the sent folder, record it, then save the positions."""
    from imap_tools.errors import ImapToolsError

    box = connect(account, password)
    positions: list[Position] = []
    try:
        for folder in folders_to_read(box, named):
            positions.append(_read_folder(reader, account, box, folder, progress))
    except (ImapToolsError, OSError) as error:
        raise ImapError(f"{account.describe()} failed while reading: {error}") from None
    finally:
        with contextlib.suppress(Exception):  # the connection may be gone already
            box.logout()
    reader.finish()
    for position in positions:
        reader.ledger.read_up_to(
            account.key, position.folder, position.uidvalidity, position.last_uid
        )
    return positions


def _read_folder(
    reader: MailReader,
    account: Account,
    box: Any,
    folder: str,
    progress: Callable[[int], None] | None,
) -> Position:
    status = box.folder.status(folder, ["UIDVALIDITY", "UIDNEXT"])
    validity = int(status["UIDVALIDITY"])
    known = reader.ledger.folder(account.key, folder)
    after = known[1] if known is not None and known[0] == validity else 0
    box.folder.set(folder, readonly=True)
    uids = [u for u in (int(x) for x in box.uids(f"UID {after + 1}:*")) if u > after]
    reader.read(_pieces(box, uids), progress)
    return Position(folder, validity, max(uids, default=after))


def _pieces(box: Any, uids: list[int]) -> Iterator[Piece]:
    for start in range(0, len(uids), BATCH):
        batch = [str(u) for u in uids[start : start + BATCH]]
        for found in box.fetch(uid_list=batch, headers_only=True, mark_seen=False, bulk=True):
            yield Piece(found.size_rfc822, found.obj.as_bytes, _whole(box, found.uid))


def _whole(box: Any, uid: str) -> Callable[[], bytes]:
    def fetch() -> bytes:
        for found in box.fetch(uid_list=[uid], mark_seen=False):
            data: bytes = found.obj.as_bytes()
            return data
        return b""

    return fetch
