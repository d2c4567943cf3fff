"""One exception family. Every message says what went wrong and what to do about it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the annotation only: errors stay importable without pydantic models loaded
    from .models import Usage


class AnalyzerError(Exception):
    """Base of every error the analyzer raises on purpose.

    `str(error)` is a single line fit to show a user: the problem, then the fix.
    """

    exit_code = 2

    def __init__(self, problem: str, fix: str = "") -> None:
        self.problem = problem.rstrip(". ")
        self.fix = fix.rstrip(". ")
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = " ".join(self.problem.split())
        if self.fix:
            fix = " ".join(self.fix.split())
            text += ". " + fix[:1].upper() + fix[1:]
        return text + "."


class InputError(AnalyzerError):
    """The transcript or an argument cannot be used as given."""


class ConfigError(AnalyzerError):
    """Settings, keys or packaged resources are missing or wrong."""


class BackendError(AnalyzerError):
    """An extraction backend failed (network, server, invalid output)."""

    usage: Usage | None = None  # token usage spent before the failure, when known


class InvalidOutputError(BackendError):
    """A backend answered, but not with output matching the schema."""


class OutputTooLongError(InvalidOutputError):
    """The answer hit the output-token limit mid-way: the excerpt holds more than one answer can carry."""


class StoreError(AnalyzerError):
    """The vector store could not be read or written."""


class DatasetError(AnalyzerError):
    """A labeled-notes dataset file is invalid."""


class NotFoundError(AnalyzerError):
    """A meeting, partner or run asked for does not exist."""
