"""The smoke check of whole systems, one test per generated system given to `arxscaffold smoke`."""

from __future__ import annotations

from pathlib import Path

import pytest

from arxscaffold.smoke.harness import cache
from arxscaffold.smoke.harness.discover import GeneratedComponent, find_systems
from arxscaffold.smoke.harness.plugin import private_copy
from arxscaffold.smoke.system import run as system_run


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "system" in metafunc.fixturenames:
        systems = find_systems([Path(p) for p in metafunc.config.getoption("--smoke-path")])
        metafunc.parametrize("system", systems, ids=[f"{s.path.name}/system" for s in systems])


def test_make_up_starts_every_component_together_and_stops_them_all(
    system: GeneratedComponent,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    use_cache: bool,
) -> None:
    reason = system_run.skip_reason(system.path)
    if reason:
        pytest.skip(reason)
    key = cache.key("system-up", system.path, system_run.toolchain())
    if use_cache and cache.hit(key):
        pytest.skip("SKIPPED (cache hit): identical content and toolchain passed before; --no-cache forces")
    ignored = (".venv", "node_modules", "__pycache__", "dist", ".run", ".env")
    workdir = private_copy(request, tmp_path_factory, system, ignored)
    cache.record(key, system_run.check(workdir))
