"""Which commit holds each released template version, found without release tags.

A release is the commit that sets `__version__` in `src/arxscaffold/__init__.py` to a new value: a full
clone has every one of them, where a release tag exists only on the machine that made it. Tags `v<version>`
still win where they exist. The wheel ships the same history as a git bundle (one commit per released
version, holding only `copier.yml` and `templates/`), written by `write_bundle` when the wheel is built.

Standard library only: the wheel build hook (`hatch_build.py`) loads this file before any dependency exists.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

VERSION_FILE = "src/arxscaffold/__init__.py"
TEMPLATE_PATHS = ("copier.yml", "templates")
BUNDLE_NAME = "template-history.bundle"
# 0.1.0 was set in the project's first commit and released weeks later by a tag on this commit (the tag
# never left the machine that made it). Every later version is released by the commit that sets it.
RELEASED_BEFORE_THE_BUMP_RULE = {"v0.1.0": "fea61b64baf21924113869297c04ebe9d2396c69"}
# Commits of a version history carry fixed metadata, so the same releases give the same bundle.
_FIXED_COMMIT_ENV = {
    "GIT_AUTHOR_NAME": "arxscaffold",
    "GIT_AUTHOR_EMAIL": "arxscaffold@localhost",
    "GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z",
    "GIT_COMMITTER_NAME": "arxscaffold",
    "GIT_COMMITTER_EMAIL": "arxscaffold@localhost",
    "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z",
}
_BUMP = re.compile(r'^\+__version__ = "(?P<version>[^"]+)"', re.MULTILINE)


class HistoryError(Exception):
    """A git command on a template history failed."""


@dataclass(frozen=True)
class Release:
    ref: str  # v<version>
    commit: str
    how: str  # what identified it, for the output: "release tag", "version bump", ...


def run_git(cwd: Path, *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
    result = subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    if result.returncode != 0:
        raise HistoryError(f"git {' '.join(args)} failed in {cwd}: {result.stderr.decode().strip()}")
    return result.stdout


def version_key(ref: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in ref.lstrip("v").split("."))


def _has_commit(checkout: Path, commit: str) -> bool:
    try:
        run_git(checkout, "cat-file", "-e", f"{commit}^{{commit}}")
    except HistoryError:
        return False
    return True


def release_commits(checkout: Path) -> dict[str, Release]:
    """Every released version found in ``checkout``'s git history (a shallow clone finds fewer)."""
    found: dict[str, Release] = {}
    log = run_git(checkout, "log", "-p", "--reverse", "--format=commit %H", "--", VERSION_FILE).decode()
    for chunk in log.split("commit ")[1:]:
        commit = chunk.split("\n", 1)[0].strip()
        for match in _BUMP.finditer(chunk):
            found.setdefault(f"v{match['version']}", Release(f"v{match['version']}", commit, "version bump"))
    for ref, commit in RELEASED_BEFORE_THE_BUMP_RULE.items():
        if _has_commit(checkout, commit):
            found[ref] = Release(ref, commit, "recorded release commit")
        else:
            found.pop(ref, None)  # its bump commit is not what was released
    for tag in run_git(checkout, "tag", "--list", "v*").decode().split():
        commit = run_git(checkout, "rev-parse", f"{tag}^{{commit}}").decode().strip()
        found[tag] = Release(tag, commit, "release tag")
    return found


def export(git_dir: Path, rev: str, into: Path) -> None:
    """Write ``copier.yml`` and ``templates/`` of ``rev`` into ``into``."""
    archive = run_git(git_dir, "archive", rev, *TEMPLATE_PATHS)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def exporter(git_dir: Path, rev: str) -> Callable[[Path], None]:
    return lambda into: export(git_dir, rev, into)


def commit_versions(repo: Path, versions: Iterable[tuple[str, Callable[[Path], None]]]) -> None:
    """Add one tagged commit per (ref, fill) to the new repository ``repo``, in the order given."""
    run_git(repo, "init", "-q", "-b", "main")
    for ref, fill in versions:
        for child in repo.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        fill(repo)
        run_git(repo, "add", "-A")
        run_git(repo, "commit", "-q", "--allow-empty", "-m", ref, env=_FIXED_COMMIT_ENV)
        run_git(repo, "tag", ref)


def write_bundle(checkout: Path, out: Path, current: str) -> list[str]:
    """Bundle the template of every version released before ``current``; the refs written (oldest first)."""
    releases = release_commits(checkout)
    refs = sorted((r for r in releases if version_key(r) < version_key(current)), key=version_key)
    if not refs:
        return []
    with tempfile.TemporaryDirectory(prefix="arxscaffold-bundle-") as scratch:
        repo = Path(scratch)
        commit_versions(repo, [(ref, exporter(checkout, releases[ref].commit)) for ref in refs])
        run_git(repo, "bundle", "create", "-q", str(out.resolve()), "--all")
    return refs


def bundle_refs(bundle: Path) -> list[str]:
    """The version tags a template-history bundle holds."""
    heads = run_git(bundle.parent, "bundle", "list-heads", str(bundle)).decode().splitlines()
    return [line.split()[1].removeprefix("refs/tags/") for line in heads if " refs/tags/v" in line]
