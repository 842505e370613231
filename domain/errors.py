"""Named domain errors: each says what was wrong and what to do instead."""

from __future__ import annotations


class OutreachError(Exception):
    """Base of every error the engine raises on purpose; its message is for people."""


class InvalidInput(OutreachError):
    """One or more fields were not acceptable; every bad field is named."""

    def __init__(self, what: str, problems: dict[str, str]) -> None:
        self.what = what
        self.problems = problems
        details = "; ".join(f"{field}: {problem}" for field, problem in problems.items())
        super().__init__(f"cannot record {what}: {details}")


class UnknownHandle(OutreachError):
    """No relationship has this handle."""

    def __init__(self, handle: str, suggestions: list[str]) -> None:
        self.handle = handle
        self.suggestions = suggestions
        hint = (
            f"did you mean {', '.join(repr(s) for s in suggestions)}?"
            if suggestions
            else "add them first with 'outreach add'"
        )
        super().__init__(f"no relationship with handle {handle!r}: {hint}")


class HandleTaken(OutreachError):
    """A relationship with this handle already exists."""

    def __init__(self, handle: str) -> None:
        self.handle = handle
        super().__init__(
            f"a relationship with handle {handle!r} already exists:"
            " record events on it, or choose another handle"
        )


class OptedOutError(OutreachError):
    """The person asked not to be contacted: no outbound touch at or after that."""

    def __init__(self, handle: str, opted_out_at: str, what: str) -> None:
        self.handle = handle
        super().__init__(
            f"cannot record {what} for {handle!r}: they asked not to be contacted on"
            f" {opted_out_at}; an outbound touch at or after that is refused (respect-opt-out)"
        )


class ErasedError(OutreachError):
    """The person's data was erased on request: nothing more can be recorded."""

    def __init__(self, handle: str) -> None:
        self.handle = handle
        super().__init__(
            f"relationship {handle!r} was erased on request: nothing about them is kept,"
            " and nothing more can be recorded"
        )


class CannotRetract(OutreachError):
    """A retraction that cannot be recorded: the event is founding or final (added, opted-out,
    erased, a retraction), does not exist, or was retracted already."""

    def __init__(self, handle: str, version: int, why: str) -> None:
        self.handle = handle
        self.version = version
        super().__init__(
            f"cannot retract event {version} of {handle!r}: {why}"
            " ('outreach history HANDLE' shows each event's version)"
        )


class NothingToUndo(OutreachError):
    """Nothing recorded about someone can be retracted: what is there stands for good."""

    def __init__(self, handle: str) -> None:
        self.handle = handle
        super().__init__(
            f"nothing to undo for {handle!r}: what is on record stands for good (added,"
            " opted-out, erased, retractions) or was retracted already"
        )


class StoreBusy(OutreachError):
    """Other writers kept the store busy past the retries."""


class StoreError(OutreachError):
    """The store could not be opened or used."""
