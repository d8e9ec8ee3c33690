"""The template's versions as a local git repository, so Copier's 3-way update works offline.

Answers files record `_src_path: gh:arxos/arxscaffold` and `_commit: v<version>`. For an update,
arxscaffold builds a throwaway repository holding each version that is needed (the recorded one and the
target) as tagged commits, and points git's `url.<repo>.insteadOf` at it while Copier runs: Copier's
own clone, checkout and merge machinery then does the work, and nothing in the destination changes
apart from what the update writes.

Each version comes from the first of these that has it: this arxscaffold's own templates (the current
version); the release commits in the git history of the checkout it runs from (`releases.py`: release
tags where they exist, else the commit that set `__version__`); the template history bundled into the
wheel it was installed from. The output names the source of each version used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from arxscaffold import __version__, releases
from arxscaffold.copier_runtime import shared_clones, template_root, template_snapshot
from arxscaffold.errors import UsageError
from arxscaffold.render import TEMPLATE_REF, TEMPLATE_URL

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


def _bundle() -> Path | None:
    """The template history shipped inside an installed wheel."""
    bundle = template_root() / releases.BUNDLE_NAME
    return bundle if bundle.is_file() else None


@dataclass(frozen=True)
class Version:
    """Where one template version's files come from."""

    ref: str
    source: str  # said in the output
    fill: Callable[[Path], None] = field(compare=False, repr=False)


def _current(into: Path) -> None:
    source = template_snapshot()
    shutil.copy2(source / "copier.yml", into / "copier.yml")
    shutil.copytree(source / "templates", into / "templates", symlinks=True)


def find_versions() -> dict[str, Version]:
    """Every template version this arxscaffold can reach, by ref."""
    found: dict[str, Version] = {}
    bundle = _bundle()
    if bundle is not None:
        for ref in releases.bundle_refs(bundle):
            found[ref] = Version(ref, "the template history shipped with this arxscaffold", _from_bundle(ref))
    checkout = _source_checkout()
    if checkout is not None:
        try:
            commits = releases.release_commits(checkout)
        except releases.HistoryError as exc:
            raise UsageError(str(exc)) from None
        for ref, release in commits.items():
            source = f"{release.how} {release.commit[:7]} in the git history of {checkout}"
            found[ref] = Version(ref, source, releases.exporter(checkout, release.commit))
    found[TEMPLATE_REF] = Version(TEMPLATE_REF, f"this arxscaffold ({template_root()})", _current)
    return found


def _from_bundle(ref: str) -> Callable[[Path], None]:
    def fill(into: Path) -> None:
        # A bare clone of the bundle next to the history being built, made once per history.
        clone = into.parent / "bundle.git"
        bundle = _bundle()
        assert bundle is not None
        if not clone.exists():
            releases.run_git(into.parent, "clone", "-q", "--bare", str(bundle), str(clone))
        releases.export(clone, ref, into)

    return fill


def available_versions() -> list[str]:
    """The refs of every reachable template version (newest last)."""
    return sorted(find_versions(), key=_version_key)


def _version_key(tag: str) -> tuple[int, ...]:
    return releases.version_key(tag)


@dataclass(frozen=True)
class History:
    """A served template history: the repository and where each of its versions came from."""

    repo: Path
    sources: dict[str, str]


@contextmanager
def template_repository(versions: list[str], urls: Iterable[str] = ()) -> Iterator[History]:
    """A git repo with one tagged commit per version (oldest first), reachable as TEMPLATE_URL.

    A version found nowhere here is looked up at ``urls`` (the `_src_path` the answers record, what a
    `copier update` run by hand would clone), where one answers.
    """
    reachable = find_versions()
    here = sorted(reachable, key=_version_key)
    remotes = [_expand(url) for url in dict.fromkeys(urls)]
    for ref in sorted(set(versions) - set(reachable), key=_version_key):
        found = next((v for url in remotes if (v := _remote(url, ref))), None)
        if found is None:
            asked = "".join(f"; {url} does not have it or did not answer" for url in remotes)
            raise UsageError(
                f"template {ref} is not available here (this arxscaffold is v{__version__}; it has "
                f"{', '.join(here)}{asked}): install an arxscaffold whose wheel ships that history, "
                "run from a full clone of arxscaffold, or regenerate with `new`"
            )
        reachable[ref] = found
    ordered = [reachable[ref] for ref in sorted(set(versions), key=_version_key)]
    with tempfile.TemporaryDirectory(prefix="arxscaffold-history-") as scratch:
        repo = Path(scratch) / "template"
        repo.mkdir()
        try:
            releases.commit_versions(repo, [(v.ref, v.fill) for v in ordered])
        except releases.HistoryError as exc:
            raise UsageError(str(exc)) from None
        checkouts = {v.ref: _checkout(repo, v.ref) for v in ordered}
        with _redirected(repo), shared_clones(_expanded_url(), checkouts):
            yield History(repo, {v.ref: v.source for v in ordered})


def _checkout(repo: Path, ref: str) -> Path:
    where = repo.parent / "checkouts" / ref
    releases.run_git(repo.parent, "clone", "-q", "--shared", "--branch", ref, str(repo), str(where))
    return where


def _expand(url: str) -> str:
    """A recorded template URL as Copier expands it before cloning (`gh:`, `gl:` shortcuts)."""
    for short, long in (("gh:", "https://github.com/"), ("gl:", "https://gitlab.com/")):
        if url.startswith(short):
            url = long + url.removeprefix(short)
            return url if url.endswith(".git") else url + ".git"
    return url


def _expanded_url() -> str:
    return _expand(TEMPLATE_URL)


REMOTE_TIMEOUT = 20  # seconds for a template URL to list its tags, and again to send one


def _remote(url: str, ref: str) -> Version | None:
    """``ref`` as the tag at ``url``, when that URL answers within the timeout and has the tag."""
    quiet = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        listed = subprocess.run(
            ["git", "ls-remote", "--tags", url, f"refs/tags/{ref}"],
            capture_output=True,
            text=True,
            env=quiet,
            timeout=REMOTE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None
    if listed.returncode != 0 or not listed.stdout.strip():
        return None

    def fill(into: Path) -> None:
        fetched = into.parent / "remote.git"
        if not fetched.exists():
            releases.run_git(into.parent, "init", "-q", "--bare", str(fetched))
        tag = f"refs/tags/{ref}"
        releases.run_git(fetched, "fetch", "-q", "--depth", "1", url, f"{tag}:{tag}", env=quiet)
        releases.export(fetched, ref, into)

    return Version(ref, f"tag {ref} at {url}", fill)


@contextmanager
def _redirected(repo: Path) -> Iterator[None]:
    """Make git resolve the recorded template URL to ``repo`` (for Copier's subprocesses too).

    Copier keeps one mirror per remote URL in a per-user cache. Every template history is served
    under the same URL, so a shared mirror would hand one run the tags of another (a stale `v<version>`
    with other content, or a "downgrade" when two runs overlap): each history gets its own cache.
    """
    from plumbum import local  # Copier runs git through plumbum, which keeps its own copy of the env

    url = _expanded_url()
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
