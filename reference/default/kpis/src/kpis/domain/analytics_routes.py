"""HTTP adapter for the analytics core (logic lives in ``analytics/``).

With no ``KPIS_TELEMETRY`` the service writes a generated sample fortnight into a private
temporary folder and analyses that, so it answers on one machine with nothing else running.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Annotated

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings

from ..core.auth import ADMIN
from ..core.config import settings_config
from .analytics import sample
from .analytics.engine import Anomaly, BuildingKpis, Engine
from .analytics.report import chart_svg, html_page
from .analytics.stream import RollingDetector, StreamResult


class AnalyticsSettings(BaseSettings):
    model_config = settings_config()

    # CSV or Parquet files (globs allowed), e.g. an export of the IoT service's readings.
    telemetry: str | None = None
    buildings: str | None = None
    interval_hours: float = Field(default=1.0, gt=0)
    window: int = Field(default=24, ge=3, le=10_000)
    anomaly_threshold: float = Field(default=4.0, gt=0)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = AnalyticsSettings()
    with TemporaryDirectory(prefix="telemetry-") as scratch:
        if settings.telemetry and settings.buildings:
            telemetry, buildings = settings.telemetry, settings.buildings
        else:
            written = sample.write(Path(scratch))
            telemetry, buildings = str(written[0]), str(written[1])
        app.state.analytics_settings = settings
        app.state.engine = Engine(telemetry, buildings, settings.interval_hours)
        app.state.detector = RollingDetector(settings.window, settings.anomaly_threshold)
        yield


router = APIRouter(prefix="/v1", tags=["analytics"], lifespan=lifespan)
Window = Annotated[int | None, Query(ge=3, le=10_000)]


def engine_of(request: Request) -> Engine:
    return request.app.state.engine  # type: ignore[no-any-return]


def settings_of(request: Request) -> AnalyticsSettings:
    return request.app.state.analytics_settings  # type: ignore[no-any-return]


class SeriesPoint(BaseModel):
    ts: str
    energy_kwh: float
    rolling_mean_kwh: float


@router.get("/kpis")
async def kpis(request: Request) -> list[BuildingKpis]:
    return engine_of(request).kpis()


@router.get("/buildings/{building_id}/rolling")
async def rolling(building_id: str, request: Request, window: Window = None) -> list[SeriesPoint]:
    engine = engine_of(request)
    if building_id not in engine.buildings():
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown building {building_id!r}")
    size = window or settings_of(request).window
    return [
        SeriesPoint(ts=ts, energy_kwh=kwh, rolling_mean_kwh=round(mean, 4))
        for ts, kwh, mean in engine.series(building_id, size)
    ]


@router.get("/anomalies")
async def anomalies(request: Request, window: Window = None) -> list[Anomaly]:
    settings = settings_of(request)
    return engine_of(request).anomalies(window or settings.window, settings.anomaly_threshold)


@router.get("/report", response_class=HTMLResponse)
async def report(request: Request) -> HTMLResponse:
    """KPI table and one chart per building (energy, rolling mean, anomalies) as an HTML page."""
    engine, settings = engine_of(request), settings_of(request)
    found = engine.anomalies(settings.window, settings.anomaly_threshold)
    charts = {
        b: chart_svg(engine.series(b, settings.window), [a for a in found if a.building_id == b], b)
        for b in engine.buildings()
    }
    return HTMLResponse(html_page(engine.kpis(), charts))


class StreamReading(BaseModel):
    building_id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
    energy_kwh: float = Field(ge=0, le=1_000_000, allow_inf_nan=False)


@router.post("/stream/readings", dependencies=ADMIN)
async def stream(body: StreamReading, request: Request) -> StreamResult:
    """Real-time window: the rolling mean and anomaly verdict for this reading, at once."""
    try:
        return request.app.state.detector.add(body.building_id, body.energy_kwh)  # type: ignore[no-any-return]
    except OverflowError as exc:
        raise HTTPException(status.HTTP_507_INSUFFICIENT_STORAGE, str(exc)) from exc
