"""The web tree renders every React state x routing x realtime x offline choice into a consistent app
(Vue and Angular: test_web_vue.py, test_web_angular.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from web_support import assert_live_client_follows, assert_offline_shell_follows, render_web

from arxscaffold import catalog
from arxscaffold.maintenance import web_lockfiles


def render(tmp_path: Path, state: str, routing: str, realtime: str, offline: bool) -> Path:
    return render_web(tmp_path, "react", state, routing, realtime, offline)


@pytest.mark.parametrize(("state", "routing"), [c[1:] for c in web_lockfiles.COMBOS if c[0] == "react"])
def test_lockfile_and_dependencies_follow_state_and_routing(tmp_path: Path, state: str, routing: str) -> None:
    app = render(tmp_path, state, routing, "websocket", False)
    package = json.loads((app / "package.json").read_text())
    lock = json.loads((app / "package-lock.json").read_text())
    assert lock["name"] == package["name"] == "portal"
    assert lock["packages"][""]["dependencies"] == package["dependencies"]
    assert ("react-router" in package["dependencies"]) == (routing == "react-router")
    assert ("zustand" in package["dependencies"]) == (state == "zustand")
    assert ("@reduxjs/toolkit" in package["dependencies"]) == (state == "redux")
    assert (app / "src" / "routing" / "routes.ts").is_file() == (routing == "custom")


@pytest.mark.parametrize("realtime", ["none", "websocket", "sse"])
def test_realtime_none_leaves_the_live_client_out(tmp_path: Path, realtime: str) -> None:
    app = render(tmp_path, "zustand", "react-router", realtime, False)
    assert_live_client_follows(app, realtime)
    detail = (app / "src" / "pages" / "BuildingDetail.tsx").read_text()
    assert ("subscribeLive" in detail) == (realtime != "none")


@pytest.mark.parametrize("offline", [False, True])
def test_offline_adds_service_worker_and_manifest(tmp_path: Path, offline: bool) -> None:
    app = render(tmp_path, "context", "custom", "sse", offline)
    assert_offline_shell_follows(app, offline, "main.tsx")


def test_no_template_syntax_or_lockfile_store_leaks_into_the_app(tmp_path: Path) -> None:
    app = render(tmp_path, "redux", "custom", "websocket", True)
    names = [str(p.relative_to(app)) for p in app.rglob("*")]
    assert not [n for n in names if "{" in n or n.endswith(".jinja") or "lockfiles" in n]
    for path in app.rglob("*"):
        if path.is_file() and path.suffix in {".ts", ".tsx", ".json", ".mjs", ".html", ".conf", ".template"}:
            text = path.read_text()
            assert "{%" not in text and "{{" not in text.replace("${{", ""), path.name


def render_htmx(tmp_path: Path, realtime: str, offline: bool) -> Path:
    return render_web(tmp_path, "htmx", "none", "custom", realtime, offline)


@pytest.mark.parametrize("realtime", ["none", "websocket", "sse"])
def test_htmx_is_a_python_app_with_vendored_htmx_and_the_chosen_live_transport(
    tmp_path: Path, realtime: str
) -> None:
    app = render_htmx(tmp_path, realtime, False)
    assert not (app / "package.json").exists() and not (app / "nginx").exists()
    static = app / "src" / "portal" / "static"
    assert (static / "vendor" / "htmx.min.js").stat().st_size > 40_000
    assert (static / "vendor" / "sse.min.js").is_file() == (realtime == "sse")
    assert (static / "vendor" / "ws.min.js").is_file() == (realtime == "websocket")
    assert (app / "src" / "portal" / "live.py").is_file() == (realtime != "none")
    source = (app / "src" / "portal" / "app.py").read_text()
    assert ("WebSocketRoute" in source) == (realtime == "websocket")
    assert ("StreamingResponse" in source) == (realtime == "sse")
    assert ("uvicorn[standard]" in (app / "pyproject.toml").read_text()) == (realtime == "websocket")
    # One set of design tokens for every framework.
    tokens = (static / "tokens.css").read_text()
    assert '[data-theme="dark"]' in tokens


@pytest.mark.parametrize("offline", [False, True])
def test_htmx_offline_adds_service_worker_and_manifest(tmp_path: Path, offline: bool) -> None:
    app = render_htmx(tmp_path, "sse", offline)
    package = app / "src" / "portal"
    assert (package / "service-worker.js").is_file() == offline
    assert (package / "static" / "manifest.webmanifest").is_file() == offline
    assert ("/sw.js" in (package / "app.py").read_text()) == offline


def test_htmx_sends_the_same_security_headers_as_nginx(tmp_path: Path) -> None:
    react = render(tmp_path / "react", "zustand", "react-router", "sse", False)
    htmx = render_htmx(tmp_path / "htmx", "sse", False)
    conf = (react / "nginx" / "security-headers.conf").read_text()
    security = (htmx / "src" / "portal" / "security.py").read_text()
    for name, value in re.findall(r'^add_header (\S+) "([^"]*)" always;$', conf, re.MULTILINE):
        assert f'"{name}": "{value}",' in security


def test_htmx_output_has_no_copier_syntax_but_keeps_its_own_jinja_pages(tmp_path: Path) -> None:
    app = render_htmx(tmp_path, "websocket", True)
    names = [str(p.relative_to(app)) for p in app.rglob("*")]
    assert not [n for n in names if "{" in n or n.endswith(".jinja") or "shared" in n]
    for path in (app / "src").rglob("*.py"):
        assert "{{" not in path.read_text() and "{%" not in path.read_text(), path.name
    assert "{% extends" in (app / "src" / "portal" / "templates" / "home.html").read_text()


def test_the_catalog_routes_web_components_to_templates_web() -> None:
    """Every test here renders templates/web/; a catalog that stops routing there fails, never skips."""
    assert catalog.kind("web").tree == "web"
