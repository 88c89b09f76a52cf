"""Errors that end the work on one input file, with the stage that raised them."""
from __future__ import annotations


class ExtractionError(Exception):
    """One input could not be (fully) read: becomes a `failures` row, never stops a batch."""

    def __init__(self, stage: str, error_type: str, message: str):
        super().__init__(message)
        self.stage = stage
        self.error_type = error_type
        self.message = message

    def __str__(self) -> str:  # one line, for stderr
        return f"{self.error_type}: {self.message}"


class RulesError(Exception):
    """A rules file failed validation: names the file and the key."""


class RunRefused(Exception):
    """The run would harm data (e.g. inputs inside the output folder it replaces): nothing is done."""


class Interrupted(BaseException):
    """SIGTERM received: unwinds like Ctrl-C (workers stopped, staging removed, output untouched)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
