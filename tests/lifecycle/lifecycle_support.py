"""Shared set-up for the lifecycle tests: a generated component repo and a two-version template history."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from arxscaffold import history
from arxscaffold.copier_runtime import template_snapshot
from arxscaffold.decisions import load_text
from arxscaffold.render import TEMPLATE_REF, NewRequest, new

NEXT_REF = "v99.0.0"
OLD_DECISIONS = "version: 1\nsystem: {name: solo}\ncomponents: [{name: sensors, kind: iot-service}]\n"
NEW_DECISIONS = OLD_DECISIONS + "cicd: {strategy: canary}\n"


def git(cwd: Path, *args: str) -> str:
    return history.git(cwd, *args)


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


def generate_component_repo(at: Path, decisions: str = OLD_DECISIONS) -> Path:
    new(NewRequest(load_text(decisions), at, components=("sensors",)))
    git(at, "init", "-q", "-b", "main")
    commit_all(at, "generated")
    return at


def build_template_history(at: Path) -> Path:
    """The current template tagged as this version, and a newer version with three kinds of change."""
    shutil.copytree(template_snapshot(), at, symlinks=True)
    git(at, "init", "-q", "-b", "main")
    commit_all(at, "current")
    git(at, "tag", TEMPLATE_REF)
    service = at / "templates" / "service"
    readme = service / "README.md.jinja"
    readme.write_text(readme.read_text() + "\n## Support\n\nAsk in #arxos-platform.\n")
    makefile = service / "Makefile.jinja"
    makefile.write_text(makefile.read_text().replace("## List targets", "## List the make targets", 1))
    (service / "CONTRIBUTING.md").write_text("# Contributing\n\nOpen a pull request.\n")
    commit_all(at, "next")
    git(at, "tag", NEXT_REF)
    return at


@contextmanager
def serving(template: Path) -> Iterator[None]:
    """Make the recorded template URL resolve to ``template`` for Copier's git calls."""
    with history._redirected(template):
        yield


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(folder).parts
    }


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    import sys

    return subprocess.run(
        [sys.executable, "-m", "arxscaffold.cli", *args], cwd=cwd, capture_output=True, text=True, check=False
    )
