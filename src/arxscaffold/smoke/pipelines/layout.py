"""Where a generated system's pipelines live (`repository.layout`): the CI provider must find them.

GitHub reads workflows only from the repository root's `.github/workflows/`, GitLab only the root's
`.gitlab-ci.yml`. In a monorepo every component's pipeline must be reachable from the root (a
path-filtered workflow, or a child pipeline the root triggers on changes to the component's folder);
in a polyrepo every component folder carries its own. A pipeline nothing would start is a finding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from arxscaffold.smoke.harness.findings import Finding

ANSWERS = ".copier-answers.yml"


def _answers(tree: Path) -> dict[str, Any]:
    path = tree / ANSWERS
    data = yaml.safe_load(path.read_text()) if path.is_file() else None
    return data if isinstance(data, dict) else {}


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text()) if path.is_file() else None
    return data if isinstance(data, dict) else {}


def check(tree: Path) -> list[Finding]:
    """Findings for a system root; other trees (a component, a folder of components) have none."""
    answers = _answers(tree)
    if answers.get("kind") != "system":
        return []
    layout = answers.get("repository_layout", "polyrepo")
    github = answers.get("cicd_provider") == "github-actions"
    findings: list[Finding] = []
    for component in answers.get("components") or []:
        name = str(component["name"])
        if not (tree / name / ANSWERS).is_file():
            continue  # not generated here (a partial system)
        if github:
            findings += _github(tree, name, layout)
        else:
            findings += _gitlab(tree, name, layout)
    return findings


def _github(tree: Path, name: str, layout: str) -> list[Finding]:
    own = tree / name / ".github" / "workflows"
    root = tree / ".github" / "workflows" / f"{name}.yml"
    if layout == "polyrepo":
        if not (own / "ci.yml").is_file():
            return [Finding("layout", f"{name}/", "polyrepo: the component has no .github/workflows/ci.yml")]
        return []
    findings: list[Finding] = []
    if own.is_dir():
        findings.append(
            Finding("layout", f"{name}/.github/workflows", "monorepo: GitHub never runs a folder's workflows")
        )
    if not root.is_file():
        return [*findings, Finding("layout", f".github/workflows/{name}.yml", "monorepo: missing")]
    workflow = _load(root)
    triggers = workflow.get("on") or workflow.get(True) or {}  # YAML 1.1 reads `on` as True
    for event in ("push", "pull_request"):
        paths = (triggers.get(event) or {}).get("paths") or []
        if f"{name}/**" not in paths:
            findings.append(
                Finding("layout", f".github/workflows/{name}.yml", f"{event}: no path filter on {name}/**")
            )
    directory = ((workflow.get("defaults") or {}).get("run") or {}).get("working-directory")
    if directory != name:
        findings.append(
            Finding("layout", f".github/workflows/{name}.yml", f"run steps work in {directory!r}, not {name}")
        )
    return findings


def _gitlab(tree: Path, name: str, layout: str) -> list[Finding]:
    child = tree / name / ".gitlab-ci.yml"
    if not child.is_file():
        return [Finding("layout", f"{name}/.gitlab-ci.yml", "missing")]
    if layout == "polyrepo":
        return []
    parent = _load(tree / ".gitlab-ci.yml")
    triggers = [
        job
        for job in parent.values()
        if isinstance(job, dict) and (job.get("trigger") or {}).get("include") == f"{name}/.gitlab-ci.yml"
    ]
    if not triggers:
        return [Finding("layout", ".gitlab-ci.yml", f"monorepo: no job triggers {name}/.gitlab-ci.yml")]
    findings: list[Finding] = []
    changes = [c for rule in triggers[0].get("rules") or [] for c in rule.get("changes") or []]
    if f"{name}/**/*" not in changes:
        findings.append(
            Finding("layout", ".gitlab-ci.yml", f"the {name} child pipeline has no rules:changes")
        )
    rules = (_load(child).get("workflow") or {}).get("rules") or []
    if not any("parent_pipeline" in str(rule.get("if", "")) for rule in rules):
        findings.append(
            Finding(
                "layout", f"{name}/.gitlab-ci.yml", "monorepo: a child pipeline its workflow rules refuse"
            )
        )
    return findings
