"""The mobile tree renders every platform and feature choice into a consistent app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arxscaffold import catalog
from arxscaffold.decisions import load_text
from arxscaffold.maintenance import mobile_lockfiles
from arxscaffold.render import NewRequest, new


def render(
    tmp_path: Path, platform: str, ar: bool, offline: bool, push: bool, provider: str = "github-actions"
) -> Path:
    flags = f"ar: {str(ar).lower()}, offline_sync: {str(offline).lower()}, push: {str(push).lower()}"
    text = (
        "version: 1\nsystem: {name: arxos, owner: field-team}\n"
        "components: [{name: field-app, kind: mobile}]\n"
        f"mobile: {{platform: {platform}, {flags}}}\ncicd: {{provider: {provider}}}\n"
    )
    new(NewRequest(load_text(text), tmp_path / "out"))
    return tmp_path / "out" / "field-app"


SOURCE_SUFFIXES = {".kt", ".kts", ".swift", ".dart", ".yaml", ".yml", ".toml", ".json"}


def names(app: Path) -> set[str]:
    return {str(p.relative_to(app)) for p in app.rglob("*") if p.is_file()}


@pytest.mark.parametrize(("offline", "push", "ar"), mobile_lockfiles.COMBOS)
def test_react_native_lockfile_and_feature_modules_follow_the_decisions(
    tmp_path: Path, offline: bool, push: bool, ar: bool
) -> None:
    app = render(tmp_path, "react-native", ar, offline, push)
    package = json.loads((app / "package.json").read_text())
    lock = json.loads((app / "package-lock.json").read_text())
    assert lock["name"] == package["name"] == "field-app"
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    assert lock["packages"][""]["devDependencies"] == package["devDependencies"]
    deps = package["dependencies"]
    assert ("@react-native-async-storage/async-storage" in deps) == offline
    assert ("@react-native-firebase/messaging" in deps) == push
    assert ("@reactvision/react-viro" in deps) == ar
    files = names(app)
    assert ("src/sync/outbox.ts" in files) == ("__tests__/outbox.test.ts" in files) == offline
    assert ("src/push/notifications.ts" in files) == ("__tests__/notifications.test.ts" in files) == push
    assert ("src/ar/capability.ts" in files) == ("__tests__/ar.test.tsx" in files) == ar
    assert not {f for f in files if f.startswith(("android/", "ios/", "lib/"))}


def test_react_native_shares_the_web_api_client(tmp_path: Path) -> None:
    app = render(tmp_path, "react-native", False, True, True)
    web_tree = Path(__file__).resolve().parents[2] / "templates" / "web" / "react"
    source = (web_tree / "src" / "api" / "client.ts").read_text()
    assert (app / "src" / "api" / "client.ts").read_text() == source


@pytest.mark.parametrize(("ar", "offline", "push"), [(True, True, True), (False, False, False)])
def test_native_has_two_apps_with_the_core_logic_and_its_tests(
    tmp_path: Path, ar: bool, offline: bool, push: bool
) -> None:
    files = names(render(tmp_path, "native", ar, offline, push))
    core = "android/core/src/main/kotlin/io/arxos/fieldcore"
    core_tests = "android/core/src/test/kotlin/io/arxos/fieldcore"
    for always in ("android/Makefile", "ios/Makefile", "ios/Package.swift", "android/settings.gradle.kts"):
        assert always in files
    assert (f"{core}/sync/Outbox.kt" in files) == (f"{core_tests}/OutboxTest.kt" in files) == offline
    push_files = (f"{core}/push/Notifications.kt", f"{core_tests}/NotificationsTest.kt")
    assert (push_files[0] in files) == (push_files[1] in files) == push
    assert ("ios/Sources/FieldCore/Outbox.swift" in files) == offline
    assert ("ios/Tests/FieldCoreTests/NotificationTests.swift" in files) == push
    assert ("android/app/src/main/kotlin/io/arxos/fieldapp/ar/ArCoreCapability.kt" in files) == ar
    assert "package.json" not in files and "pubspec.yaml" not in files


def test_flutter_uses_go_router_and_tests_the_outbox_and_push(tmp_path: Path) -> None:
    app = render(tmp_path, "flutter", True, True, True)
    files = names(app)
    expected = {"pubspec.yaml", "lib/router.dart", "test/outbox_test.dart", "test/notifications_test.dart"}
    assert expected <= files
    assert "go_router:" in (app / "pubspec.yaml").read_text()
    assert "import 'package:field_app/sync/outbox.dart';" in (app / "test" / "outbox_test.dart").read_text()


@pytest.mark.parametrize("platform", ["react-native", "flutter", "native"])
@pytest.mark.parametrize("provider", ["github-actions", "gitlab-ci"])
def test_no_template_syntax_leaks_and_the_pipeline_matches_the_platform(
    tmp_path: Path, platform: str, provider: str
) -> None:
    app = render(tmp_path, platform, True, True, True, provider)
    files = names(app)
    assert not [f for f in files if "{" in f or f.endswith(".jinja") or "lockfiles" in f]
    for path in app.rglob("*"):
        if path.is_file() and path.suffix in SOURCE_SUFFIXES:
            text = path.read_text()
            assert "{%" not in text and "{{" not in text.replace("${{", ""), path.name
    # A monorepo (the default layout): GitHub runs the app's workflow from the system root.
    github = app.parent / ".github/workflows" / f"{app.name}.yml"
    pipeline = github if provider == "github-actions" else app / ".gitlab-ci.yml"
    text = pipeline.read_text()
    expected = {"react-native": "make lint", "flutter": "make lint", "native": "make -C ios test"}[platform]
    assert expected in text
    readme = (app / "README.md").read_text()
    assert "Release to the stores (manual)" in readme and "server wins" in readme.lower()


def test_the_catalog_routes_mobile_components_to_templates_mobile() -> None:
    """Every test here renders templates/mobile/; a catalog that stops routing there fails, never skips."""
    assert catalog.kind("mobile").tree == "mobile"
