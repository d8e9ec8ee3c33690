"""Smoke check of a generated web app: install, lint, unit-test, build and browser-test it as its README
says (npm for the bundled frameworks, a Python venv for htmx), with one npm cache shared by every
component and Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from arxscaffold.smoke.harness.cache import CACHE_DIR
from arxscaffold.smoke.harness.toolchain import missing, python_toolchain, version

STEPS = ("install", "lint", "test", "build")
BROWSER_STEP = "e2e"
# Where the generated e2e test saves its screenshot (e2e/app.test.mjs, e2e/test_browser.py): the building
# page, or the home page in a system without an IoT service (no buildings pages there).
SCREENSHOTS = (Path("e2e") / "artifacts" / "building-detail.png", Path("e2e") / "artifacts" / "home.png")
NPM_CACHE = CACHE_DIR.parent / "npm"
# The types openapi-typescript generated from the IoT service's OpenAPI document, and a field the app reads.
GENERATED_TYPES = Path("src") / "api" / "iot.schema.d.ts"
PROVIDER_FIELD = "floor_area_m2"


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def is_python_app(framework: object) -> bool:
    """htmx apps are served by a Python ASGI app; the other frameworks are npm projects."""
    return framework == "htmx"


def required_tools(framework: object = "react") -> list[str]:
    return missing("make", "python3") if is_python_app(framework) else missing("make", "node", "npm")


def toolchain(framework: object = "react") -> str:
    browser = chromium_path()
    tools = (
        [python_toolchain()]
        if is_python_app(framework)
        else [f"node {version('node')}", f"npm {version('npm')}", version("make")]
    )
    return "; ".join([*tools, version(browser) if browser else "no chromium"])


@dataclass
class Outcome:
    timings: dict[str, float] = field(default_factory=dict)
    screenshot: Path | None = None

    def summary(self) -> str:
        return ", ".join(f"{step} {seconds:.1f}s" for step, seconds in self.timings.items())


def run_step(project: Path, step: str, env: dict[str, str], timeout: float = 900) -> float:
    start = time.monotonic()
    result = subprocess.run(
        ["make", step],
        cwd=project,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-4000:]
        pytest.fail(f"`make {step}` failed in {project.name} (exit {result.returncode}):\n{tail}")
    return time.monotonic() - start


def contract_breaks_typecheck(project: Path, env: dict[str, str]) -> float:
    """Rename a provider field in the generated API types: the app's type check must then fail and name it,
    which is what regenerating the types after a provider change does. The file is restored afterwards."""
    start = time.monotonic()
    schema = project / GENERATED_TYPES
    original = schema.read_text()
    renamed = original.replace(f"{PROVIDER_FIELD}:", f"{PROVIDER_FIELD}_renamed:")
    assert renamed != original, f"{GENERATED_TYPES} has no {PROVIDER_FIELD} field to rename"
    schema.write_text(renamed)
    try:
        result = subprocess.run(
            ["npm", "run", "typecheck"],
            cwd=project,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    finally:
        schema.write_text(original)
    output = result.stdout + result.stderr
    if result.returncode == 0 or PROVIDER_FIELD not in output:
        pytest.fail(
            f"renaming {PROVIDER_FIELD} in {GENERATED_TYPES} did not fail `npm run typecheck` naming it "
            f"(exit {result.returncode}):\n{output[-3000:]}"
        )
    return time.monotonic() - start


def check(project: Path, browser: str | None) -> Outcome:
    """Run every step (the browser test only when Chromium exists); pytest.fail on the first failure."""
    env = {"npm_config_cache": str(NPM_CACHE), "npm_config_update_notifier": "false", "CI": "1"}
    outcome = Outcome()
    for step in STEPS:
        outcome.timings[step] = run_step(project, step, env)
        if step == "lint" and (project / GENERATED_TYPES).is_file():
            outcome.timings["contract"] = contract_breaks_typecheck(project, env)
    if browser is not None:
        outcome.timings[BROWSER_STEP] = run_step(project, BROWSER_STEP, {**env, "CHROMIUM_PATH": browser})
        shots = [project / shot for shot in SCREENSHOTS if (project / shot).is_file()]
        assert shots, f"the browser test passed but saved no screenshot at {SCREENSHOTS[0]}"
        outcome.screenshot = shots[0]
    return outcome
