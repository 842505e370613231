"""outreach.engine"""

if __name__ != "outreach.engine":  # pragma: no cover - guards a mistaken bare import
    raise ImportError(
        f"this package is 'outreach.engine', not {__name__!r}: install the project"
        " (pip install -e .) and import outreach.engine"
    )

from outreach.engine.bulk import ImportReport, NewRelationship
from outreach.engine.engine import Engine, Recorded, opened
from outreach.engine.store import Store, default_path, parse

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
