"""outreach.sources: readers that turn outside records (CSV and LinkedIn files, mail,
calendars) into engine commands. They depend on the engine, never the reverse; the command
line only calls them and prints."""

if __name__ != "outreach.sources":  # pragma: no cover - guards a mistaken bare import
    raise ImportError(
        f"this package is 'outreach.sources', not {__name__!r}: install the project"
        " (pip install -e .) and import outreach.sources"
    )
