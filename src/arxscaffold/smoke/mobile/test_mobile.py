"""The smoke checks of mobile components: one test per part of each generated app (see mobile/app.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from arxscaffold.smoke.harness import cache
from arxscaffold.smoke.harness.discover import find_components
from arxscaffold.smoke.mobile import app as mobile


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "mobile_check" in metafunc.fixturenames:
        paths = [Path(p) for p in metafunc.config.getoption("--smoke-path")]
        checks = [
            mobile.MobileCheck(c, part)
            for c in find_components(paths)
            if c.kind == "mobile"
            for part in mobile.parts_of(c)
        ]
        metafunc.parametrize("mobile_check", checks, ids=[c.id for c in checks])


@pytest.fixture
def mobile_workdir(
    request: pytest.FixtureRequest, mobile_check: mobile.MobileCheck, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A private copy: installs and builds never write into reference/ or the user's tree."""
    base = request.config.getoption("--smoke-workdir")
    root = Path(base) if base else tmp_path_factory.mktemp("smoke")
    target = root / mobile_check.id.replace("/", "--").replace(":", "--")
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        mobile_check.component.path,
        target,
        symlinks=True,
        ignore=shutil.ignore_patterns("node_modules", "build", ".gradle", ".dart_tool", ".build"),
    )
    return target


def test_mobile_part_builds_and_passes_its_tests(
    mobile_check: mobile.MobileCheck, mobile_workdir: Path, use_cache: bool
) -> None:
    run = mobile.RUNNERS[mobile_check.part]
    toolchain = mobile.toolchain(mobile_check.part)
    key = cache.key(f"mobile-{mobile_check.part}", mobile_check.component.path, toolchain)
    if toolchain and use_cache and cache.hit(key):
        pytest.skip("SKIPPED (cache hit): identical content and toolchain passed before; --no-cache forces")
    summary = run(mobile_workdir)
    if toolchain:
        cache.record(key, f"{mobile_check.id}: {summary}")
