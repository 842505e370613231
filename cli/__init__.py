"""outreach.cli"""

if __name__ != "outreach.cli":  # pragma: no cover - guards a mistaken bare import
    raise ImportError(
        f"this package is 'outreach.cli', not {__name__!r}: install the project"
        " (pip install -e .) and import outreach.cli"
    )
