"""Shared by the web render tests: one web app rendered from a few decisions, and the live-client rule
every framework follows."""

from __future__ import annotations

from pathlib import Path

from arxscaffold.decisions import load_text
from arxscaffold.render import NewRequest, new

# The services the pages read: with them the buildings pages (and KPIs) exist, without them they do not.
PROVIDERS = ", {name: telemetry, kind: iot-service}, {name: kpis, kind: analytics-service}"


def render_web(
    tmp_path: Path,
    framework: str,
    state: str,
    routing: str,
    realtime: str,
    offline: bool,
    *,
    providers: bool = True,
) -> Path:
    """Render a system of this web app (and, by default, an IoT and an analytics service) with these
    web decisions; returns the app's folder."""
    text = (
        "version: 1\nsystem: {name: arxos}\n"
        f"components: [{{name: portal, kind: web}}{PROVIDERS if providers else ''}]\n"
        f"web: {{framework: {framework}, state: {state}, routing: {routing}, realtime: {realtime}, "
        f"offline: {str(offline).lower()}}}\n"
    )
    new(NewRequest(load_text(text), tmp_path / "out"))
    return tmp_path / "out" / "portal"


def assert_live_client_follows(app: Path, realtime: str) -> None:
    """src/realtime/live.ts exists only with realtime, and speaks the chosen transport."""
    live = app / "src" / "realtime" / "live.ts"
    assert live.is_file() == (realtime != "none")
    if realtime != "none":
        source = live.read_text()
        assert ("new WebSocket" in source) == (realtime == "websocket")
        assert ("new EventSource" in source) == (realtime == "sse")


def assert_offline_shell_follows(app: Path, offline: bool, entry: str) -> None:
    """A Vite app gets the service worker, the manifest and their registration only when offline."""
    assert (app / "sw" / "service-worker.js").is_file() == offline
    assert (app / "public" / "manifest.webmanifest").is_file() == offline
    assert ('rel="manifest"' in (app / "index.html").read_text()) == offline
    assert ("registerServiceWorker" in (app / "src" / entry).read_text()) == offline
