"""Every job that runs Pulumi logs in to its cloud by OIDC, and previews see their environment.

Read from the committed reference outputs (one profile per cloud and provider; the reference check
keeps them equal to what the templates render).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from arxscaffold.decisions import load_text
from arxscaffold.smoke.pipelines.shell import gitlab_jobs

REFERENCE = Path(__file__).resolve().parents[2] / "reference"
PINNED_BY_SHA = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")
LOGIN_ACTION = {
    "aws": "aws-actions/configure-aws-credentials@",
    "azure": "azure/login@",
    "gcp": "google-github-actions/auth@",
}
CLUSTER_CLI = {
    "aws": "aws eks update-kubeconfig",
    "azure": "az aks get-credentials",
    "gcp": "gcloud container clusters get-credentials",
}
ID_TOKEN_AUDIENCE = {
    "aws": "sts.amazonaws.com",
    "azure": "api://AzureADTokenExchange",
    "gcp": "https://iam.googleapis.com/$GCP_WORKLOAD_IDENTITY_PROVIDER",
}


def profiles(provider: str) -> list[tuple[str, str]]:
    found = []
    for path in sorted(REFERENCE.glob("*/decisions.yml")):
        values = load_text(path.read_text()).values
        if values.get("cicd.provider") == provider:
            found.append((path.parent.name, str(values.get("deploy.cloud"))))
    return found


def pulumi_jobs(workflow: Path) -> dict[str, dict[str, Any]]:
    jobs = (yaml.safe_load(workflow.read_text()) or {}).get("jobs") or {}
    return {
        name: job
        for name, job in jobs.items()
        if any("pulumi/actions@" in str(step.get("uses", "")) for step in job.get("steps", []))
    }


def test_every_cloud_and_provider_has_a_reference_profile() -> None:
    for provider in ("github-actions", "gitlab-ci"):
        clouds = {cloud for _, cloud in profiles(provider)}
        assert clouds >= {"aws", "azure", "gcp"}, (provider, clouds)


@pytest.mark.parametrize(("profile", "cloud"), profiles("github-actions"))
def test_github_pulumi_jobs_log_in_by_oidc_with_the_clouds_own_action(profile: str, cloud: str) -> None:
    workflows = sorted((REFERENCE / profile).glob("**/.github/workflows/*.yml"))
    checked = 0
    for workflow in workflows:
        text = workflow.read_text()
        for name, job in pulumi_jobs(workflow).items():
            checked += 1
            where = f"{workflow.relative_to(REFERENCE)}:{name}"
            assert "environment" in job, f"{where}: no environment, so its credentials are invisible"
            uses = [str(step.get("uses", "")) for step in job["steps"]]
            runs = "\n".join(str(step.get("run", "")) for step in job["steps"])
            if cloud == "hybrid":
                assert "KUBECONFIG_B64" in str(job), where
                continue
            assert job["permissions"].get("id-token") == "write", where
            assert "KUBECONFIG_B64" not in str(job), f"{where}: a long-lived kubeconfig beside OIDC"
            assert any(u.startswith(LOGIN_ACTION[cloud]) for u in uses), where
            assert CLUSTER_CLI[cloud] in runs, where
        for line in text.splitlines():
            if "uses:" in line and any(a in line for a in LOGIN_ACTION.values()):
                action = line.split("uses:", 1)[1].strip()
                assert PINNED_BY_SHA.match(action), f"{workflow}: {action} is not pinned by commit SHA"
    assert checked, f"{profile}: no job runs Pulumi"


@pytest.mark.parametrize(("profile", "cloud"), profiles("gitlab-ci"))
def test_gitlab_pulumi_jobs_exchange_an_id_token(profile: str, cloud: str) -> None:
    checked = 0
    for path in sorted((REFERENCE / profile).glob("**/.gitlab-ci.yml")):
        for name, job in gitlab_jobs(path).items():
            script = "\n".join(str(line) for line in [*job.get("before_script", []), *job.get("script", [])])
            if "pulumi install" not in script:
                continue
            checked += 1
            where = f"{path.relative_to(REFERENCE)}:{name}"
            assert "environment" in job, f"{where}: no environment, so its variables are invisible"
            if cloud == "hybrid":
                assert "id_tokens" not in job, where
                continue
            tokens = job["id_tokens"]
            assert [t["aud"] for t in tokens.values()] == [ID_TOKEN_AUDIENCE[cloud]], where
            assert CLUSTER_CLI[cloud] in script, where
    assert checked, f"{profile}: no job runs Pulumi"
