"""``outreach mail sync`` against a real IMAP server: pymap, in memory, on a free port."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from imap_tools import FolderInfo
from outreach.sources.imap import ImapError, folders_to_read, parse_account

from .conftest import Outreach
from .imapserver import PASSWORD, Server
from .mailmaker import ADA, SAM, days, message


def _sync(outreach: Outreach, server: Server, *more: str) -> dict[str, object]:
    args = ("mail", "sync", "--imap", server.url, "--me", SAM, "--folder", "Sent", *more)
    found: dict[str, object] = outreach.json(*args, OUTREACH_IMAP_PASSWORD=PASSWORD)
    return found


def test_a_sync_records_what_is_new_and_a_second_adds_nothing(
    outreach: Outreach, server: Server
) -> None:
    server.append("Sent", message(SAM, ADA, at=days(0)))
    server.append(
        "INBOX",
        message(ADA, SAM, "Out of office", at=days(0.01), X_Autoreply="yes"),
        message(ADA, SAM, "Re: Your compilers talk", at=days(1)),
        message("someone@unknown.example", SAM, "Hello", at=days(1)),
    )
    first = _sync(outreach, server)
    assert first["recorded"] == {"emailed": 1, "replied": 1}
    assert first["skipped"] == {"automatic reply": 1, "no known person in it": 1}
    assert [e["event"] for e in outreach.history()] == ["added", "emailed", "replied"]
    events = outreach.events()

    second = _sync(outreach, server)
    assert second["read"] == 0 and second["recorded"] == {}
    assert outreach.events() == events
    assert server.unseen("INBOX") >= 2  # syncing marks nothing as seen

    server.append("INBOX", message(ADA, SAM, "Re: Re: Your compilers talk", at=days(2)))
    third = _sync(outreach, server)
    assert third["read"] == 1 and third["recorded"] == {"replied": 1}


def test_a_dry_run_keeps_no_position(outreach: Outreach, server: Server) -> None:
    server.append("INBOX", message(ADA, SAM, "Re: hello", at=days(1)))
    assert _sync(outreach, server, "--dry-run")["recorded"] == {"replied": 1}
    assert _sync(outreach, server)["recorded"] == {"replied": 1}


def test_the_sent_folder_must_be_flagged_or_named(outreach: Outreach, server: Server) -> None:
    result = outreach(
        "mail", "sync", "--imap", server.url, "--me", SAM, OUTREACH_IMAP_PASSWORD=PASSWORD
    )
    assert result.exit_code == 1 and "--folder" in result.stderr


def test_a_wrong_password_is_refused_clearly(outreach: Outreach, server: Server) -> None:
    result = outreach(
        "mail", "sync", "--imap", server.url, "--me", SAM, "--folder", "Sent",
        OUTREACH_IMAP_PASSWORD="wrong",
    )  # fmt: skip
    assert result.exit_code == 1 and "refused the login" in result.stderr


def test_without_a_password_and_no_terminal_nothing_is_read(
    outreach: Outreach, server: Server
) -> None:
    result = outreach("mail", "sync", "--imap", server.url, "--me", SAM, "--folder", "Sent")
    assert result.exit_code == 1 and "OUTREACH_IMAP_PASSWORD" in result.stderr


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("imap://sam@imap.agency.example", "in the clear"),
        ("imaps://sam:secret@imap.agency.example", "do not put the password"),
        ("https://imap.agency.example", "expected imaps://"),
        ("imaps://imap.agency.example", "expected imaps://"),
    ],
)
def test_unsafe_or_malformed_server_addresses_are_refused(url: str, words: str) -> None:
    with pytest.raises(ImapError, match=words):
        parse_account(url)


def test_tls_is_the_default_and_a_local_server_may_go_without() -> None:
    account = parse_account("imaps://sam@agency.example@imap.agency.example")
    assert account.tls and account.port == 993 and account.user == "sam@agency.example"
    assert not parse_account("imap://sam@localhost:1143").tls


class _Folders:
    """A server's folder list, as imap-tools gives it (a hand-written fake)."""

    def __init__(self, *folders: tuple[str, tuple[str, ...]]) -> None:
        self.folders = [FolderInfo(name, "/", flags) for name, flags in folders]

    def list(self) -> list[FolderInfo]:
        return self.folders


def test_the_sent_folder_is_the_one_the_server_flags() -> None:
    box = SimpleNamespace(
        folder=_Folders(("INBOX", ()), ("[Gmail]/Sent Mail", ("\\HasNoChildren", "\\Sent")))
    )
    assert folders_to_read(box, ()) == ["INBOX", "[Gmail]/Sent Mail"]
    with pytest.raises(ImapError, match="no folder 'Outbox'"):
        folders_to_read(box, ("Outbox",))
