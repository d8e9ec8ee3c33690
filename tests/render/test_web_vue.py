"""The web tree renders every Vue state x routing x realtime x offline choice into a consistent app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from web_support import assert_live_client_follows, assert_offline_shell_follows, render_web

from arxscaffold.maintenance import web_lockfiles

WEB_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "web"
VUE_COMBOS = [combo[1:] for combo in web_lockfiles.COMBOS if combo[0] == "vue"]


def render(tmp_path: Path, state: str, routing: str, realtime: str, offline: bool) -> Path:
    return render_web(tmp_path, "vue", state, routing, realtime, offline)


def sources(app: Path) -> str:
    return "\n".join(p.read_text() for p in sorted((app / "src").rglob("*")) if p.is_file())


def test_every_vue_state_and_routing_has_a_lockfile_combination() -> None:
    assert sorted(VUE_COMBOS) == [
        ("none", "custom"),
        ("none", "vue-router"),
        ("pinia", "custom"),
        ("pinia", "vue-router"),
    ]


@pytest.mark.parametrize(("state", "routing"), VUE_COMBOS)
def test_lockfile_and_dependencies_follow_state_and_routing(tmp_path: Path, state: str, routing: str) -> None:
    app = render(tmp_path, state, routing, "websocket", False)
    package = json.loads((app / "package.json").read_text())
    lock = json.loads((app / "package-lock.json").read_text())
    assert lock["name"] == package["name"] == "portal"
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    assert lock["packages"][""]["devDependencies"] == package["devDependencies"]
    assert set(package["dependencies"]) == {"vue"} | ({"pinia"} if state == "pinia" else set()) | (
        {"vue-router"} if routing == "vue-router" else set()
    )
    assert not [name for name in package["devDependencies"] if "react" in name]
    code = sources(app)
    assert ('from "pinia"' in code) == (state == "pinia")
    assert ('from "vue-router"' in code) == (routing == "vue-router")
    assert (app / "src" / "routing" / "routes.ts").is_file() == (routing == "custom")
    assert (app / "tests" / "routes.test.ts").is_file() == (routing == "custom")
    assert package["budget"]["lazyChunks"] == ["BuildingDetail"]


def test_budget_grows_with_what_the_first_page_loads(tmp_path: Path) -> None:
    def budget(state: str, routing: str) -> int:
        app = render(tmp_path / f"{state}-{routing}", state, routing, "none", False)
        return int(json.loads((app / "package.json").read_text())["budget"]["initialJsGzipBytes"])

    budgets = {(state, routing): budget(state, routing) for state, routing in VUE_COMBOS}
    assert budgets["none", "custom"] < budgets["pinia", "custom"] < budgets["pinia", "vue-router"]
    assert budgets["none", "custom"] < budgets["none", "vue-router"] < budgets["pinia", "vue-router"]


@pytest.mark.parametrize("realtime", ["none", "websocket", "sse"])
def test_realtime_none_leaves_the_live_client_out(tmp_path: Path, realtime: str) -> None:
    app = render(tmp_path, "pinia", "vue-router", realtime, False)
    assert_live_client_follows(app, realtime)
    assert (app / "tests" / "live.test.ts").is_file() == (realtime != "none")
    detail = (app / "src" / "pages" / "BuildingDetail.vue").read_text()
    assert ("subscribeLive" in detail) == (realtime != "none")
    assert ('data-testid="reading"' in detail) and ("{{ reading.metric }}" in detail)


@pytest.mark.parametrize("offline", [False, True])
def test_offline_adds_service_worker_and_manifest(tmp_path: Path, offline: bool) -> None:
    app = render(tmp_path, "none", "custom", "sse", offline)
    assert_offline_shell_follows(app, offline, "main.ts")
    assert ("serviceWorker()" in (app / "vite.config.ts").read_text()) == offline


def test_the_vite_files_shared_with_react_are_set_up_for_vue(tmp_path: Path) -> None:
    app = render(tmp_path, "pinia", "vue-router", "websocket", True)
    assert '<script type="module" src="/src/main.ts"></script>' in (app / "index.html").read_text()
    assert 'import vue from "@vitejs/plugin-vue";' in (app / "vite.config.ts").read_text()
    assert 'environment: "happy-dom"' in (app / "vite.config.ts").read_text()
    assert "eslint-plugin-vue" in (app / "eslint.config.js").read_text()
    assert "react" not in (app / "eslint.config.js").read_text()
    assert "jsx" not in json.loads((app / "tsconfig.json").read_text())["compilerOptions"]
    assert json.loads((app / "package.json").read_text())["scripts"]["typecheck"].startswith("vue-tsc ")


def test_framework_free_modules_are_shared_files_not_copies() -> None:
    """Vue and React link the same files of templates/partials/web/, never copies of each other."""
    shared = [
        "src/api/client.ts",
        "src/api/buildings.ts",
        "src/state/model.ts",
        "src/config.ts.jinja",
        "src/realtime/live.ts.jinja",
        "src/routing/routes.ts",
        "src/styles/tokens.css",
        "tests/client.test.ts",
        "tests/model.test.ts",
    ]
    partials = WEB_TEMPLATE.parent / "partials"
    for rel in shared:
        vue, react = WEB_TEMPLATE / "vue" / rel, WEB_TEMPLATE / "react" / rel
        assert vue.resolve().is_file() and vue.resolve() == react.resolve(), rel
        assert vue.resolve().is_relative_to(partials), f"{rel} should live in templates/partials/"
        # Linked through the path or a linked folder above it: one copy of the text.
        assert any(p.is_symlink() for p in (vue, *vue.parents)), f"{rel} should be a link, not a copy"


def test_no_copier_syntax_or_lockfile_store_leaks_into_the_app(tmp_path: Path) -> None:
    app = render(tmp_path, "pinia", "custom", "websocket", True)
    names = [str(p.relative_to(app)) for p in app.rglob("*")]
    assert not [n for n in names if "{" in n or n.endswith(".jinja") or "lockfiles" in n]
    for path in app.rglob("*"):
        if not path.is_file() or path.suffix not in {".ts", ".vue", ".json", ".mjs", ".html", ".js"}:
            continue
        text = path.read_text()
        assert "{%" not in text and "{#" not in text, path.name
        # Vue templates use {{ }} themselves; everything else must have none left.
        if path.suffix != ".vue":
            assert "{{" not in text.replace("${{", ""), path.name
