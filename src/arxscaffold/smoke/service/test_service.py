"""The smoke check of Python services, one test per service (parametrised by plugin.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from arxscaffold.smoke.harness import cache
from arxscaffold.smoke.harness.discover import GeneratedComponent
from arxscaffold.smoke.service import python_service


def test_service_installs_passes_its_own_tests_and_serves(
    component: GeneratedComponent, workdir: Path, host: Any, use_cache: bool
) -> None:
    absent = python_service.required_tools_for(component)
    if absent:
        pytest.skip(f"SKIPPED: toolchain missing: {', '.join(absent)}")
    key = cache.key("component", component.path, python_service.toolchain())
    if use_cache and cache.hit(key):
        pytest.skip("SKIPPED (cache hit): identical content and toolchain passed before; --no-cache forces")
    summary = python_service.check(component, workdir, host)
    cache.record(key, summary)
