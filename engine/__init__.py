"""outreach.engine"""

if __name__ != "outreach.engine":  # pragma: no cover - guards a mistaken bare import
    raise ImportError(
        f"this package is 'outreach.engine', not {__name__!r}: install the project"
        " (pip install -e .) and import outreach.engine"
    )

from typing import TYPE_CHECKING, Any

from outreach.engine.store import Store, default_path, parse

if TYPE_CHECKING:
    from outreach.engine.bulk import ImportReport, NewRelationship
    from outreach.engine.engine import Engine, Recorded, opened

# The engine (eventsourcing, the domain's events) is imported on first use: a read command
# that finds the read models up to date answers from them alone (outreach.engine.glance).
_LAZY = {
    "Engine": "engine",
    "Recorded": "engine",
    "opened": "engine",
    "ImportReport": "bulk",
    "NewRelationship": "bulk",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'outreach.engine' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"outreach.engine.{_LAZY[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "Engine",
    "ImportReport",
    "NewRelationship",
    "Recorded",
    "Store",
    "default_path",
    "opened",
    "parse",
]
