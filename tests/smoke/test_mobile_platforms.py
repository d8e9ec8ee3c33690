"""The mobile smoke checks report what did not run as SKIPPED with a reason, and fail on broken logic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from arxscaffold.decisions import load_text
from arxscaffold.render import NewRequest, new
from arxscaffold.smoke.harness.discover import GeneratedComponent
from arxscaffold.smoke.mobile import app as mobile
from arxscaffold.smoke.mobile import kotlin as mobile_kotlin

OUTBOX_TEST = Path("android/core/src/test/kotlin/io/arxos/fieldcore/OutboxTest.kt")
OUTBOX = Path("android/core/src/main/kotlin/io/arxos/fieldcore/sync/Outbox.kt")


def component(platform: str) -> GeneratedComponent:
    return GeneratedComponent(Path("field"), "field", "mobile", {"mobile_platform": platform})


def test_each_platform_is_checked_in_its_parts() -> None:
    assert mobile.parts_of(component("react-native")) == ("react-native",)
    assert mobile.parts_of(component("flutter")) == ("flutter",)
    assert mobile.parts_of(component("native")) == ("android-core", "android-app", "ios")


@pytest.mark.parametrize(
    ("part", "reason"),
    [("flutter", "Flutter SDK"), ("ios", "Swift toolchain"), ("android-app", "Android SDK")],
)
def test_a_missing_sdk_is_skipped_with_its_reason_never_passed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, part: str, reason: str
) -> None:
    monkeypatch.setattr(shutil, "which", lambda tool: None)
    monkeypatch.delenv("ANDROID_HOME", raising=False)
    monkeypatch.delenv("ANDROID_SDK_ROOT", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"^SKIPPED: .*{reason}"):
        mobile.RUNNERS[part](tmp_path)


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("path", "old", "replacement", "message"),
    [
        # Replaying newest-first must be caught by the ordering test.
        (OUTBOX, "state.queue.firstOrNull()", "state.queue.lastOrNull()", "FAIL OutboxTest"),
        (
            OUTBOX_TEST,
            "fun aReplayHandlesAtMostItsLimit() {",
            'fun aReplayHandlesAtMostItsLimit() { val n: Int = ""',
            "kotlinc",
        ),
    ],
    ids=["reordered-replay", "compile-error"],
)
def test_the_kotlin_core_check_fails_on_broken_logic(
    tmp_path: Path, path: Path, old: str, replacement: str, message: str
) -> None:
    if mobile_kotlin.java_missing():
        pytest.skip("SKIPPED: toolchain missing: java or npm")
    decisions = (
        "version: 1\nsystem: {name: arxos}\ncomponents: [{name: field, kind: mobile}]\n"
        "mobile: {platform: native, ar: false, offline_sync: true, push: true}\n"
    )
    new(NewRequest(load_text(decisions), tmp_path / "out"))
    app = tmp_path / "out" / "field"
    source = app / path
    text = source.read_text()
    assert old in text, f"{old!r} is not in {path}: the test no longer matches the template"
    source.write_text(text.replace(old, replacement, 1))
    with pytest.raises(mobile_kotlin.KotlinFailure, match=message):
        mobile_kotlin.check_core(app, tmp_path / "kotlin")
