"""Deploy smoke: every component's deploy/ and every system's platform/ Pulumi stack."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from arxscaffold.smoke.deploy import kubernetes_stacks
from arxscaffold.smoke.deploy.kubernetes_stacks import Stack
from arxscaffold.smoke.harness import cache


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "stack" in metafunc.fixturenames:
        paths = [Path(p) for p in metafunc.config.getoption("--smoke-path")]
        stacks = kubernetes_stacks.find_stacks(paths)
        metafunc.parametrize("stack", stacks, ids=[s.id for s in stacks])


def test_stack_passes_mock_tests_schema_validation_and_policy_scan(
    stack: Stack, tmp_path: Path, use_cache: bool
) -> None:
    absent = kubernetes_stacks.required_tools()
    if absent:
        pytest.skip(f"SKIPPED: toolchain missing: {', '.join(absent)}")
    key = cache.key("deploy", stack.folder, kubernetes_stacks.toolchain(stack.folder))
    if use_cache and cache.hit(key):
        pytest.skip("SKIPPED (cache hit): identical content and toolchain passed before; --no-cache forces")
    # A private copy: exporting manifests never writes into reference/ or the user's tree.
    project = tmp_path / stack.folder.name
    shutil.copytree(stack.folder, project, ignore=shutil.ignore_patterns(".venv", "manifests", "__pycache__"))
    cache.record(key, kubernetes_stacks.check(stack, project))
