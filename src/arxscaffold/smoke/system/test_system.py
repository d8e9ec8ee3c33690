"""The smoke check of whole systems, one test per generated system given to `arxscaffold smoke`."""

from __future__ import annotations

from pathlib import Path

import pytest

from arxscaffold.smoke.harness import cache
from arxscaffold.smoke.harness.discover import GeneratedComponent, find_systems
from arxscaffold.smoke.harness.plugin import RESULT, private_copy
from arxscaffold.smoke.system import run as system_run


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "system" in metafunc.fixturenames:
        systems = find_systems([Path(p) for p in metafunc.config.getoption("--smoke-path")])
        metafunc.parametrize("system", systems, ids=[f"{s.path.name}/system" for s in systems])
    if "breakable_system" in metafunc.fixturenames:
        # One system is enough to prove the test can fail: the first with an IoT export to break.
        systems = find_systems([Path(p) for p in metafunc.config.getoption("--smoke-path")])
        chosen = [s for s in systems if system_run.breakable(s.path)][:1]
        metafunc.parametrize("breakable_system", chosen, ids=[f"{s.path.name}/system-red" for s in chosen])
    if "system_with_web" in metafunc.fixturenames:
        # Issue #12 asks for a web-less system too; no reference profile is one, so the first system
        # with a web app and services is generated again without its web apps.
        systems = find_systems([Path(p) for p in metafunc.config.getoption("--smoke-path")])
        chosen = [s for s in systems if system_run.has_web_and_services(s.path)][:1]
        metafunc.parametrize("system_with_web", chosen, ids=[f"{s.path.name}/system-no-web" for s in chosen])


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
    result = system_run.check(workdir)
    # Printed in the smoke's "results" section: the system test's count and time per profile.
    request.node.user_properties.append((RESULT, result))
    cache.record(key, result)


def test_the_system_test_goes_red_when_a_provider_route_breaks(
    breakable_system: GeneratedComponent,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    use_cache: bool,
) -> None:
    reason = system_run.skip_reason(breakable_system.path)
    if reason:
        pytest.skip(reason)
    key = cache.key("system-red", breakable_system.path, system_run.toolchain())
    if use_cache and cache.hit(key):
        pytest.skip("SKIPPED (cache hit): identical content and toolchain passed before; --no-cache forces")
    ignored = (".venv", "node_modules", "__pycache__", "dist", ".run", ".env")
    workdir = private_copy(request, tmp_path_factory, breakable_system, ignored)
    result = system_run.check_goes_red_without_the_export(workdir)
    request.node.user_properties.append((RESULT, result))  # which tests went red, in "results"
    cache.record(key, result)


def test_the_system_without_its_web_app_runs_and_passes_its_system_test(
    system_with_web: GeneratedComponent,
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    use_cache: bool,
) -> None:
    reason = system_run.skip_reason(system_with_web.path)
    if reason:
        pytest.skip(reason)
    key = cache.key("system-no-web", system_with_web.path, system_run.toolchain())
    if use_cache and cache.hit(key):
        pytest.skip("SKIPPED (cache hit): identical content and toolchain passed before; --no-cache forces")
    into = tmp_path_factory.mktemp("no-web") / system_with_web.path.name
    result = system_run.check_without_a_web_app(system_with_web.path, into)
    request.node.user_properties.append((RESULT, result))
    cache.record(key, result)
