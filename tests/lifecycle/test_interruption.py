"""Interruption: `new` and `update` killed (SIGKILL) at any point leave the destination as it was or
complete, never half-written, and running them again succeeds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lifecycle_support import NEW_DECISIONS, OLD_DECISIONS, commit_all, generate_component_repo, tree

from arxscaffold.decisions import load_text
from arxscaffold.lifecycle import UpdateRequest, update
from arxscaffold.render import NewRequest, new

KILL_AFTER = [0.2, 0.5, 0.9, 1.4, 2.0, 3.0, 5.0]


def _start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "arxscaffold.cli", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _kill_after(process: subprocess.Popen[bytes], seconds: float) -> None:
    time.sleep(seconds)
    process.kill()
    process.wait()


@pytest.mark.parametrize("seconds", KILL_AFTER)
def test_killed_new_leaves_nothing_or_everything(tmp_path: Path, seconds: float) -> None:
    decisions = tmp_path / "decisions.yml"
    decisions.write_text(OLD_DECISIONS)
    complete = tmp_path / "complete"
    new(NewRequest(load_text(OLD_DECISIONS), complete))
    dest = tmp_path / "work" / "out"

    _kill_after(_start("new", str(dest), "--decisions", str(decisions)), seconds)

    assert not dest.exists() or tree(dest) == tree(complete), "half-written destination"
    if not dest.exists():
        rerun = subprocess.run(
            [sys.executable, "-m", "arxscaffold.cli", "new", str(dest), "--decisions", str(decisions)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert rerun.returncode == 0, rerun.stderr
        assert tree(dest) == tree(complete)
    leftovers = [p.name for p in dest.parent.iterdir() if p.name != "out"]
    assert leftovers == [], f"scratch folders left after the rerun: {leftovers}"


@pytest.fixture(scope="module")
def updated(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """A committed repo ready for an update, and the trees before and after an uninterrupted update."""
    root = tmp_path_factory.mktemp("interrupt")
    decisions = root / "decisions.yml"
    decisions.write_text(NEW_DECISIONS)
    repo = generate_component_repo(root / "pristine" / "sensors")
    readme = repo / "README.md"
    readme.write_text(readme.read_text() + "\nTeam note.\n")
    commit_all(repo, "team edit")
    finished = root / "finished" / "sensors"
    shutil.copytree(repo, finished, symlinks=True)
    update(UpdateRequest(finished, decisions))
    return repo, decisions, tree(repo), tree(finished)


@pytest.mark.parametrize("seconds", [0.5, 1.5, 3.0, 6.0, 10.0])
def test_killed_update_leaves_the_repo_as_it_was_or_updated(
    tmp_path: Path, updated: tuple[Path, Path, dict[str, bytes], dict[str, bytes]], seconds: float
) -> None:
    pristine, decisions, before, after = updated
    repo = tmp_path / "sensors"
    shutil.copytree(pristine, repo, symlinks=True)

    _kill_after(_start("update", str(repo), "--decisions", str(decisions)), seconds)

    state = tree(repo)
    assert state in (before, after), "half-updated repository"
    if state == after:
        # Killed after the swap: the team reviews and commits the update, as after any update.
        commit_all(repo, "reviewed update")
    # Running it again finishes the work (or finds nothing to do) and sweeps the killed run's scratch copy.
    rerun = subprocess.run(
        [sys.executable, "-m", "arxscaffold.cli", "update", str(repo), "--decisions", str(decisions)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert tree(repo) == after
    leftovers = [p.name for p in tmp_path.iterdir() if p.name != "sensors"]
    assert leftovers == [], f"scratch folders left after the rerun: {leftovers}"
