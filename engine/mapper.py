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

import base64
import binascii
import functools
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

import orjson
from cryptography.exceptions import InvalidTag
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic
from outreach.domain.errors import ErasedError, StoreError
from outreach.domain.events import Erased
from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
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


def _aad(originator_id: UUID, version: int) -> bytes:
    # Binds the sealed fields to their event: they cannot be moved to another one unnoticed.
    return f"{originator_id.hex}:{version}".encode()


class PydanticMapper(Mapper[Any]):
    """Dumps events with ``model_dump(mode="json")``; loads them through ``class_version``
    upcasters (``upcast_v1_v2`` ...) into ``Event.from_stored``, which trusts what was
    validated when it was recorded. With ``privacy`` set, personal fields are sealed (AES-GCM)
    with the relationship's data key; events whose key was shredded load with neutral
    stand-ins; events stored before sealing existed load as they are."""

    privacy: Privacy | None = None
    _asked: tuple[UUID, bool] | None = None  # the last id asked ``erased`` of, and the answer

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        topic = get_topic(domain_event.__class__)
        state = cast(BaseModel, domain_event).model_dump(
            mode="json", exclude={"originator_id", "originator_version"}
        )
        fields = sealed_fields(type(domain_event)) if self.privacy is not None else ()
        sealed = {name: state.pop(name) for name in fields if name in state}
        if sealed:
            state[SEALED_FIELDS] = self._seal(domain_event, sealed)
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            state["class_version"] = class_version
        data = self.transcoder.encode(state)
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=topic,
            state=data,
        )

    def _seal(self, event: DomainEventProtocol[Any], values: dict[str, Any]) -> str:
        """``values``: the fields to seal, as dumped."""
        assert self.privacy is not None
        rid = event.originator_id
        key = self.privacy.key(rid)
        if key is None:
            if self.privacy.ensure([rid]):
                raise ErasedError(str(getattr(event, "handle", rid.hex)))
            key = self.privacy.key(rid)
        assert key is not None
        nonce = self.privacy.nonce()
        sealed = key.encrypt(nonce, orjson.dumps(values), _aad(rid, event.originator_version))
        return base64.b64encode(nonce + sealed).decode()

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[Any]:
        return cast(
            DomainEventProtocol[Any],
            self.load(
                stored_event.topic,
                stored_event.state,
                stored_event.originator_id,
                stored_event.originator_version,
            ),
        )

    def decode_state(self, data: bytes) -> dict[str, Any]:
        if self.cipher:
            data = self.cipher.decrypt(data)
        if self.compressor:
            data = self.compressor.decompress(data)
        state: dict[str, Any] = self.transcoder.decode(data)
        return state

    def load(self, topic: str, data: bytes, originator_id: Any, originator_version: int) -> Any:
        cls = resolve_topic(topic)
        state = self.decode_state(data)
        sealed = state.pop(SEALED_FIELDS, None)
        asked, self._asked = self._asked, None
        if cls is Erased and self.privacy is not None:
            # Another process may have erased them: read the key afresh next time.
            self.privacy.forget(originator_id)
        elif (asked is None or asked[0] is not originator_id or asked[1]) and self.erased(
            originator_id, cls, sealed is not None or _holds_data(state)
        ):
            # Sealed, or stored before sealing existed (in the clear in the log): once the
            # person is erased, never shown again.
            state["originator_id"] = originator_id
            state["originator_version"] = originator_version
            return erased_stand_in(cls, state, originator_id)
        if sealed is not None:
            state.update(self._open(cls, sealed, originator_id, originator_version))
        from_version = state.pop("class_version", 1)
        class_version = getattr(cls, "class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        state["originator_id"] = originator_id
        state["originator_version"] = originator_version
        # Validated when recorded: built again without validating (Event.from_stored).
        return cls.from_stored(state)

    def erased(self, originator_id: UUID, cls: Any = None, holds_data: bool = True) -> bool:
        """Whether this relationship's key was shredded (for the read model: an erased
        person's events are skipped, but for the ``erased`` event itself). Asked of an id
        alone, the answer stands for the next ``load``, if of that very id (the read model
        asks before loading each event; asking the keys again was a tenth of decoding)."""
        if self.privacy is None or not holds_data or (cls is not None and not sealable(cls)):
            return False
        shredded = self.privacy.shredded(originator_id)
        if cls is None:
            self._asked = (originator_id, shredded)
        return shredded

    def _open(self, cls: Any, sealed: str, originator_id: UUID, version: int) -> dict[str, Any]:
        if self.privacy is None:
            raise StoreError("this store's events are sealed: open it through the engine")
        key = self.privacy.key(originator_id)
        if key is None:  # shredded since: read as erased
            raise StoreError(
                f"relationship {originator_id.hex} has sealed events but no data key: the"
                " store is damaged"
            )
        blob = binascii.a2b_base64(sealed)  # as base64.b64decode, without its checks of type
        try:
            values: dict[str, Any] = orjson.loads(
                key.decrypt(blob[:12], blob[12:], _aad(originator_id, version))
            )
        except InvalidTag:
            raise StoreError(
                f"event {version} of relationship {originator_id.hex} does not open with its"
                " key: the store is damaged"
            ) from None
        return values
