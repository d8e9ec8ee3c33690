"""Typed errors: each kind of failure carries its exit code, so the CLI never inspects messages."""

from __future__ import annotations

from dataclasses import dataclass


class ArxscaffoldError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One finding in a decisions file: where, which field, what is wrong."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.path}: {self.message}"


class DecisionsError(ArxscaffoldError):
    """The decisions file is unreadable or invalid; every problem is reported at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UsageError(ArxscaffoldError):
    """The command line asks for something that cannot be done (bad destination, unknown component)."""


class RenderError(ArxscaffoldError):
    """A template failed to render; the destination was left as it was."""

    exit_code = 1


class CheckFailed(ArxscaffoldError):
    """A check ran and found a problem (reference drift, smoke failure)."""

    exit_code = 1
