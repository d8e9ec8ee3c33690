"""The smoke check of web components: one test per generated web app (the other kinds have their own)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from arxscaffold.smoke.harness import cache
from arxscaffold.smoke.harness.discover import GeneratedComponent, find_components
from arxscaffold.smoke.harness.plugin import private_copy
from arxscaffold.smoke.web import app as web


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "web_component" in metafunc.fixturenames:
        paths = [Path(p) for p in metafunc.config.getoption("--smoke-path")]
        components = [c for c in find_components(paths) if c.kind == "web"]
        metafunc.parametrize("web_component", components, ids=[c.id for c in components])


@pytest.fixture
def web_workdir(
    request: pytest.FixtureRequest,
    web_component: GeneratedComponent,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """npm writes node_modules and dist into a private copy, never into reference/ or the user's tree."""
    ignored = ("node_modules", "dist", "artifacts", ".venv")
    return private_copy(request, tmp_path_factory, web_component, ignored)


def artifacts_dir(config: pytest.Config, workdir: Path) -> Path:
    """--smoke-artifacts, else smoke-artifacts/ beside the JUnit report, else beside the work folders."""
    explicit = config.getoption("--smoke-artifacts")
    if explicit:
        return Path(explicit)
    junit = getattr(config.option, "xmlpath", None)
    return (Path(junit).resolve().parent if junit else workdir.parent) / "smoke-artifacts"


def test_web_app_installs_builds_and_passes_its_unit_and_browser_tests(
    request: pytest.FixtureRequest, web_component: GeneratedComponent, web_workdir: Path, use_cache: bool
) -> None:
    framework = web_component.answers.get("web_framework", "react")
    absent = web.required_tools(framework)
    if absent:
        pytest.skip(f"SKIPPED: toolchain missing: {', '.join(absent)}")
    browser = web.chromium_path()
    key = cache.key("web", web_component.path, web.toolchain(framework))
    artifacts = artifacts_dir(request.config, web_workdir)
    screenshot_name = f"{web_component.id.replace('/', '--')}.png"
    kept = cache.CACHE_DIR / f"{key}.png"
    if use_cache and browser is not None and cache.hit(key):
        if kept.is_file():
            artifacts.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(kept, artifacts / screenshot_name)
        pytest.skip("SKIPPED (cache hit): identical content and toolchain passed before; --no-cache forces")
    outcome = web.check(web_workdir, browser)
    if outcome.screenshot is None:
        pytest.skip(
            f"SKIPPED: chromium missing (install /usr/bin/chromium or set CHROMIUM_PATH); "
            f"without the browser test: {outcome.summary()}"
        )
    artifacts.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(outcome.screenshot, artifacts / screenshot_name)
    cache.record(key, f"{web_component.id}: {outcome.summary()}")
    shutil.copyfile(outcome.screenshot, kept)
