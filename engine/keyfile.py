"""The master key (engine.privacy wraps the data keys with it): from ``OUTREACH_KEY``, else
from the file named by ``OUTREACH_KEY_FILE``, read only when it is a valid key kept from
others, made atomically when it does not exist yet.

A key file that is empty, short, binary or readable by others is refused, never taken for "no
key" (that would write a store in the clear). A new key is written to a temporary file beside
it, flushed to disk, and linked into place: the name appears only once the key is whole, so a
process racing to make it reads the winner's key, and a full disk leaves no empty key behind.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import secrets
import stat
from collections.abc import Mapping
from pathlib import Path

from outreach.domain.errors import StoreError

MASTER_ENV = "OUTREACH_KEY"
MASTER_FILE_ENV = "OUTREACH_KEY_FILE"
KEY_BYTES = 32
EXAMPLE = 'python -c "import os, base64; print(base64.b64encode(os.urandom(32)).decode())"'


def master_key(env: Mapping[str, str] | None = None) -> bytes | None:
    """The master key from ``OUTREACH_KEY`` (base64 of 32 bytes), else from the file named by
    ``OUTREACH_KEY_FILE`` (made with a new random key, readable by its owner alone, when it does
    not exist yet; below), else None: data keys are then stored unwrapped."""
    env = os.environ if env is None else env
    text = env.get(MASTER_ENV, "").strip()
    if text:
        return decode(text, MASTER_ENV)
    if env.get(MASTER_FILE_ENV, "").strip():
        return read_key_file(Path(env[MASTER_FILE_ENV].strip()).expanduser())
    return None


def not_a_key(source: str, why: str) -> StoreError:
    return StoreError(
        f"{source} is not a master key ({why}): expected {KEY_BYTES} random bytes in base64"
        f" (44 characters), for example from: {EXAMPLE}"
    )


def decode(text: str, source: str) -> bytes:
    """The key in ``text`` (base64 of 32 bytes), or a StoreError naming ``source``."""
    text = text.strip()
    if not text:
        raise not_a_key(source, "it is empty")
    try:
        key = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise not_a_key(source, "it is not base64") from None
    if len(key) != KEY_BYTES:
        raise not_a_key(source, f"it holds {len(key)} bytes, not {KEY_BYTES}")
    return key


def read_key_file(path: Path) -> bytes:
    """The key in the file at ``path``, made with a new random key if the file is missing."""
    source = f"the key file {path}"
    try:
        if not path.exists():
            _make(path)
        return _read(path, source)
    except ValueError as error:  # a NUL byte in the name
        raise StoreError(f"cannot use the key file {str(path)!r}: {error}") from None
    except OSError as error:
        raise StoreError(
            f"cannot use the key file {path}: {error.strerror or error}; set OUTREACH_KEY_FILE"
            " to a file you can read, or OUTREACH_KEY to the key itself"
        ) from None


def _read(path: Path, source: str) -> bytes:
    with open(path, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(f"{source} is not a file: name a file holding the master key")
        if info.st_mode & 0o077:
            raise StoreError(
                f"{source} can be read or changed by others (mode"
                f" {stat.S_IMODE(info.st_mode):o}): make it readable by its owner alone"
                f" (chmod 600 {path}), then try again"
            )
        data = file.read(4096)
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise not_a_key(source, "it holds binary data") from None
    return decode(text, source)


def _make(path: Path) -> None:
    """Write a new key under a temporary name, flush it, and link it into place; if another
    process linked its key first, theirs stays and this one is dropped."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = -1
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        data = (base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode() + "\n").encode()
        written = 0
        while written < len(data):
            written += os.write(fd, data[written:])
        os.fsync(fd)
        os.close(fd)
        fd = -1
        with contextlib.suppress(FileExistsError):  # another process made it first
            os.link(temporary, path)
        _sync_directory(path.parent)
    finally:
        if fd >= 0:
            os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _sync_directory(directory: Path) -> None:
    """The new name itself must survive a crash, not only the key's bytes."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
