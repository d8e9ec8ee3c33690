"""The web server routes /api/<service>/ to each service of the system, prefix stripped (the generated
Node server, which `make run`, `make up` and the e2e test use; nginx gets the same locations)."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
PORTAL = ROOT / "reference" / "default" / "portal"


class Recorder(http.server.BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[str, str]]] = []

    def do_GET(self) -> None:
        Recorder.seen.append((self.path, self.headers.get("User-Agent", "")))
        body = json.dumps({"path": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def upstream() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def web(upstream: str) -> Iterator[str]:
    if shutil.which("node") is None:
        pytest.skip("SKIPPED: node is missing, so the generated web server cannot run")
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": "0", "UPSTREAM_TELEMETRY": upstream}
    env.pop("UPSTREAM_INSIGHT", None)
    proc = subprocess.Popen(
        ["node", str(PORTAL / "e2e" / "server.mjs")], env=env, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+", line)
    assert match, line
    yield match.group(0)
    proc.terminate()
    proc.wait(timeout=10)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "portal/test"})) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_a_service_route_reaches_the_service_with_the_prefix_stripped(web: str) -> None:
    Recorder.seen.clear()
    status, body = get(f"{web}/api/telemetry/v1/devices?limit=2")
    assert status == 200
    assert json.loads(body) == {"path": "/v1/devices?limit=2"}
    assert Recorder.seen == [("/v1/devices?limit=2", "portal/test")]


def test_a_service_without_an_upstream_answers_502_naming_the_variable(web: str) -> None:
    status, body = get(f"{web}/api/insight/healthz")
    assert status == 502
    assert "UPSTREAM_INSIGHT" in json.loads(body)["detail"]


def test_a_path_of_no_service_is_a_json_404(web: str) -> None:
    status, body = get(f"{web}/api/no-such-service/healthz")
    assert status == 404
    assert json.loads(body) == {"detail": "not found"}


def test_a_services_metrics_are_never_proxied_to_the_public(web: str) -> None:
    Recorder.seen.clear()
    for path in ("/api/telemetry/metrics", "/api/telemetry/metrics/"):
        status, body = get(f"{web}{path}")
        assert status == 404 and json.loads(body) == {"detail": "not found"}
    assert Recorder.seen == []
    assert get(f"{web}/api/telemetry/metricsx")[0] == 200, "only /metrics itself is held back"


def test_nginx_answers_404_to_a_services_metrics_before_any_service_location() -> None:
    conf = (PORTAL / "nginx" / "default.conf.template").read_text()
    # A regex location wins over every prefix location that is not `^~`, whatever the order.
    blocks = re.findall(r"location ~ (\S+) \{([^}]*)\}", conf)
    assert "^~" not in conf
    held = [re.compile(pattern) for pattern, body in blocks if "return 404" in body]
    for path in ("/api/kpis/metrics", "/api/insight/metrics/", "/api/telemetry/metrics?x=1"):
        assert any(p.search(path.split("?")[0]) for p in held), path
    for path in ("/api/kpis/metricsx", "/api/kpis/v1/report", "/metrics-dashboard"):
        assert not any(p.search(path) for p in held), path


def test_nginx_has_one_stripping_location_per_service_and_a_404_for_the_rest() -> None:
    conf = (PORTAL / "nginx" / "default.conf.template").read_text()
    routes = re.findall(r"location /api/([a-z0-9-]+)/ \{\s+proxy_pass \$\{(UPSTREAM_[A-Z0-9_]+)\}/;", conf)
    assert routes == [
        ("insight", "UPSTREAM_INSIGHT"),
        ("telemetry", "UPSTREAM_TELEMETRY"),
        ("thermal", "UPSTREAM_THERMAL"),
        ("kpis", "UPSTREAM_KPIS"),
    ]
    assert re.search(r"location /api/ \{\s+default_type application/json;\s+return 404", conf)


@pytest.fixture
def demo() -> Iterator[str]:
    """The Node server with no upstream for the IoT and analytics services: its demo stands in for them."""
    if shutil.which("node") is None:
        pytest.skip("SKIPPED: node is missing, so the generated web server cannot run")
    env = {k: v for k, v in os.environ.items() if not k.startswith("UPSTREAM_")}
    env.update({"HOST": "127.0.0.1", "PORT": "0"})
    proc = subprocess.Popen(
        ["node", str(PORTAL / "e2e" / "server.mjs")], env=env, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    match = re.search(r"http://127\.0\.0\.1:\d+", proc.stdout.readline())
    assert match
    yield match.group(0)
    proc.terminate()
    proc.wait(timeout=10)


def test_the_demo_serves_the_contracts_shapes_at_the_services_paths(demo: str) -> None:
    status, body = get(f"{demo}/api/telemetry/v1/buildings")
    assert status == 200
    buildings = json.loads(body)
    assert [sorted(b) for b in buildings] == [["floor_area_m2", "id", "name"]] * len(buildings)
    assert [b["id"] for b in buildings] == sorted(b["id"] for b in buildings), "ordered by id"
    status, body = get(f"{demo}/api/telemetry/v1/buildings/hq")
    assert (status, json.loads(body)["name"]) == (200, "Headquarters")
    status, body = get(f"{demo}/api/telemetry/v1/buildings/hq/readings/latest")
    assert status == 200
    assert {tuple(sorted(r)) for r in json.loads(body)} == {("device_id", "metric", "timestamp", "value")}
    assert get(f"{demo}/api/telemetry/v1/buildings/nope")[0] == 404
    assert get(f"{demo}/api/telemetry/v1/buildings/nope/readings/latest")[0] == 404
    status, body = get(f"{demo}/api/kpis/v1/kpis")
    kpis = {k["building_id"]: k for k in json.loads(body)}
    assert status == 200 and set(kpis) == {b["id"] for b in buildings}
    hq = kpis["hq"]
    assert hq["eui_kwh_per_m2"] == pytest.approx(hq["total_kwh"] / 18400)
    # The old mock shape is gone: only the services' own paths answer.
    assert get(f"{demo}/api/buildings")[0] == 404
