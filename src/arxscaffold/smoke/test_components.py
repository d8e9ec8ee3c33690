"""The smoke checks, one test per generated component (parametrised by plugin.py)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from arxscaffold import catalog
from arxscaffold.smoke import cache, python_service
from arxscaffold.smoke.discover import GeneratedComponent

CHECKS: dict[str, ModuleType] = {"service": python_service}


def test_component_builds_passes_its_tests_and_serves(
    component: GeneratedComponent, workdir: Path, host: Any, use_cache: bool
) -> None:
    tree = catalog.kind(component.kind).tree if component.kind in catalog.kind_keys() else None
    checker = CHECKS.get(tree or "")
    if checker is None:
        pytest.skip(f"SKIPPED: no smoke check for kind {component.kind!r} in this arxscaffold version")
    absent = checker.required_tools()
    if absent:
        pytest.skip(f"SKIPPED: toolchain missing: {', '.join(absent)}")
    key = cache.key("component", component.path, checker.toolchain())
    if use_cache and cache.hit(key):
        pytest.skip("SKIPPED (cache hit): identical content and toolchain passed before; --no-cache forces")
    summary = checker.check(component, workdir, host)
    cache.record(key, summary)
