"""Operational endpoints: liveness, readiness and Prometheus metrics."""

from fastapi import APIRouter, Request, Response
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
    """Readiness: 200 only between startup completion and the start of shutdown."""
    lifecycle: Lifecycle = request.app.state.lifecycle
    code = 200 if lifecycle is Lifecycle.READY else 503
    return JSONResponse({"status": lifecycle.value}, status_code=code)


@router.get("/metrics")
async def metrics(request: Request) -> Response:
    """Prometheus text exposition of this app's registry."""
    registry = request.app.state.metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
