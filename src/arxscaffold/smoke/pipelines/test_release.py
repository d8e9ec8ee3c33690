"""Smoke check: each component's ci/release.sh releases two builds and rolls back, for real.

Stand-in `pulumi`/`kubectl` record a release state that outlives each job; the health checks ask a
real HTTP server on loopback (arxscaffold.smoke.release_script).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from arxscaffold.smoke.harness import cache
from arxscaffold.smoke.harness.discover import find_components
from arxscaffold.smoke.pipelines.release_script import Bench, health_server, release_twice_and_roll_back

REPOSITORY = "registry.test/smoke/app"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "release_component" not in metafunc.fixturenames:
        return
    roots = [Path(p) for p in metafunc.config.getoption("--smoke-path")]
    found = [c for c in find_components(roots) if (c.path / "ci" / "release.sh").is_file()]
    metafunc.parametrize(
        "release_component",
        [c.path for c in found],
        ids=[f"{c.path.parent.name}/{c.name}" for c in found],
    )


def test_release_script_releases_twice_and_rolls_back(
    release_component: Path, tmp_path: Path, use_cache: bool
) -> None:
    if shutil.which("curl") is None:
        pytest.skip("SKIPPED: curl is missing (the release script's health checks use it)")
    key = cache.key("release", release_component, "bash; curl")
    if use_cache and cache.hit(key):
        pytest.skip("SKIPPED (cache hit): identical content and toolchain passed before; --no-cache forces")
    with health_server() as server:
        bench = Bench(release_component, tmp_path, server, {"IMAGE_REPOSITORY": REPOSITORY})
        summary = release_twice_and_roll_back(bench, REPOSITORY)
    cache.record(key, f"{release_component.name}: {summary}")
