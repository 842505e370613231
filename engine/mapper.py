"""How events are stored: pydantic models dumped to JSON (orjson) under their explicit topics,
every field of a relationship's events but the envelope sealed with the relationship's own data
key (see engine.privacy).

Once the key is shredded, nothing but each event's kind (its topic), times, version and
recorder can be read: skills, time zone, would-hire, groups, roles, motivation kinds, call
outcomes and agreed times are sealed alike (issue 14, finding 3). Events stored by 0.1 sealed
only the fields their class called ``PERSONAL``; they load as they are (the rest was in the
clear), and once the person is erased they load with the envelope alone, like the others.
"""

from __future__ import annotations

import binascii
import functools
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import resolve_topic
from orjson import loads
from outreach.domain.errors import ErasedError, StoreError
from outreach.domain.events import Erased, Event
from outreach.domain.stored import Builder, ColumnBuilder, column_builder, stored_builder
from pydantic import ValidationError

if TYPE_CHECKING:
    from outreach.engine.dumping import Dump
    from outreach.engine.privacy import Privacy

# The stored state's key for the sealed fields; never a field name of an event.
SEALED_FIELDS = "~sealed"
ERASED = "erased"
# What stays readable of a sealed event: what kind (the topic), when, and who recorded it.
ENVELOPE = frozenset(
    {"originator_id", "originator_version", "timestamp", "occurred_at", "by", "originator_topic"}
)
# A group's events are the recruiter's own (which forums they watch); a person's are sealed.
UNSEALED_TOPICS = "outreach.group:"


class OrjsonTranscoder(Transcoder):
    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


def sealable(cls: Any) -> bool:
    return _sealable(cls)


@functools.cache
def _sealable(cls: Any) -> bool:
    return not str(getattr(cls, "TOPIC", "")).startswith(UNSEALED_TOPICS)


def sealed_fields(cls: Any) -> frozenset[str]:
    """The fields of an event class that are sealed: all but the envelope, if its kind is."""
    return _sealed_fields(cls)


@functools.cache
def _sealed_fields(cls: Any) -> frozenset[str]:
    if not sealable(cls):
        return frozenset()
    return frozenset(getattr(cls, "model_fields", {})) - ENVELOPE


def erased_stand_in(cls: Any, state: dict[str, Any], originator_id: UUID) -> Any:
    """The event of someone erased: its envelope alone. A handle reads "erased-" and a piece
    of the id (two never clash), a name "erased"; every other field is unknown: its default
    where it has one, else absent (nothing reads an erased person's events but the log)."""
    values = {k: v for k, v in state.items() if k in ENVELOPE}
    if "handle" in cls.model_fields:
        values["handle"] = f"{ERASED}-{originator_id.hex[:8]}"
    if "name" in cls.model_fields:
        values["name"] = ERASED
    try:
        return cls.model_validate(values)
    except ValidationError:
        for name in ("timestamp", "occurred_at"):
            if isinstance(values.get(name), str):
                values[name] = datetime.fromisoformat(values[name])
        return cls.model_construct(**values)


def _holds_data(state: dict[str, Any]) -> bool:
    return any(name not in ENVELOPE and name != "class_version" for name in state)


@dataclass(frozen=True)
class _Kind:
    """What loading needs of an event class, found once per topic."""

    cls: Any
    sealable: bool
    read: ColumnBuilder  # the event from its state as stored (sealed fields opened), id, version


def _upcast(cls: Any, to: int, build: Builder, state: dict[str, Any], rid: UUID, v: int) -> Any:
    """An event stored by an earlier version of its class (``class_version``), brought up to
    version ``to`` by its ``upcast_vN_vN+1`` methods, then built (``Event.from_stored``)."""
    from_version = state.pop("class_version", 1)
    while from_version < to:
        getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
        from_version += 1
    state["originator_id"], state["originator_version"] = rid, v
    return build(state)  # validated when recorded: built again without validating


_new, _set = object.__new__, object.__setattr__
_ID, _VERSION, _TOPIC, _STATE = (f.name for f in fields(StoredEvent))
_ID_FIELD, _VERSION_FIELD = "originator_id", "originator_version"  # stored in columns
# A moment at offset zero written "Z", as pydantic's JSON mode writes it (orjson: "+00:00").
UTC_Z = orjson.OPT_UTC_Z


class PydanticMapper(Mapper[Any]):
    """Dumps events as ``model_dump(mode="json")`` does; loads them through ``class_version``
    upcasters (``upcast_v1_v2`` ...) into ``Event.from_stored``, which trusts what was
    validated when it was recorded. With ``privacy`` set, personal fields are sealed (AES-GCM)
    with the relationship's data key; events whose key was shredded load with neutral
    stand-ins; events stored before sealing existed load as they are."""

    privacy: Privacy | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kinds: dict[str, _Kind] = {}  # by topic
        # Stored as orjson writes them, neither compressed nor enciphered: read in place.
        self._plain = (
            type(self.transcoder) is OrjsonTranscoder and not self.compressor and not self.cipher
        )
        self._dumps: dict[type, Dump] = {}  # by class

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        return self.to_stored_events([domain_event])[0]

    def to_stored_events(self, events: Sequence[DomainEventProtocol[Any]]) -> list[StoredEvent]:
        """The events as stored, in order: each dumped by its class's pydantic serializer
        (what ``model_dump(mode="json")`` calls, or its Python mode where orjson writes each
        value as JSON mode would: ``as_json``), its sealed fields sealed with the
        relationship's data key, looked up once for a run of one relationship's events."""
        stored: list[StoredEvent] = []
        owner, hid = None, ""
        nonce = None if self.privacy is None else self.privacy.nonce
        plain = self._plain
        for event in events:
            plan = self._dumps.get(type(event)) or self._dump(type(event))
            # All the fields (an exclude costs more than the ids), in the class's order.
            mode = plan.mode if plain else "json"
            state = plan.dump(event, mode=mode)
            if mode == "python":  # the event's own objects: its attributes cost more to ask
                rid, version = state.pop(_ID_FIELD), state.pop(_VERSION_FIELD)
            else:
                rid, version = event.originator_id, event.originator_version
                del state[_ID_FIELD], state[_VERSION_FIELD]
            if plan.sealed and nonce is not None:
                if rid is not owner:  # a relationship's events share their id object (and key)
                    owner, key = rid, self._key(event, hid := rid.hex)
                # The envelope taken out, what is left is the sealed fields in their order.
                clear = {name: state.pop(name) for name in plan.clear}
                once = nonce()
                # Binds the sealed fields to their event: they cannot be moved unnoticed.
                blob = once + key.encrypt(
                    once, orjson.dumps(state, option=UTC_Z), f"{hid}:{version}".encode()
                )
                clear[SEALED_FIELDS] = binascii.b2a_base64(blob, newline=False).decode()
                state = clear
            if plan.class_version > 1:
                state["class_version"] = plan.class_version
            data = orjson.dumps(state, option=UTC_Z) if plain else self.transcoder.encode(state)
            if self.compressor:
                data = self.compressor.compress(data)
            if self.cipher:
                data = self.cipher.encrypt(data)
            # StoredEvent(...) as its __init__ makes it (frozen: a setattr a field), at once.
            stored.append(made := _new(StoredEvent))
            _set(made, "__dict__", {_ID: rid, _VERSION: version, _TOPIC: plan.topic, _STATE: data})
        return stored

    def _key(self, event: DomainEventProtocol[Any], hid: str) -> AESGCM:
        """The data key of the event's relationship (its id in hex), made if it has none."""
        assert self.privacy is not None
        if (key := self.privacy.key_of(hid)) is None:
            if self.privacy.ensure([event.originator_id]):
                raise ErasedError(str(getattr(event, "handle", hid)))
            key = self.privacy.key_of(hid)
        assert key is not None
        return key

    def _dump(self, cls: Any) -> Dump:
        # Only storing needs it: the mapper loads events with the domain's modules alone.
        from outreach.engine.dumping import dump_plan

        self._dumps[cls] = dump_plan(cls, sealed_fields(cls))
        return self._dumps[cls]

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[Any]:
        s = stored_event
        return self.load(s.topic, s.state, s.originator_id, s.originator_version)  # type: ignore[no-any-return]

    def decode_state(self, data: bytes) -> dict[str, Any]:
        if self.cipher:
            data = self.cipher.decrypt(data)
        if self.compressor:
            data = self.compressor.decompress(data)
        return self.transcoder.decode(data)  # type: ignore[no-any-return]

    def load(self, topic: str, data: bytes, originator_id: Any, originator_version: int) -> Any:
        kind = self._kinds.get(topic) or self._kind(topic)
        state = self.decode_state(data)
        sealed = state.pop(SEALED_FIELDS, None)
        hid = originator_id.hex
        if kind.cls is Erased and self.privacy is not None:
            # Another process may have erased them: read the key afresh next time.
            self.privacy.forget(originator_id)
        elif (
            self.privacy is not None
            and kind.sealable
            and (sealed is not None or _holds_data(state))
            and self.privacy.shredded(originator_id)
        ):
            # Sealed, or stored before sealing existed (in the clear in the log): once the
            # person is erased, never shown again.
            state["originator_id"] = originator_id
            state["originator_version"] = originator_version
            return erased_stand_in(kind.cls, state, originator_id)
        if sealed is not None:
            key = None if self.privacy is None else self.privacy.key(originator_id)
            state.update(self._open(key, sealed, hid, originator_version))
        return kind.read(state, originator_id, originator_version)

    def read(self, hid: str, rid: UUID, version: int, topic: str, data: bytes) -> Any:
        """For the read models: the event of a notification (its id in hex and as a UUID),
        or None if it is an erased person's (an erased person's events are skipped, but for
        the ``erased`` event itself). ``load`` less what the read models never meet: one
        look at the keys for both whether the person is erased and their key."""
        kind = self._kinds.get(topic) or self._kind(topic)
        privacy = self.privacy
        key: AESGCM | None = None
        if privacy is not None:
            if kind.cls is Erased:
                privacy.forget(rid)  # read afresh next time (another process erased them)
            elif (opener := privacy.opener(hid)) is False:
                return None
            else:
                key = opener
        state = loads(data) if self._plain else self.decode_state(data)
        sealed = state.pop(SEALED_FIELDS, None)
        if sealed is not None:
            blob, aad = binascii.a2b_base64(sealed), f"{hid}:{version}".encode()
            try:  # _open, in place
                state.update(loads(key.decrypt(blob[:12], blob[12:], aad)))  # type: ignore[union-attr]
            except (AttributeError, InvalidTag):  # no key (None: read it again), or not its key
                if key is None and privacy is not None:
                    key = privacy.key_of(hid)
                state.update(self._open(key, sealed, hid, version))
        return kind.read(state, rid, version)

    def _kind(self, topic: str) -> _Kind:
        cls = resolve_topic(topic)
        version = getattr(cls, "class_version", 1)
        build = stored_builder(cls) if issubclass(cls, Event) else cls.from_stored
        upcast: ColumnBuilder = functools.partial(_upcast, cls, version, build)
        # As stored by this version of its class, built at once; else upcast first.
        read = column_builder(cls, version, upcast) if issubclass(cls, Event) else upcast
        self._kinds[topic] = _Kind(cls, sealable(cls), read)
        return self._kinds[topic]

    def _open(self, key: AESGCM | None, sealed: str, hid: str, version: int) -> dict[str, Any]:
        """The sealed fields of event ``version`` of relationship ``hid``, opened with its
        data ``key`` (None: it has none, or there are no keys here)."""
        if self.privacy is None:
            raise StoreError("this store's events are sealed: open it through the engine")
        if key is None:  # shredded since: read as erased
            raise StoreError(
                f"relationship {hid} has sealed events but no data key: the store is damaged"
            )
        blob = binascii.a2b_base64(sealed)  # as base64.b64decode, without its checks of type
        try:
            values: dict[str, Any] = orjson.loads(
                key.decrypt(blob[:12], blob[12:], f"{hid}:{version}".encode())
            )
        except InvalidTag:
            raise StoreError(
                f"event {version} of relationship {hid} does not open with its key: the store"
                " is damaged"
            ) from None
        return values
