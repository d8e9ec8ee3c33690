"""Smoke check of a generated Pulumi Kubernetes stack (a component's deploy/ or a system's platform/).

No Pulumi CLI and no cluster exist here, so the proof is: the stack's own lint and mock tests pass,
the manifests it exports validate strictly against the Kubernetes version it declares, and checkov
finds nothing beyond the checks skipped (with reasons) in the one skip file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from arxscaffold.smoke.harness.discover import find_components, find_systems
from arxscaffold.smoke.harness.toolchain import missing, python_toolchain
from arxscaffold.smoke.harness.venvs import tool_venv

KUBERNETES_VALIDATE = "kubernetes-validate==1.37.0"
CHECKOV = "checkov==3.3.30"
SKIP_FILE = ".checkov.yaml"
# Custom resources are not in the Kubernetes schemas: each one allowed here names the Helm chart that
# installs its CRD, and is accepted only when the stack itself releases that chart.
HELM_CRDS: dict[tuple[str, str], str] = {
    ("monitoring.coreos.com/v1", "ServiceMonitor"): "kube-prometheus-stack",
    ("cert-manager.io/v1", "ClusterIssuer"): "cert-manager",
    ("metallb.io/v1beta1", "IPAddressPool"): "metallb",
    ("metallb.io/v1beta1", "L2Advertisement"): "metallb",
}
PINNED = re.compile(r"^v?\d+\.\d+\.\d+$")
# Run inside the kubernetes-validate venv: strict mode, and a missing schema is a failure too.
VALIDATE_SCRIPT = """
import json, sys, yaml, kubernetes_validate
from kubernetes_validate.utils import SchemaNotFoundError, ValidationError
version, allowed, files = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3:]
problems = []
for name in files:
    for doc in yaml.safe_load_all(open(name)):
        key = doc.get("apiVersion", "") + " " + doc.get("kind", "")
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except SchemaNotFoundError:
            if key not in allowed:
                problems.append(f"{name}: unknown kind {key} (no schema, not a listed Helm CRD)")
        except ValidationError as exc:
            problems.append(f"{name}: {exc.message} at {'/'.join(map(str, exc.path))}")
print(json.dumps(problems))
"""


@dataclass(frozen=True)
class Stack:
    folder: Path  # the Pulumi project: <component>/deploy or <system>/platform
    id: str


def find_stacks(paths: list[Path]) -> list[Stack]:
    stacks = [
        Stack(c.path / "deploy", f"{c.id}/deploy")
        for c in find_components(paths)
        if (c.path / "deploy" / "Pulumi.yaml").is_file()
    ]
    stacks += [
        Stack(s.path / "platform", f"{s.path.name}/platform")
        for s in find_systems(paths)
        if (s.path / "platform" / "Pulumi.yaml").is_file()
    ]
    return stacks


def required_tools() -> list[str]:
    return missing("make", "python3")


def requirements(folder: Path) -> list[str]:
    lines = (folder / "requirements.txt").read_text().splitlines()
    return sorted(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def toolchain(folder: Path) -> str:
    return "; ".join([python_toolchain(), *requirements(folder), KUBERNETES_VALIDATE, CHECKOV])


def kubernetes_version(folder: Path) -> str:
    config = yaml.safe_load((folder / "Pulumi.yaml").read_text()).get("config") or {}
    declared = config.get("kubernetesVersion")
    version = declared.get("default") if isinstance(declared, dict) else declared
    if not version:
        pytest.fail(f"{folder}/Pulumi.yaml declares no kubernetesVersion to validate against")
    return str(version)


def _run(
    command: list[str], cwd: Path, what: str, env: dict[str, str] | None = None, timeout: float = 900
) -> str:
    result = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **(env or {})},
    )
    if result.returncode != 0:
        pytest.fail(f"{what} failed (exit {result.returncode}):\n{(result.stdout + result.stderr)[-4000:]}")
    return result.stdout


def run_program(project: Path) -> list[Path]:
    """The stack's own Makefile: lint, mock tests for every environment, manifest export."""
    venv = tool_venv("pulumi-stack", requirements(project))
    _run(
        ["make", "lint", "test", "manifests", f"VENV={venv}"],
        project,
        f"`make lint test manifests` in {project}",
    )
    files = sorted((project / "manifests").glob("*/*.yaml"))
    if not files:
        pytest.fail(f"{project}: `make manifests` wrote no manifests")
    return files


def helm_charts(project: Path) -> set[str]:
    """Charts the stack releases; each must be pinned to one exact version from an https repo."""
    charts: set[str] = set()
    for file in sorted((project / "manifests").glob("*/helm/*.yaml")):
        release = yaml.safe_load(file.read_text())
        version = str(release.get("version", ""))
        assert PINNED.match(version), f"{file.name}: chart version {version!r} is not pinned"
        repo = str(release.get("repositoryOpts", {}).get("repo", ""))
        assert repo.startswith("https://"), f"{file.name}: chart repository {repo!r} is not https"
        charts.add(str(release["chart"]))
    return charts


def validate(project: Path, files: list[Path]) -> None:
    version = kubernetes_version(project)
    charts = helm_charts(project)
    allowed = [f"{api} {kind}" for (api, kind), chart in HELM_CRDS.items() if chart in charts]
    venv = tool_venv("kubernetes-validate", [KUBERNETES_VALIDATE])
    out = _run(
        [str(venv / "bin" / "python"), "-c", VALIDATE_SCRIPT, version, json.dumps(allowed), *map(str, files)],
        project,
        "kubernetes-validate",
    )
    problems = json.loads(out)
    assert not problems, f"strict validation against Kubernetes {version}:\n" + "\n".join(problems)


def scan(project: Path) -> int:
    """checkov over every exported manifest; returns the number of passed checks."""
    if not (project / SKIP_FILE).is_file():
        pytest.fail(f"{project}: no {SKIP_FILE}; skipped checks must be listed with reasons")
    venv = tool_venv("checkov", [CHECKOV])
    result = subprocess.run(
        [
            str(venv / "bin" / "checkov"),
            "-d",
            "manifests",
            "--config-file",
            SKIP_FILE,
            "--skip-download",
            "--framework",
            "kubernetes",
            "-o",
            "json",
            "--quiet",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true"},
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"checkov gave no report (exit {result.returncode}):\n{result.stderr[-3000:]}")
    reports = report if isinstance(report, list) else [report]
    failed = [
        f"{c['check_id']} {c['check_name']}: {c['resource']} ({c['file_path']})"
        for r in reports
        for c in r.get("results", {}).get("failed_checks", [])
    ]
    assert not failed, "checkov found failed checks:\n" + "\n".join(failed)
    return sum(int(r.get("summary", {}).get("passed", 0)) for r in reports)


def check(stack: Stack, project: Path) -> str:
    files = run_program(project)
    validate(project, files)
    passed = scan(project)
    return (
        f"{stack.id}: mock tests passed, {len(files)} manifests valid for Kubernetes "
        f"{kubernetes_version(project)}, checkov {passed} passed / 0 failed"
    )
