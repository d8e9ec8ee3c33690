"""Property: whatever a team edits, an update to a newer template with changed decisions keeps every edit
(plainly, or inside conflict markers that name both sides) and changes nothing the team did not touch
beyond what the new template and decisions render.

25 examples in the default run; `pytest -m slow tests/lifecycle/test_update_property.py` runs 200.
"""

from __future__ import annotations

import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lifecycle_support import (
    NEW_DECISIONS,
    NEXT_REF,
    build_template_history,
    commit_all,
    generate_component_repo,
    serving,
    tree,
)

from arxscaffold import lifecycle
from arxscaffold.decisions import load_text
from arxscaffold.history import History
from arxscaffold.render import ANSWERS_FILE, TEMPLATE_REF, Target, answers_for

START, END = "<<<<<<< before updating", ">>>>>>> after updating"


@dataclass(frozen=True)
class Edit:
    kind: str  # change | add | delete-line | delete-file | new-file
    file_index: int
    line_index: int


edits = st.lists(
    st.builds(
        Edit,
        st.sampled_from(["change", "add", "delete-line", "delete-file", "new-file"]),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=5,
)


@dataclass(frozen=True, repr=False)
class World:
    """The module's fixture data; the short repr keeps hypothesis' failure reports readable."""

    template: Path
    project: Path
    decisions: Path
    expected: dict[str, bytes]
    editable: list[str]

    def __repr__(self) -> str:
        return "<world>"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    """A generated, committed component; a template with a newer version; what that version renders."""
    from copier import run_copy

    root = tmp_path_factory.mktemp("world")
    template = build_template_history(root / "template")
    project = generate_component_repo(root / "project")
    decisions_file = root / "decisions.yml"
    decisions_file.write_text(NEW_DECISIONS)
    data = answers_for(load_text(NEW_DECISIONS), Target("iot-service", "sensors", "."))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run_copy(str(template), root / "expected", data=data, defaults=True, quiet=True, vcs_ref=NEXT_REF)
    editable = sorted(
        path for path, content in tree(project).items() if path != ANSWERS_FILE and b"\0" not in content
    )
    return World(template, project, decisions_file, tree(root / "expected"), editable)


def _apply(project: Path, plan: list[Edit], files: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Apply the edits; return, per file, the (kind, text) facts the update must preserve."""
    facts: dict[str, list[tuple[str, str]]] = {}
    for number, edit in enumerate(plan):
        _touch(facts, edit, files, number)
        if edit.kind == "new-file":
            name = f"team-notes-{number}.md"
            (project / name).write_text(f"TEAM FILE {number}\n")
            facts.setdefault(name, []).append(("present", f"TEAM FILE {number}"))
            continue
        name = files[edit.file_index % len(files)]
        path = project / name
        if not path.is_file():
            continue  # deleted by an earlier edit
        if edit.kind == "delete-file":
            path.unlink()
            facts[name] = [("deleted", "")]
            continue
        lines = path.read_text().splitlines(keepends=True)
        at = edit.line_index % (len(lines) + 1)
        if edit.kind == "add" or not lines:
            lines.insert(at, f"TEAM LINE {number}\n")
            facts.setdefault(name, []).append(("present", f"TEAM LINE {number}"))
        else:
            at = min(at, len(lines) - 1)
            removed = lines[at].rstrip("\n")
            if edit.kind == "change":
                lines[at] = f"TEAM CHANGE {number}\n"
                facts.setdefault(name, []).append(("present", f"TEAM CHANGE {number}"))
            else:
                del lines[at]
                unique = removed.strip() and path.read_text().count(removed) == 1
                if unique:
                    facts.setdefault(name, []).append(("absent", removed))
        path.write_text("".join(lines))
    # A later edit may overwrite an earlier one (same line changed twice): the team's final text counts.
    for name, expectations in facts.items():
        text = (project / name).read_text() if (project / name).is_file() else ""
        expectations[:] = [(k, f) for k, f in expectations if k != "present" or f in text]
    return facts


def _touch(facts: dict[str, list[tuple[str, str]]], edit: Edit, files: list[str], number: int) -> None:
    """Every file an edit names is the team's from now on, even when no fact about it can be checked."""
    name = f"team-notes-{number}.md" if edit.kind == "new-file" else files[edit.file_index % len(files)]
    facts.setdefault(name, [])


def _outside_conflicts(text: str) -> str:
    kept, inside = [], False
    for line in text.splitlines():
        if line.startswith(START):
            inside = True
        elif line.startswith(END):
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def _check_update(world: World, plan: list[Edit]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "project"
        shutil.copytree(world.project, project, symlinks=True)
        facts = _apply(project, plan, world.editable)
        commit_all(project, "team edits")
        with serving(world.template), _OfferNextVersion():
            lifecycle.update(lifecycle.UpdateRequest(project, world.decisions, to=NEXT_REF))
        result = tree(project)
        for name, expectations in facts.items():
            text = result.get(name, b"").decode(errors="replace")
            for kind, fact in expectations:
                if kind == "present":
                    assert fact in text, f"{name}: the team's {fact!r} was lost"
                elif kind == "absent":
                    assert fact not in _outside_conflicts(text).splitlines(), f"{name}: deleted line back"
                else:
                    assert name not in result or START in text, f"{name}: deleted file came back silently"
        for name, content in world.expected.items():
            if name in facts or name == ANSWERS_FILE:
                continue
            assert result.get(name) == content, f"{name}: changed beyond what the new version renders"
        extras = set(result) - set(world.expected) - set(facts)
        assert all(".superseded-" in name for name in extras), f"unexpected files: {sorted(extras)}"


class _OfferNextVersion:
    """Let `update --to` accept the test template's newer tag and build nothing of its own."""

    def __enter__(self) -> None:
        self.saved = (lifecycle.available_versions, lifecycle.template_repository)
        lifecycle.available_versions = lambda: [TEMPLATE_REF, NEXT_REF]  # type: ignore[assignment]
        lifecycle.template_repository = _AlreadyServed  # type: ignore[assignment]

    def __exit__(self, *exc: object) -> None:
        lifecycle.available_versions, lifecycle.template_repository = self.saved  # type: ignore[assignment]


class _AlreadyServed:
    def __init__(self, versions: list[str], urls: object = ()) -> None:
        self.versions = versions

    def __enter__(self) -> History:
        return History(Path("served-by-the-test"), {ref: "the test's template" for ref in self.versions})

    def __exit__(self, *exc: object) -> None:
        return None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=edits)
def test_update_keeps_every_team_edit(world: World, plan: list[Edit]) -> None:
    _check_update(world, plan)


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=edits)
def test_update_keeps_every_team_edit_thoroughly(world: World, plan: list[Edit]) -> None:
    _check_update(world, plan)
