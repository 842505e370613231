"""outreach.cli: the ``outreach`` command (``main`` is its entry point)."""

if __name__ != "outreach.cli":  # pragma: no cover - guards a mistaken bare import
    raise ImportError(
        f"this package is 'outreach.cli', not {__name__!r}: install the project"
        " (pip install -e .) and import outreach.cli"
    )


def main() -> None:
    """Run the ``outreach`` command line (the console script)."""
    from outreach.cli.app import cli

    cli.main(prog_name="outreach")
