"""A stand-in IoT service for the smoke of a consumer (analytics, AI, physics) that runs alone.

It answers the IoT contract's read routes (/work/contract.md: `GET /v1/buildings`, `GET /v1/buildings/{id}`,
`GET /v1/readings` paged by `seq`) with one building and two days of hourly energy readings, so the
consumer's routes that read the IoT service answer from data (or 404 for an unknown building) when
schemathesis calls them, instead of the 503 they owe when no IoT service is there. The real provider is
exercised by the system test (`make up`).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

BUILDING: dict[str, Any] = {"id": "smoke-b1", "name": "Smoke test office", "floor_area_m2": 1000.0}
START = datetime(2025, 3, 3, tzinfo=UTC)
READINGS: list[dict[str, Any]] = [
    {
        "seq": hour + 1,
        "device_id": "smoke-meter",
        "building_id": BUILDING["id"],
        "metric": "energy_kwh",
        "value": 10.0 + hour % 24,
        "timestamp": (START + timedelta(hours=hour)).isoformat(),
    }
    for hour in range(48)
]


def answer(path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
    """(status, body) of the contract's read routes for this one building."""
    if path == "/v1/buildings":
        return 200, [BUILDING]
    if path == f"/v1/buildings/{BUILDING['id']}":
        return 200, BUILDING
    if path.startswith("/v1/buildings/"):
        return 404, {"detail": "unknown building"}
    if path == "/v1/readings":
        after = int(query.get("after", ["0"])[0])
        limit = int(query.get("limit", ["1000"])[0])
        building = query.get("building_id", [None])[0]
        rows = [r for r in READINGS if building in (None, r["building_id"]) and r["seq"] > after]
        page = rows[:limit]
        more = len(rows) > limit
        return 200, {"items": page, "next_after": page[-1]["seq"] if more else None}
    return 404, {"detail": "not found"}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        status, body = answer(parts.path, parse_qs(parts.query))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def running() -> Iterator[str]:
    """The fake's base URL (loopback, a free port) while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
