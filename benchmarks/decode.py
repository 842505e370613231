"""Decode every event of a store as the catch-up does (notes read a batch at a time, their data
keys fetched, each event read by the mapper), and nothing else: the decoding's own cost.

    python -m benchmarks.decode STORE_URL [DUMP_FILE | --no-digest | --no-decode]

prints one JSON line: events, cpu_seconds (the decoding alone), and a digest of every decoded
event's class and values (every field, its type included, and the fields set), so that a
change to the decoding can be shown to give the very same events. With DUMP_FILE, each event
is written there too, one line each, to find where two runs differ. For instruction counts,
run it under ``valgrind --tool=callgrind`` with ``--no-digest`` (decoding, no digest) and
with ``--no-decode`` (the notes and keys read, nothing decoded): the difference is the
decoding's.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from typing import IO, Any
from uuid import UUID

from outreach.engine.view.shares import fewer_collections

from benchmarks.stores import opened

BATCH = 2000  # as the catch-up reads them (engine.view.readmodel.BATCH)


def described(event: Any) -> str:
    """An event written out whole: its class, every value with its type, the fields set."""
    if event is None:
        return "None"
    values = ", ".join(
        f"{name}={type(value).__qualname__}:{value!r}" for name, value in vars(event).items()
    )
    given = sorted(event.__pydantic_fields_set__)
    return f"{type(event).__module__}.{type(event).__qualname__}({values}) set={given}"


def main(
    url: str, dump: IO[str] | None = None, *, digesting: bool = True, decoding: bool = True
) -> None:
    digest = hashlib.sha256()
    with opened(url) as engine, fewer_collections():  # as the catch-up collects
        readmodel = engine.readmodel
        read, notes, db = readmodel.mapper.read, readmodel.notes, readmodel.db
        events, cpu, start = 0, 0.0, 1
        while batch := notes(start, BATCH):
            begin = time.process_time()
            db.prefetch(n[1] for n in batch)
            ids: dict[str, UUID] = {}
            decoded = []
            for _, hid, version, topic, state in batch if decoding else ():
                rid = ids.get(hid)
                if rid is None:
                    rid = ids[hid] = UUID(hid)
                decoded.append(read(hid, rid, version, topic, state))
            cpu += time.process_time() - begin
            for event in decoded if digesting else ():
                line = described(event)
                digest.update(line.encode() + b"\n")
                if dump is not None:
                    dump.write(line + "\n")
            events += len(batch)
            start = batch[-1][0] + 1
    print(json.dumps({"events": events, "cpu_seconds": cpu, "digest": digest.hexdigest()}))


if __name__ == "__main__":
    if sys.argv[2:] in (["--no-digest"], ["--no-decode"]):
        main(sys.argv[1], digesting=False, decoding=sys.argv[2] == "--no-digest")
    elif len(sys.argv) > 2:
        with open(sys.argv[2], "w") as out:
            main(sys.argv[1], out)
    else:
        main(sys.argv[1])
