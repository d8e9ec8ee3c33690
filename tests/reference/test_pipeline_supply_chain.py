"""What a release deploys and where the pipelines' tools come from, read from the reference outputs.

- One build on main: the image the publish job pushes is the one scanned (by its digest) and the one
  every deploy runs (<repository>:<sha>@<digest>); nothing rebuilds it.
- The drift check installs arxscaffold from the template repository at its version tag.
- Every checkov skip sits in the generated file it concerns, with its reason.
- Every action a workflow uses is pinned by commit SHA, the release named in a comment.
- Every Node a pipeline or image runs is the one Node of versions.jinja, never an end-of-life major.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
GITHUB_CI = sorted(
    p
    for p in REFERENCE.glob("*/**/.github/workflows/*.yml")
    if "rollback" not in p.name
    and p.name not in ("platform.yml", "drift.yml")
    and "docker/build-push-action" in p.read_text()
)
GITLAB_CI = sorted(p for p in REFERENCE.glob("*/*/.gitlab-ci.yml") if "publish-image:" in p.read_text())


def ids(paths: list[Path]) -> list[str]:
    return [str(p.relative_to(REFERENCE)) for p in paths]


def test_both_providers_are_covered() -> None:
    assert GITHUB_CI and GITLAB_CI


@pytest.mark.parametrize("path", GITHUB_CI, ids=ids(GITHUB_CI))
def test_github_main_builds_once_and_deploys_the_scanned_digest(path: Path) -> None:
    jobs = yaml.safe_load(path.read_text())["jobs"]
    on_push = {n: j for n, j in jobs.items() if "pull_request'" not in str(j.get("if", ""))}
    builds = [
        n for n, j in on_push.items() for s in j.get("steps", []) if "build-push-action" in s.get("uses", "")
    ]
    assert builds == ["image"], "on main exactly one job builds the image"
    assert jobs["image"]["outputs"]["digest"] == "${{ steps.publish.outputs.digest }}"
    scan = jobs["image-scan-published"]
    assert scan["needs"] == ["image"]
    assert scan["steps"][0]["with"]["image-ref"].endswith("@${{ needs.image.outputs.digest }}")
    deploys = {n: j for n, j in jobs.items() if n.startswith("deploy-")}
    assert deploys
    for job in deploys.values():
        # `needs.image` is only visible to jobs that need `image` directly.
        assert {"image", "image-scan-published"} <= set(job["needs"])
        assert job["env"]["IMAGE_TAG"] == "${{ github.sha }}@${{ needs.image.outputs.digest }}"


@pytest.mark.parametrize("path", GITLAB_CI, ids=ids(GITLAB_CI))
def test_gitlab_main_builds_once_and_deploys_the_scanned_digest(path: Path) -> None:
    document = yaml.safe_load(path.read_text())
    main = "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"
    never_on_main = document[".not-published"]["rules"]
    assert {"if": main, "when": "never"} in never_on_main
    for job in ("image-build", "image-scan"):
        assert document[job]["extends"] == ".not-published"
    publish = document["publish-image"]
    assert "image-scan" not in publish["needs"]
    assert "--metadata-file metadata.json" in " ".join(publish["script"])
    assert publish["artifacts"]["reports"]["dotenv"].endswith("image.env")
    assert document["image-scan-published"]["needs"] == ["publish-image"]
    assert '"$IMAGE_REPOSITORY@$IMAGE_DIGEST"' in document["image-scan-published"]["script"][0]
    deploys = [j for n, j in document.items() if n.startswith("deploy-")]
    assert deploys
    for job in deploys:
        assert {"publish-image", "image-scan-published"} <= set(job["needs"])
        assert job["script"][0] == 'export IMAGE_TAG="$CI_COMMIT_SHA@$IMAGE_DIGEST"'


def test_drift_jobs_install_arxscaffold_from_the_template_repository_at_its_tag() -> None:
    drift = [*REFERENCE.glob("*/.github/workflows/drift.yml"), *REFERENCE.glob("*/.gitlab-ci.yml")]
    assert drift
    for path in drift:
        text = path.read_text()
        assert "arxscaffold==" not in text, path
        version = yaml.safe_load(
            (path.parents[2 if ".github" in path.parts else 0] / ".copier-answers.yml").read_text()
        )
        if "arxscaffold check" in text:
            assert f'"arxscaffold @ git+https://github.com/arxos/arxscaffold@{version["_commit"]}"' in text, (
                path
            )


def test_every_checkov_skip_in_the_outputs_names_a_check_and_its_reason() -> None:
    skips = [
        (path, line)
        for path in REFERENCE.rglob("*")
        if path.is_file() and path.suffix in ("", ".yml", ".yaml")
        for line in path.read_text(errors="replace").splitlines()
        if "checkov:skip" in line
    ]
    assert skips, "rollback workflows and Dockerfiles carry their skips"
    for path, line in skips:
        assert re.search(r"checkov:skip=CKV2?_[A-Z0-9_]+: \S", line), f"{path}: {line}"


# owner/repo[/path]@<commit> # v<release>: a tag can be moved to other code, a commit cannot.
PINNED_BY_SHA = re.compile(r"^[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
WORKFLOWS = sorted(REFERENCE.glob("*/**/.github/workflows/*.yml"))


def test_every_action_in_every_reference_workflow_is_pinned_by_commit_sha() -> None:
    assert WORKFLOWS
    uses = [
        (path, line.split("uses:", 1)[1].strip())
        for path in WORKFLOWS
        for line in path.read_text().splitlines()
        if re.match(r"^\s*(- )?uses:", line)
    ]
    actions = {u.split("@", 1)[0] for _, u in uses}
    # Checkout, the cloud logins and the mobile CI's flutter action are all among them.
    assert {"actions/checkout", "aws-actions/configure-aws-credentials", "subosito/flutter-action"} <= actions
    for path, action in uses:
        where = path.relative_to(REFERENCE)
        assert PINNED_BY_SHA.match(action), f"{where}: {action} is not pinned by commit SHA"


def test_one_action_is_pinned_to_one_commit_everywhere() -> None:
    commits: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for action in re.findall(r"uses: (\S+@\S+ # \S+)", path.read_text()):
            name, pin = action.split("@", 1)
            commits.setdefault(name, set()).add(pin)
    assert commits
    assert {name: pins for name, pins in commits.items() if len(pins) > 1} == {}


def node_versions(text: str) -> set[str]:
    images = re.findall(r"\bnode:(\d+\.\d+\.\d+)-", text)
    setups = re.findall(r'node-version: "([^"]+)"', text)
    return {*images, *setups}


def test_pipelines_and_images_run_one_node_and_it_is_not_node_20() -> None:
    files = [
        path
        for pattern in ("*/**/.github/workflows/*.yml", "*/**/.gitlab-ci.yml", "*/**/Dockerfile")
        for path in REFERENCE.glob(pattern)
    ]
    found = {path: node_versions(path.read_text()) for path in files}
    versions = set().union(*found.values())
    # The web Dockerfile, the web and mobile pipelines of both providers all name a Node.
    assert len([p for p, v in found.items() if v]) >= 4
    assert len(versions) == 1, found
    (version,) = versions
    assert int(version.split(".")[0]) >= 22, f"Node {version} is end of life or not an LTS line"
