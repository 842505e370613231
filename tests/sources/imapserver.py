"""A real IMAP server for the tests: pymap with its in-memory backend, on a free port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage

from imap_tools import MailBoxUnencrypted

from .mailmaker import SAM

PASSWORD = "correct horse"
SERVER = "from pymap.main import main; main()"


@dataclass
class Server:
    port: int

    @property
    def url(self) -> str:
        return f"imap://{SAM}@127.0.0.1:{self.port}"

    def append(self, folder: str, *messages: EmailMessage) -> None:
        with MailBoxUnencrypted("127.0.0.1", self.port).login(SAM, PASSWORD) as box:
            if not box.folder.exists(folder):
                box.folder.create(folder)
            for item in messages:
                box.append(item.as_bytes(), folder)

    def unseen(self, folder: str) -> int:
        with MailBoxUnencrypted("127.0.0.1", self.port).login(SAM, PASSWORD) as box:
            return int(box.folder.status(folder, ["UNSEEN"])["UNSEEN"])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server() -> Iterator[Server]:
    """The server, with one account (SAM, PASSWORD) holding an empty INBOX and Sent."""
    port = _free_port()
    options = ["--host", "127.0.0.1", "--port", str(port), "--no-service", "admin"]
    user = ["--demo-user", SAM, "--demo-password", PASSWORD]
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER, *options, "--no-tls", "dict", *user],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                time.sleep(0.05)
        running = Server(port)
        running.append("Sent")  # a new account has an INBOX only
        yield running
    finally:
        process.terminate()
        process.wait(timeout=10)
