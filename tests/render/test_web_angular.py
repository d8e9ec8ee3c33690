"""The web tree renders every Angular state x realtime x offline choice into a consistent app that reuses
the React app's framework-free modules and fits the files every bundled web app shares."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from web_support import assert_live_client_follows, render_web

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "web"
REACT_SRC = TEMPLATE / "react" / "src"
# Framework-free modules written once, in templates/partials/; the React and Angular trees link them.
SHARED_WITH_REACT = (
    "api/client.ts",
    "api/buildings.ts",
    "state/model.ts",
    "styles/app.css",
    "styles/tokens.css",
)


def render(tmp_path: Path, state: str, realtime: str, offline: bool) -> Path:
    return render_web(tmp_path, "angular", state, "angular-router", realtime, offline)


@pytest.mark.parametrize("state", ["signals", "ngrx"])
def test_lockfile_and_dependencies_follow_the_state_choice(tmp_path: Path, state: str) -> None:
    app = render(tmp_path, state, "websocket", False)
    package = json.loads((app / "package.json").read_text())
    lock = json.loads((app / "package-lock.json").read_text())
    assert lock["name"] == package["name"] == "portal"
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    assert lock["packages"][""]["devDependencies"] == package["devDependencies"]
    assert ("@ngrx/store" in package["dependencies"]) == (state == "ngrx")
    assert ("@ngrx/effects" in package["dependencies"]) == (state == "ngrx")
    # Zoneless: no zone.js, and none of React's or Vite's packages.
    installed = {**package["dependencies"], **package["devDependencies"]}
    assert not [n for n in installed if n in {"zone.js", "vite"} or n.startswith(("react", "@vitejs"))]
    store = (app / "src" / "state" / "store.ts").read_text()
    assert ("createEffect" in store) == (state == "ngrx")
    assert ("provideAppState()" in (app / "src" / "app.config.ts").read_text()) == (state == "ngrx")
    # The ngrx budget is larger: NgRx and RxJS operators ship with the first page.
    assert package["budget"]["initialJsGzipBytes"] == (86000 if state == "ngrx" else 78000)


def test_angular_gets_its_own_toolchain_and_none_of_vites(tmp_path: Path) -> None:
    app = render(tmp_path, "signals", "sse", False)
    for vite_only in ("vite.config.ts", "index.html", "src/main.tsx", "src/vite-env.d.ts"):
        assert not (app / vite_only).exists(), vite_only
    for own in ("angular.json", "tsconfig.app.json", "tsconfig.spec.json", "src/index.html", "src/main.ts"):
        assert (app / own).is_file(), own
    # Lint type-checks templates and tests with the Angular compiler, as `ng build` does the app.
    scripts = json.loads((app / "package.json").read_text())["scripts"]
    assert scripts["typecheck"] == "ngc -p tsconfig.spec.json --noEmit"
    assert scripts["lint"].startswith("npm run typecheck && ")
    assert ".angular/" in (app / ".gitignore").read_text().splitlines()


def test_build_output_has_the_layout_the_shared_server_nginx_and_budget_expect(tmp_path: Path) -> None:
    app = render(tmp_path, "signals", "websocket", True)
    build = json.loads((app / "angular.json").read_text())["projects"]["portal"]["architect"]["build"]
    # index.html at the top of dist/, references to /assets/ where nginx caches hashed files for a year.
    assert build["options"]["outputPath"] == {"base": "dist", "browser": ""}
    assert build["options"]["deployUrl"] == "/assets/"
    assert "finish-build.mjs" in json.loads((app / "package.json").read_text())["scripts"]["build"]
    # Critical CSS inlining would add an inline onload handler that the CSP refuses.
    assert build["configurations"]["production"]["optimization"]["styles"]["inlineCritical"] is False
    assert "location /assets/" in (app / "nginx" / "default.conf.template").read_text()


def test_the_lazy_chunk_the_budget_and_e2e_look_for_is_the_detail_page(tmp_path: Path) -> None:
    app = render(tmp_path, "ngrx", "sse", False)
    package = json.loads((app / "package.json").read_text())
    assert package["budget"]["lazyChunks"] == ["building-detail"]
    # namedChunks names a lazy chunk after its file.
    build = json.loads((app / "angular.json").read_text())["projects"]["portal"]["architect"]["build"]
    assert build["options"]["namedChunks"] is True
    assert 'import("./pages/building-detail")' in (app / "src" / "app.routes.ts").read_text()
    e2e = (app / "e2e" / "app.test.mjs").read_text()
    assert e2e.count('url.includes("building-detail")') == 2 and "BuildingDetail" not in e2e


@pytest.mark.parametrize("realtime", ["none", "websocket", "sse"])
def test_realtime_none_leaves_the_live_client_out(tmp_path: Path, realtime: str) -> None:
    app = render(tmp_path, "signals", realtime, False)
    assert_live_client_follows(app, realtime)
    assert (app / "tests" / "live.test.ts").is_file() == (realtime != "none")
    detail = (app / "src" / "pages" / "building-detail.ts").read_text()
    assert ("subscribeLive" in detail) == (realtime != "none")
    assert ("liveUrl(" in detail) == (realtime != "none")
    # Angular's own interpolation survives the Copier render; no Jinja is left.
    assert "{{ reading.metric }}" in detail and "{%" not in detail
    assert ("{{ live() }}" in detail) == (realtime != "none")


@pytest.mark.parametrize("offline", [False, True])
def test_offline_adds_service_worker_and_manifest(tmp_path: Path, offline: bool) -> None:
    app = render(tmp_path, "ngrx", "none", offline)
    assert (app / "sw" / "service-worker.js").is_file() == offline
    assert (app / "public" / "manifest.webmanifest").is_file() == offline
    assert (app / "src" / "offline.ts").is_file() == offline
    assert ('rel="manifest"' in (app / "src" / "index.html").read_text()) == offline
    assert ("registerServiceWorker" in (app / "src" / "main.ts").read_text()) == offline
    finish = (app / "scripts" / "finish-build.mjs").read_text()
    assert ('"sw.js"' in finish) == offline


def test_framework_free_modules_and_their_tests_are_reacts_own(tmp_path: Path) -> None:
    app = render(tmp_path, "signals", "websocket", True)
    for shared in SHARED_WITH_REACT:
        assert (app / "src" / shared).read_text() == (REACT_SRC / shared).read_text(), shared
        angular = TEMPLATE / "angular" / "src" / shared
        assert angular.resolve() == (REACT_SRC / shared).resolve(), f"{shared}: linked, not copied"
    for test in ("client.test.ts", "model.test.ts", "live.test.ts"):
        assert (app / "tests" / test).is_file(), test
    # api/buildings.ts imports ../config: Angular's config keeps React's AppConfig shape and providers.
    config = (app / "src" / "config.ts").read_text()
    assert "import.meta.env" not in config
    fields = (
        "apiBaseUrl: string;",
        "timeoutMs: number;",
        "retries: number;",
        'export const IOT_SERVICE: string | null = "telemetry";',
        'export const ANALYTICS_SERVICE: string | null = "kpis";',
        "export function serviceApi(",
    )
    assert [field for field in fields if field not in config] == []


def test_without_an_iot_service_there_is_no_buildings_route_nor_link(tmp_path: Path) -> None:
    app = render_web(tmp_path, "angular", "signals", "angular-router", "sse", False, providers=False)
    routes = (app / "src" / "app.routes.ts").read_text()
    assert "BuildingsList" not in routes and "building-detail" not in routes
    assert 'routerLink="/buildings"' not in (app / "src" / "components" / "layout.ts").read_text()
    assert "export const IOT_SERVICE: string | null = null;" in (app / "src" / "config.ts").read_text()
    e2e = (app / "e2e" / "app.test.mjs").read_text()
    assert "no IoT service, no buildings pages" in e2e and "Headquarters" not in e2e


def test_components_style_through_the_global_stylesheet_as_the_csp_refuses_inline(tmp_path: Path) -> None:
    app = render(tmp_path, "ngrx", "websocket", True)
    sources = [*(app / "src").rglob("*.ts")]
    assert len([s for s in sources if "@Component(" in s.read_text()]) >= 11
    for source in sources:
        text = source.read_text()
        assert not re.search(r"\bstyles?(Url|Urls)?\s*:", text), source.name
        assert " style=" not in text and "[style" not in text, source.name


def test_no_template_syntax_or_lockfile_store_leaks_into_the_app(tmp_path: Path) -> None:
    app = render(tmp_path, "ngrx", "sse", True)
    names = [str(p.relative_to(app)) for p in app.rglob("*")]
    assert not [n for n in names if "{" in n or n.endswith(".jinja") or "lockfiles" in n or "shared" in n]
    for path in app.rglob("*"):
        if path.is_file() and path.suffix in {".ts", ".json", ".mjs", ".html", ".js", ".conf", ".template"}:
            text = path.read_text()
            assert "{%" not in text and "{#" not in text, path.name
            # Only Angular component templates may hold {{ }} (Angular's interpolation).
            if "{{" in text.replace("${{", "") and path.suffix != ".ts":
                pytest.fail(f"unrendered Jinja in {path.relative_to(app)}")
