"""A demo buildings API: the data and live readings the other web templates' test servers serve.
`make run` and the browser test mount it at /api; point API_BASE_URL at the real backend instead."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .api import Building, Reading

BUILDINGS: list[Building] = [
    {"id": "hq", "name": "Headquarters", "city": "Zurich", "floors": 12, "areaM2": 18400},
    {"id": "lab", "name": "Research Lab", "city": "Basel", "floors": 4, "areaM2": 6200},
    {"id": "depot", "name": "Service Depot", "city": "Bern", "floors": 2, "areaM2": 3100},
]


def reading(building_id: str, n: int) -> Reading:
    value = round(21 + math.sin(n / 3) * 1.5, 1)
    at = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {
        "buildingId": building_id,
        "metric": "temperature",
        "value": value,
        "unit": "°C",
        "at": at,
    }


def create_demo_api(interval_s: float = 0.3) -> Starlette:
    async def buildings(request: Request) -> Response:
        return JSONResponse(BUILDINGS)

    async def building(request: Request) -> Response:
        found = next((b for b in BUILDINGS if b["id"] == request.path_params["id"]), None)
        if found is None:
            return JSONResponse({"detail": "not found"}, status_code=404)
        return JSONResponse(found)

    async def live(request: Request) -> Response:
        building_id = request.path_params["id"]

        async def events() -> AsyncIterator[str]:
            n = 0
            while True:
                yield f"data: {json.dumps(reading(building_id, n))}\n\n"
                n += 1
                await asyncio.sleep(interval_s)

        return StreamingResponse(
            events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
        )

    return Starlette(
        routes=[
            Route("/buildings", buildings),
            Route("/buildings/{id}", building),
            Route("/buildings/{id}/live", live),
        ]
    )
