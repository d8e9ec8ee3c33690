"""Demo services: the IoT service's buildings (and the analytics service's KPIs) with their
contract's shapes at their paths (/<name>/v1/...), live readings included. `make run` and the
browser test mount them at /api when no service URL is set; API_BASE_URL or UPSTREAM_<NAME> point
the pages at the real services instead."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from .api import Building, Kpi, LatestReading, Reading
from .config import ANALYTICS_SERVICE, IOT_SERVICE

# GET /v1/buildings, ordered by id.
BUILDINGS: list[Building] = [
    {"id": "depot", "name": "Service Depot", "floor_area_m2": 3100},
    {"id": "hq", "name": "Headquarters", "floor_area_m2": 18400},
    {"id": "lab", "name": "Research Lab", "floor_area_m2": 6200},
]
LATEST_AT = "2024-01-01T12:00:00+00:00"


def latest(building_id: str) -> list[LatestReading]:
    meter, sensor = f"{building_id}-meter", f"{building_id}-sensor"
    return [
        {"device_id": meter, "metric": "energy_kwh", "value": 42.5, "timestamp": LATEST_AT},
        {"device_id": sensor, "metric": "temperature_c", "value": 21.5, "timestamp": LATEST_AT},
    ]


def reading(building_id: str, n: int) -> Reading:
    return {
        "seq": n + 1,
        "device_id": f"{building_id}-sensor",
        "building_id": building_id,
        "metric": "temperature_c",
        "value": round(21 + math.sin(n / 3) * 1.5, 1),
        "timestamp": datetime.now(UTC).isoformat(timespec="milliseconds"),
    }


def kpis() -> list[Kpi]:
    return [
        {"building_id": b["id"], "total_kwh": 1000.0, "eui_kwh_per_m2": 1000.0 / b["floor_area_m2"]}
        for b in BUILDINGS
    ]


def create_demo_api(interval_s: float = 0.3) -> Starlette:
    def find(request: Request) -> Building | None:
        return next((b for b in BUILDINGS if b["id"] == request.path_params["id"]), None)

    async def buildings(request: Request) -> Response:
        return JSONResponse(BUILDINGS)

    async def building(request: Request) -> Response:
        found = find(request)
        if found is None:
            return JSONResponse({"detail": "not found"}, status_code=404)
        return JSONResponse(found)

    async def latest_readings(request: Request) -> Response:
        found = find(request)
        if found is None:
            return JSONResponse({"detail": "not found"}, status_code=404)
        return JSONResponse(latest(found["id"]))

    async def live_events(request: Request) -> Response:
        building_id = request.path_params["id"]

        async def events() -> AsyncIterator[str]:
            n = 0
            while True:
                yield f"event: reading\ndata: {json.dumps(reading(building_id, n))}\n\n"
                n += 1
                await asyncio.sleep(interval_s)

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )

    async def live_socket(websocket: WebSocket) -> None:
        building_id = websocket.path_params["id"]
        await websocket.accept()
        n = 0
        try:
            while True:
                await websocket.send_text(json.dumps(reading(building_id, n)))
                n += 1
                await asyncio.sleep(interval_s)
        except WebSocketDisconnect:
            return

    async def all_kpis(request: Request) -> Response:
        return JSONResponse(kpis())

    routes: list[BaseRoute] = []
    if IOT_SERVICE is not None:
        # The live feed as the service offers it: server-sent events or a WebSocket, on one path.
        base = f"/{IOT_SERVICE}/v1/buildings"
        routes += [
            Route(base, buildings),
            Route(base + "/{id}", building),
            Route(base + "/{id}/readings/latest", latest_readings),
            Route(base + "/{id}/live", live_events),
            WebSocketRoute(base + "/{id}/live", live_socket),
        ]
    if ANALYTICS_SERVICE is not None:
        routes.append(Route(f"/{ANALYTICS_SERVICE}/v1/kpis", all_kpis))
    return Starlette(routes=routes)
