"""Smoke checks of a generated mobile app, one per part that has its own toolchain.

What runs here: the React Native app (npm ci from the committed lockfile, tsc, Jest) and the native Android
app's pure-Kotlin core (npm kotlin-compiler + the JDK). What needs an SDK this machine cannot get (the Android
UI build, Flutter, Swift) is detected and reported SKIPPED with the reason; the generated CI runs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from arxscaffold.smoke.harness.discover import GeneratedComponent
from arxscaffold.smoke.harness.toolchain import missing, version
from arxscaffold.smoke.mobile import kotlin as mobile_kotlin
from arxscaffold.smoke.web import app as web

RN_STEPS = ("install", "lint", "test")
SDK_STEPS = ("install", "lint", "test")


@dataclass(frozen=True)
class MobileCheck:
    """One part of one generated app: `run` returns a summary, or calls pytest.skip/fail."""

    component: GeneratedComponent
    part: str

    @property
    def id(self) -> str:
        return f"{self.component.id}:{self.part}"


def platform_of(component: GeneratedComponent) -> str:
    return str(component.answers.get("mobile_platform"))


def parts_of(component: GeneratedComponent) -> tuple[str, ...]:
    return {
        "react-native": ("react-native",),
        "flutter": ("flutter",),
        "native": ("android-core", "android-app", "ios"),
    }.get(platform_of(component), ())


def _skip_missing(*tools: str) -> None:
    absent = missing(*tools)
    if absent:
        pytest.skip(f"SKIPPED: toolchain missing: {', '.join(absent)}")


def _steps(project: Path, steps: tuple[str, ...], env: dict[str, str]) -> str:
    return ", ".join(f"{step} {web.run_step(project, step, env):.1f}s" for step in steps)


def react_native_toolchain() -> str:
    return f"node {version('node')}; npm {version('npm')}; {version('make')}"


def run_react_native(project: Path) -> str:
    _skip_missing("make", "node", "npm")
    env = {"npm_config_cache": str(web.NPM_CACHE), "npm_config_update_notifier": "false", "CI": "1"}
    steps = _steps(project, RN_STEPS, env)
    # The generated API types must be what the type check reads: a renamed provider field fails it.
    contract = web.contract_breaks_typecheck(project, env)
    return f"react-native {steps}, contract {contract:.1f}s"


def run_android_core(project: Path) -> str:
    _skip_missing("java", "npm")
    try:
        outcome = mobile_kotlin.check_core(project, project.parent / f"{project.name}--kotlin")
    except mobile_kotlin.KotlinFailure as failure:
        pytest.fail(str(failure))
    return outcome.summary()


def run_android_app(project: Path) -> str:
    sdk = os.environ.get("ANDROID_HOME") or os.environ.get("ANDROID_SDK_ROOT")
    if not sdk or not Path(sdk, "platforms").is_dir() or shutil.which("gradle") is None:
        pytest.skip(
            "SKIPPED: the Android SDK (ANDROID_HOME with platforms/android-35) and Gradle are not installed "
            "and not obtainable here; android/app (Jetpack Compose) is built and tested by the generated "
            "CI pipeline"
        )
    return "android " + _steps(project / "android", SDK_STEPS, {})


def run_flutter(project: Path) -> str:
    if shutil.which("flutter") is None:
        pytest.skip(
            "SKIPPED: the Flutter SDK (flutter, dart) is not installed and not obtainable here; "
            "flutter analyze and flutter test run in the generated CI pipeline"
        )
    return "flutter " + _steps(project, SDK_STEPS, {})


def run_ios(project: Path) -> str:
    if shutil.which("swift") is None:
        pytest.skip(
            "SKIPPED: the Swift toolchain is not installed and not obtainable here; swift test (FieldCore) "
            "and the SwiftUI app build run in the generated CI pipeline on macOS"
        )
    return "ios " + _steps(project / "ios", ("test",), {})


RUNNERS: dict[str, Callable[[Path], str]] = {
    "react-native": run_react_native,
    "android-core": run_android_core,
    "android-app": run_android_app,
    "flutter": run_flutter,
    "ios": run_ios,
}


def toolchain(part: str) -> str:
    if part == "react-native":
        return react_native_toolchain()
    if part == "android-core":
        return mobile_kotlin.toolchain()
    return ""  # the SDK checks skip here; a machine with the SDK has no cache entry for them yet
