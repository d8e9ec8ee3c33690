"""Released template versions are found without tags: the commit that sets `__version__` is the release,
a tag wins where one exists, and the wheel's bundle holds each earlier release's template and nothing else."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lifecycle_support import commit_all, git

from arxscaffold import history, releases
from arxscaffold.errors import UsageError
from arxscaffold.render import TEMPLATE_REF


def _project(at: Path) -> dict[str, str]:
    """A tiny project history: 1.0.0, a later template change, 1.1.0, another change; commit per step."""
    at.mkdir()
    git(at, "init", "-q", "-b", "main")
    commits = {}
    for step, version, text in [
        ("bump 1.0.0", "1.0.0", "one"),
        ("after 1.0.0", "1.0.0", "one, fixed"),
        ("bump 1.1.0", "1.1.0", "two"),
        ("after 1.1.0", "1.1.0", "two, fixed"),
    ]:
        (at / "src" / "arxscaffold").mkdir(parents=True, exist_ok=True)
        (at / releases.VERSION_FILE).write_text(f'"""doc"""\n\n__version__ = "{version}"\n')
        (at / "templates").mkdir(exist_ok=True)
        (at / "templates" / "hello.txt").write_text(text + "\n")
        (at / "copier.yml").write_text("_subdirectory: templates\n")
        commit_all(at, step)
        commits[step] = git(at, "rev-parse", "HEAD").strip()
    return commits


def test_each_release_is_the_commit_that_set_its_version(tmp_path: Path) -> None:
    commits = _project(tmp_path / "project")

    found = releases.release_commits(tmp_path / "project")

    assert {ref: r.commit for ref, r in found.items()} == {
        "v1.0.0": commits["bump 1.0.0"],
        "v1.1.0": commits["bump 1.1.0"],
    }
    assert {r.how for r in found.values()} == {"version bump"}


def test_a_release_tag_wins_over_the_version_bump(tmp_path: Path) -> None:
    commits = _project(tmp_path / "project")
    git(tmp_path / "project", "tag", "v1.0.0", commits["after 1.0.0"])

    found = releases.release_commits(tmp_path / "project")

    assert (found["v1.0.0"].commit, found["v1.0.0"].how) == (commits["after 1.0.0"], "release tag")
    assert found["v1.1.0"].commit == commits["bump 1.1.0"]


def test_0_1_0_is_offered_only_where_its_recorded_release_commit_exists(tmp_path: Path) -> None:
    # 0.1.0 was set long before it was released: its bump commit is not the released template.
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q", "-b", "main")
    (project / "src" / "arxscaffold").mkdir(parents=True)
    (project / releases.VERSION_FILE).write_text('__version__ = "0.1.0"\n')
    commit_all(project, "first commit")

    assert "v0.1.0" not in releases.release_commits(project)


def test_the_bundle_holds_each_earlier_release_s_template_and_nothing_else(tmp_path: Path) -> None:
    _project(tmp_path / "project")
    bundle = tmp_path / releases.BUNDLE_NAME

    assert releases.write_bundle(tmp_path / "project", bundle, "v1.1.0") == ["v1.0.0"]

    assert releases.bundle_refs(bundle) == ["v1.0.0"]
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--branch", "v1.0.0", str(bundle), str(clone)], check=True)
    files = sorted(str(p.relative_to(clone)) for p in clone.rglob("*") if ".git" not in p.parts)
    assert files == ["copier.yml", "templates", "templates/hello.txt"]
    assert (clone / "templates" / "hello.txt").read_text() == "one\n"


def test_a_version_found_nowhere_is_refused_naming_what_is_reachable() -> None:
    message = rf"template v0\.0\.1 is not available here .*it has .*{re.escape(TEMPLATE_REF)}"
    refused = pytest.raises(UsageError, match=message)
    with refused, history.template_repository(["v0.0.1"]):
        pass


def test_a_version_found_nowhere_here_is_fetched_from_the_recorded_template_url(tmp_path: Path) -> None:
    # What a hand-run `copier update` would clone: the `_src_path` the answers record, when it answers.
    published = tmp_path / "published"
    published.mkdir()
    git(published, "init", "-q", "-b", "main")
    (published / "copier.yml").write_text("_subdirectory: templates\n")
    (published / "templates").mkdir()
    (published / "templates" / "hello.txt").write_text("published 0.0.5\n")
    commit_all(published, "0.0.5")
    git(published, "tag", "v0.0.5")

    with history.template_repository(["v0.0.5", TEMPLATE_REF], urls=[str(published)]) as served:
        assert served.sources["v0.0.5"] == f"tag v0.0.5 at {published}"
        assert git(served.repo, "show", "v0.0.5:templates/hello.txt") == "published 0.0.5\n"
        assert git(served.repo, "show", f"{TEMPLATE_REF}:copier.yml").startswith("#")


def test_a_recorded_template_url_without_the_version_is_named_in_the_refusal(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    git(empty, "init", "-q", "-b", "main")

    with (
        pytest.raises(UsageError, match=rf"{re.escape(str(empty))} does not have it or did not answer"),
        history.template_repository(["v0.0.5"], urls=[str(empty)]),
    ):
        pass
