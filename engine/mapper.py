"""How events are stored: pydantic models dumped to JSON (orjson) under their explicit topics,
their personal fields sealed with the relationship's own data key (see engine.privacy)."""

from __future__ import annotations

import base64
import secrets
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

import orjson
from cryptography.exceptions import InvalidTag
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic
from outreach.domain.errors import ErasedError, StoreError
from outreach.domain.events import Erased
from pydantic import BaseModel

if TYPE_CHECKING:
    from outreach.engine.privacy import Privacy

# The stored state's key for the sealed personal fields; never a field name of an event.
SEALED_FIELDS = "~sealed"
ERASED = "erased"


class OrjsonTranscoder(Transcoder):
    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


_ENVELOPE = {"originator_id", "originator_version"}  # the stored event's own columns
# A personal field holding nothing, as dumped (personal_values' None, "" and ()).
_NOTHING: tuple[Any, ...] = (None, "", [])


def personal_values(event: Any) -> dict[str, Any]:
    """The event's personal fields that hold something (None and empty mean nothing)."""
    fields: frozenset[str] = getattr(type(event), "PERSONAL", frozenset())
    found = {name: getattr(event, name, None) for name in fields}
    return {name: value for name, value in found.items() if value not in (None, "", ())}


def neutral(cls: Any, originator_id: UUID) -> dict[str, Any]:
    """Stand-ins for shredded personal fields that still validate: required text reads
    "erased" (a handle, "erased-" and a piece of the id, so that two never clash); optional
    fields take their defaults."""
    values: dict[str, Any] = {}
    for name in getattr(cls, "PERSONAL", frozenset()):
        field = cls.model_fields.get(name)
        if field is not None and field.is_required():
            values[name] = f"{ERASED}-{originator_id.hex[:8]}" if name == "handle" else ERASED
    return values


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

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        topic = get_topic(domain_event.__class__)
        # Dumped once; the personal fields that hold something are taken out to be sealed.
        state = cast(BaseModel, domain_event).model_dump(mode="json", exclude=_ENVELOPE)
        if self.privacy is not None:
            fields: frozenset[str] = getattr(type(domain_event), "PERSONAL", frozenset())
            names = [n for n, value in state.items() if n in fields and value not in _NOTHING]
            personal = {name: state.pop(name) for name in names}
            if personal:
                state[SEALED_FIELDS] = self._seal(domain_event, personal)
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
        """``values``: the personal fields, as dumped."""
        assert self.privacy is not None
        rid = event.originator_id
        key = self.privacy.key(rid)
        if key is None:
            if self.privacy.ensure([rid]):
                raise ErasedError(str(getattr(event, "handle", rid.hex)))
            key = self.privacy.key(rid)
        assert key is not None
        nonce = secrets.token_bytes(12)
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
        if sealed is not None:
            state.update(self._open(cls, sealed, originator_id, originator_version))
        elif (
            self.privacy is not None
            and getattr(cls, "PERSONAL", None)
            and self.privacy.shredded(originator_id)
        ):
            # Stored before sealing existed: in the clear in the log, but once the person is
            # erased, never shown again.
            for name in cls.PERSONAL:
                state.pop(name, None)
            state.update(neutral(cls, originator_id))
        if cls is Erased and self.privacy is not None:
            # Another process may have erased them: read the key afresh next time.
            self.privacy.forget(originator_id)
        from_version = state.pop("class_version", 1)
        class_version = getattr(cls, "class_version", 1)
        while from_version < class_version:
            getattr(cls, f"upcast_v{from_version}_v{from_version + 1}")(state)
            from_version += 1
        state["originator_id"] = originator_id
        state["originator_version"] = originator_version
        # Validated when recorded: built again without validating (Event.from_stored).
        return cls.from_stored(state)

    def _open(self, cls: Any, sealed: str, originator_id: UUID, version: int) -> dict[str, Any]:
        if self.privacy is None:
            raise StoreError("this store's events are sealed: open it through the engine")
        key = self.privacy.key(originator_id)
        if key is None:
            return neutral(cls, originator_id)
        blob = base64.b64decode(sealed)
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
