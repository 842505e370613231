"""``mail sync`` over TLS: a TLS front (a certificate made here) before the pymap server, and
the client trusting that certificate only through SSL_CERT_FILE, as a system's trust store."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .conftest import Outreach
from .imapserver import PASSWORD, Server
from .mailmaker import ADA, SAM, days, message


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert, private = folder / "cert.pem", folder / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, private


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    for end in (source, sink):
        with contextlib.suppress(OSError):
            end.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def tls_front(server: Server, tmp_path: Path) -> Iterator[tuple[int, Path]]:
    """A TLS port that hands each connection, decrypted, to the IMAP server."""
    cert, key = _certificate(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def accept() -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                secure = context.wrap_socket(client, server_side=True)
            except (OSError, ssl.SSLError):
                client.close()
                continue
            backend = socket.create_connection(("127.0.0.1", server.port))
            for pair in ((secure, backend), (backend, secure)):
                threading.Thread(target=_pump, args=pair, daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield port, cert
    listener.close()


def test_a_sync_over_tls_trusts_the_system_s_certificates(
    outreach: Outreach, server: Server, tls_front: tuple[int, Path]
) -> None:
    port, cert = tls_front
    server.append("INBOX", message(ADA, SAM, "Re: hello", at=days(1)))
    args = ["mail", "sync", "--imap", f"imaps://{SAM}@127.0.0.1:{port}", "--me", SAM]
    args += ["--folder", "Sent"]
    found = outreach.json(*args, OUTREACH_IMAP_PASSWORD=PASSWORD, SSL_CERT_FILE=str(cert))
    assert found["recorded"] == {"replied": 1}


def test_a_certificate_nobody_trusts_is_refused(
    outreach: Outreach, server: Server, tls_front: tuple[int, Path]
) -> None:
    port, _ = tls_front
    args = ["mail", "sync", "--imap", f"imaps://{SAM}@127.0.0.1:{port}", "--me", SAM]
    result = outreach(*args, "--folder", "Sent", OUTREACH_IMAP_PASSWORD=PASSWORD)
    assert result.exit_code == 1 and "no secure connection" in result.stderr
    assert outreach.events() == 1  # Ada's addition only
