"""The template's versions as a local git repository, so Copier's 3-way update works offline.

Answers files record `_src_path: gh:arxos/arxscaffold` and `_commit: v<version>`. For an update,
arxscaffold builds a throwaway repository holding each version that is needed (the recorded one and the
target) as tagged commits, and points git's `url.<repo>.insteadOf` at it while Copier runs: Copier's
own clone, checkout and merge machinery then does the work, and nothing in the destination changes
apart from what the update writes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from arxscaffold import __version__
from arxscaffold.errors import UsageError
from arxscaffold.render import TEMPLATE_REF, TEMPLATE_URL, _template_snapshot, template_root

GIT_IDENTITY = [
    "-c",
    "user.name=arxscaffold",
    "-c",
    "user.email=arxscaffold@localhost",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "tag.gpgsign=false",
]


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        ["git", *GIT_IDENTITY, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    if result.returncode != 0:
        raise UsageError(f"git {' '.join(args)} failed in {cwd}: {result.stderr.strip()}")
    return result.stdout


def _source_checkout() -> Path | None:
    """The arxscaffold git checkout the templates come from, when running from one."""
    root = template_root()
    return root if (root / ".git").exists() else None


def available_versions() -> list[str]:
    """The current version plus release tags of the source checkout (newest last)."""
    tags: list[str] = []
    checkout = _source_checkout()
    if checkout is not None:
        tags = [t for t in git(checkout, "tag", "--list", "v*").split() if t != TEMPLATE_REF]
    return [*sorted(set(tags), key=_version_key), TEMPLATE_REF]


def _version_key(tag: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in tag.lstrip("v").split("."))


def _export(tag: str, into: Path) -> None:
    """Write the template files of ``tag`` (copier.yml and templates/) into ``into``."""
    if tag == TEMPLATE_REF:
        source = _template_snapshot()
        shutil.copy2(source / "copier.yml", into / "copier.yml")
        shutil.copytree(source / "templates", into / "templates", symlinks=True)
        return
    checkout = _source_checkout()
    if checkout is None or tag not in available_versions():
        raise UsageError(
            f"template {tag} is not available here (this arxscaffold is v{__version__}); "
            "run from a checkout of arxscaffold that has the tag, or regenerate with `new`"
        )
    archive = subprocess.run(
        ["git", "archive", tag, "copier.yml", "templates"], cwd=checkout, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


@contextmanager
def template_repository(versions: list[str]) -> Iterator[Path]:
    """A git repo with one tagged commit per version (oldest first), reachable as TEMPLATE_URL."""
    ordered = sorted(set(versions), key=_version_key)
    with tempfile.TemporaryDirectory(prefix="arxscaffold-history-") as scratch:
        repo = Path(scratch) / "template"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        for tag in ordered:
            for child in repo.iterdir():
                if child.name != ".git":
                    shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
            _export(tag, repo)
            git(repo, "add", "-A")
            git(repo, "commit", "-q", "--allow-empty", "-m", tag)
            git(repo, "tag", tag)
        with _redirected(repo):
            yield repo


@contextmanager
def _redirected(repo: Path) -> Iterator[None]:
    """Make git resolve the recorded template URL to ``repo`` (for Copier's subprocesses too).

    Copier keeps one mirror per remote URL in a per-user cache. Every template history is served
    under the same URL, so a shared mirror would hand one run the tags of another (a stale `v<version>`
    with other content, or a "downgrade" when two runs overlap): each history gets its own cache.
    """
    from plumbum import local  # Copier runs git through plumbum, which keeps its own copy of the env

    url = TEMPLATE_URL.replace("gh:", "https://github.com/").replace("gl:", "https://gitlab.com/")
    if not url.endswith(".git"):
        url += ".git"
    redirect = {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{repo}.insteadOf",
        "GIT_CONFIG_VALUE_0": url,
        "COPIER_CACHE_DIR": str(repo.parent / "copier-cache"),
    }
    saved = {key: os.environ.get(key) for key in redirect}
    os.environ.update(redirect)
    try:
        with local.env(**redirect):
            yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
