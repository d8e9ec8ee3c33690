"""What each reference system's deploy stacks pull and require, read from the committed outputs.

Issue 13, findings 6 and 7: stacks pulled `registry.example.com/...` (never where CI pushed) without a
pull secret, and a deployed service with writes started with none of them guarded.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
SYSTEMS = sorted(p.parent for p in REFERENCE.glob("*/decisions.yml"))


def components(system: Path) -> list[dict[str, str]]:
    decisions = yaml.safe_load((system / "decisions.yml").read_text())
    return [c for c in decisions["components"] if (system / c["name"] / "deploy").is_dir()]


def stack_files(component: Path) -> list[Path]:
    found = sorted((component / "deploy").glob("Pulumi.*.yaml"))
    assert found, f"{component} has no stacks"
    return found


def stack(path: Path) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load(path.read_text())["config"]
    return {key.split(":", 1)[1]: value for key, value in config.items()}


def has_writes(component: Path) -> bool:
    """The service guards a route with its admin token (core/auth.py's ADMIN)."""
    return any("dependencies=ADMIN" in f.read_text() for f in (component / "src").rglob("domain/*.py"))


def ci_image_repository(component: Path) -> str:
    """The IMAGE_REPOSITORY default the component's pipeline pushes to."""
    gitlab = component / ".gitlab-ci.yml"
    if gitlab.is_file():
        return str(yaml.safe_load(gitlab.read_text())["variables"]["IMAGE_REPOSITORY"])
    own = component / ".github" / "workflows" / "ci.yml"
    # A monorepo keeps every component's workflow at the root, named after the component.
    at_root = component.parent / ".github" / "workflows" / f"{component.name}.yml"
    workflow = yaml.safe_load((own if own.is_file() else at_root).read_text())
    found = re.fullmatch(
        r"\$\{\{ vars\.IMAGE_REPOSITORY \|\| '([^']+)' \}\}", workflow["env"]["IMAGE_REPOSITORY"]
    )
    assert found, workflow["env"]["IMAGE_REPOSITORY"]
    return found.group(1)


@pytest.mark.parametrize("system", SYSTEMS, ids=lambda p: p.name)
def test_stacks_pull_the_image_from_where_ci_pushes_it(system: Path) -> None:
    namespace = yaml.safe_load((system / "decisions.yml").read_text())["cicd"]["image_namespace"]
    for c in components(system):
        component = system / c["name"]
        expected = namespace if namespace == "$CI_REGISTRY_IMAGE" else f"{namespace}/{c['name']}"
        assert ci_image_repository(component) == expected
        for path in stack_files(component):
            assert stack(path)["image"]["repository"] == expected, path
        for path in (component / "deploy").rglob("*"):
            if path.is_file():
                assert "registry.example.com" not in path.read_text(), path


@pytest.mark.parametrize("system", SYSTEMS, ids=lambda p: p.name)
def test_pods_pull_with_a_named_secret_that_the_docs_say_the_team_provides(system: Path) -> None:
    for c in components(system):
        deploy = system / c["name"] / "deploy"
        project = yaml.safe_load((deploy / "Pulumi.yaml").read_text())
        secret = project["config"]["imagePullSecret"]["default"]
        assert secret == "registry-pull"
        readme = " ".join((deploy / "README.md").read_text().split())
        assert f"create secret docker-registry {secret}" in readme
        assert "the team provides" in readme.replace("*", "")


@pytest.mark.parametrize("system", SYSTEMS, ids=lambda p: p.name)
def test_every_deployed_service_with_writes_requires_its_admin_token(system: Path) -> None:
    env_example = (system / ".env.example").read_text()
    guarded = []
    for c in components(system):
        component = system / c["name"]
        prefix = c["name"].replace("-", "_").upper() + "_"
        if not c["kind"].endswith("-service"):
            continue
        writes = has_writes(component)
        for path in stack_files(component):
            settings = stack(path)["settings"]
            assert settings.get("REQUIRE_ADMIN_TOKEN") == ("true" if writes else None), path
        assert (f"\n{prefix}ADMIN_TOKEN=" in env_example) is writes, c["name"]
        if writes:
            guarded.append(c["name"])
            readme = (component / "deploy" / "README.md").read_text()
            assert f"`{prefix}ADMIN_TOKEN` (required" in readme
    kinds = {c["kind"] for c in components(system)}
    if "iot-service" in kinds or "ai-service" in kinds:
        assert guarded, "IoT provisioning and AI training are writes"
