"""The read models' rows, for comparing an incremental catch-up with a rebuild."""

from __future__ import annotations

from typing import Any

from outreach.engine import Engine

TABLES = {
    "relationships": "id",
    "actions": "id",
    "violations": "id, n",
    "skills": "skill, id",
    "groups": "key",
    "members": "key, id",
}

SKIPPED = ("computed", "position")


def snapshot(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every read-model row (sealed text opened), less when each answer was worked out and
    at which event position each relationship's row was written (bookkeeping: a rebuild
    writes them in other batches)."""
    tables = {}
    with engine.readmodel.db.transaction(commit=False) as tx:
        for table, order in TABLES.items():
            rows = tx.rows(f"SELECT * FROM {{p}}{table} ORDER BY {order}")
            tables[table] = [{k: v for k, v in dict(r).items() if k not in SKIPPED} for r in rows]
    return tables
