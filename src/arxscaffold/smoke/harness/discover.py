"""Find the generated components under the paths given to `arxscaffold smoke`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from arxscaffold.errors import UsageError
from arxscaffold.render import ANSWERS_FILE, read_answers


@dataclass(frozen=True)
class GeneratedComponent:
    path: Path
    name: str
    kind: str
    answers: dict[str, object]

    @property
    def id(self) -> str:
        """Stable test id: the parent folder (a profile or system) and the component name."""
        return f"{self.path.parent.name}/{self.name}"


def find_components(paths: list[Path]) -> list[GeneratedComponent]:
    """A path is a generated system (its components are the sub-folders with answers) or one component."""
    found: list[GeneratedComponent] = []
    for path in paths:
        answers = read_answers(path)
        if answers is None:
            raise UsageError(f"{path}: no {ANSWERS_FILE} here; give a generated system or component")
        if answers.get("kind") == "system":
            for child in sorted(p for p in path.iterdir() if p.is_dir()):
                child_answers = read_answers(child)
                if child_answers is not None and child_answers.get("kind") != "system":
                    found.append(_component(child, child_answers))
        else:
            found.append(_component(path, answers))
    return found


def _component(path: Path, answers: dict[str, object]) -> GeneratedComponent:
    return GeneratedComponent(path.resolve(), str(answers.get("name")), str(answers.get("kind")), answers)


def find_systems(paths: list[Path]) -> list[GeneratedComponent]:
    """The generated systems among ``paths`` (a component given alone belongs to no system here)."""
    found: list[GeneratedComponent] = []
    for path in paths:
        answers = read_answers(path)
        if answers is not None and answers.get("kind") == "system":
            name = str(answers.get("system_name") or path.name)
            found.append(GeneratedComponent(path.resolve(), name, "system", answers))
    return found
