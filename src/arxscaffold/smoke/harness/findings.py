"""One finding of a pipeline linter: which tool, where, and what it said."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Finding:
    tool: str
    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.tool}: {self.file}: {self.message}"


def relative(path: Path, tree: Path) -> str:
    """`path` relative to `tree` when inside it, else as given."""
    try:
        return str(path.resolve().relative_to(tree.resolve()))
    except ValueError:
        return str(path)
