"""Operational endpoints: liveness, readiness and Prometheus metrics."""

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ..core.lifecycle import Lifecycle

router = APIRouter(tags=["operations"])


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Liveness: the process is up and serving HTTP."""
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    """Readiness: 200 only between startup completion and the start of shutdown, and while
    every domain check passes (e.g. the database answers)."""
    lifecycle: Lifecycle = request.app.state.lifecycle
    detail: dict[str, str] = request.app.state.readiness_detail
    extra = {"detail": detail} if detail else {}
    if lifecycle is not Lifecycle.READY:
        return JSONResponse({"status": lifecycle.value, **extra}, status_code=503)
    for check in request.app.state.readiness_checks:
        # Checks may block (a database round trip): never on the event loop.
        if not await run_in_threadpool(check):
            return JSONResponse({"status": "degraded", **extra}, status_code=503)
    return JSONResponse({"status": lifecycle.value, **extra}, status_code=200)


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {
            "description": "Prometheus text exposition format",
            "content": {CONTENT_TYPE_LATEST.split(";")[0]: {"schema": {"type": "string"}}},
        }
    },
)
async def metrics(request: Request) -> Response:
    """Prometheus text exposition of this app's registry."""
    registry = request.app.state.metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
