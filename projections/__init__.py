"""outreach.projections"""

if __name__ != "outreach.projections":  # pragma: no cover - guards a mistaken bare import
    raise ImportError(
        f"this package is 'outreach.projections', not {__name__!r}: install the project"
        " (pip install -e .) and import outreach.projections"
    )
