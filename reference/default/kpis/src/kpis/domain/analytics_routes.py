"""HTTP adapter for the analytics core (logic lives in ``analytics/``).

Where the data comes from, the first that applies (logged at start and shown in ``/readyz``):

1. ``KPIS_SAMPLE_DATA=true``: a generated sample fortnight, a development switch and the
   only way to get sample data;
2. ``KPIS_IOT_URL``: the IoT service's buildings and readings export (``analytics/iot.py``),
   telemetry in this system (``make up`` and the deploy stacks set it);
3. ``KPIS_TELEMETRY`` and ``KPIS_BUILDINGS``: CSV or Parquet files (globs allowed),
   columns as in ``analytics/sample.py``.

With none of them the service starts but is not ready, and ``/v1/...`` answers 503 naming them.
"""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Annotated, Any, Protocol

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from ..core.auth import ADMIN
from ..core.config import ENV_PREFIX, settings_config
from ..core.errors import problem
from ..core.peers import IotClient, IotSettings, PeerError
from ..core.values import Number
from .analytics import sample
from .analytics.engine import Anomaly, BuildingKpis, Engine
from .analytics.iot import IotSource
from .analytics.report import chart_svg, html_page
from .analytics.stream import RollingDetector, StreamResult

logger = logging.getLogger(__name__)
# The IoT component of this system (the system's topology), if it has one.
IOT_COMPONENT: str | None = "telemetry"


class AnalyticsSettings(IotSettings):
    model_config = settings_config()

    sample_data: bool = False
    # The contract: a reading accepted by the IoT service shows within 30 s.
    iot_max_age_seconds: float = Field(default=10.0, gt=0, le=30)
    telemetry: str | None = None
    buildings: str | None = None
    interval_hours: float = Field(default=1.0, gt=0)
    window: int = Field(default=24, ge=3, le=10_000)
    anomaly_threshold: float = Field(default=4.0, gt=0)


class Source(Protocol):
    @property
    def description(self) -> str: ...

    def engine(self) -> Engine: ...


class FixedSource:
    """Files read in place (or the generated sample): nothing to refresh."""

    def __init__(self, engine: Engine, description: str) -> None:
        self._engine, self.description = engine, description

    def engine(self) -> Engine:
        return self._engine


NO_SOURCE = (
    f"no data source: set {ENV_PREFIX}IOT_URL (the IoT service), or {ENV_PREFIX}TELEMETRY and "
    f"{ENV_PREFIX}BUILDINGS (files), or {ENV_PREFIX}SAMPLE_DATA=true (generated sample, "
    "development only)"
)
NO_IOT = (
    f"this system has no IoT component: KPIs come from {ENV_PREFIX}TELEMETRY and "
    f"{ENV_PREFIX}BUILDINGS (files) unless {ENV_PREFIX}IOT_URL names an IoT service"
)


def choose_source(settings: AnalyticsSettings, scratch: Path) -> Source | None:
    hours = settings.interval_hours
    if settings.sample_data:
        telemetry, buildings = sample.write(scratch)
        engine = Engine.from_files(telemetry, buildings, hours)
        return FixedSource(engine, f"generated sample data ({ENV_PREFIX}SAMPLE_DATA=true)")
    if settings.iot_url:
        return IotSource(IotClient(settings.iot_url), hours, settings.iot_max_age_seconds)
    if settings.telemetry and settings.buildings:
        engine = Engine.from_files(settings.telemetry, settings.buildings, hours)
        return FixedSource(engine, f"files {settings.telemetry} and {settings.buildings}")
    return None


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = AnalyticsSettings()
    detail: dict[str, str] = app.state.readiness_detail
    with TemporaryDirectory(prefix="telemetry-") as scratch:
        source = choose_source(settings, Path(scratch))
        if IOT_COMPONENT is None:
            logger.warning(NO_IOT)
            detail["iot"] = NO_IOT
        if source is None:
            logger.error(NO_SOURCE)
            detail["data"] = NO_SOURCE
            app.state.readiness_checks.append(lambda: False)
        else:
            logger.info("analytics data source", extra={"source": source.description})
            detail["data"] = source.description
        app.state.analytics_settings = settings
        app.state.analytics_source = source
        app.state.detector = RollingDetector(settings.window, settings.anomaly_threshold)
        try:
            yield
        finally:
            if isinstance(source, IotSource):
                source.close()


# What the data routes answer when their data cannot be had (documented in the OpenAPI).
UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    502: problem("The IoT service answered outside its contract"),
    503: problem("No data source configured, or the IoT service unreachable"),
}
router = APIRouter(prefix="/v1", tags=["analytics"], lifespan=lifespan)
Window = Annotated[int | None, Query(ge=3, le=10_000)]


async def engine_of(request: Request) -> Engine:
    """The engine over current data, refreshed from the IoT service when older than allowed."""
    source: Source | None = request.app.state.analytics_source
    if source is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, NO_SOURCE)
    try:
        # The IoT calls and DuckDB block: off the event loop.
        return await run_in_threadpool(source.engine)
    except PeerError as exc:
        raise HTTPException(exc.status, str(exc)) from exc


CurrentEngine = Annotated[Engine, Depends(engine_of)]


def settings_of(request: Request) -> AnalyticsSettings:
    return request.app.state.analytics_settings  # type: ignore[no-any-return]


class SeriesPoint(BaseModel):
    ts: str
    energy_kwh: float
    rolling_mean_kwh: float


@router.get("/kpis", responses=UNAVAILABLE)
async def kpis(engine: CurrentEngine) -> list[BuildingKpis]:
    """One entry per building: the sum of its ``energy_kwh`` readings and EUI per floor area."""
    return engine.kpis()


@router.get(
    "/buildings/{building_id}/rolling",
    responses={**UNAVAILABLE, status.HTTP_404_NOT_FOUND: problem("Unknown building")},
)
async def rolling(
    building_id: str, engine: CurrentEngine, request: Request, window: Window = None
) -> list[SeriesPoint]:
    if building_id not in engine.buildings():
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown building {building_id!r}")
    size = window or settings_of(request).window
    return [
        SeriesPoint(ts=ts, energy_kwh=kwh, rolling_mean_kwh=round(mean, 4))
        for ts, kwh, mean in engine.series(building_id, size)
    ]


@router.get("/anomalies", responses=UNAVAILABLE)
async def anomalies(
    engine: CurrentEngine, request: Request, window: Window = None
) -> list[Anomaly]:
    settings = settings_of(request)
    return engine.anomalies(window or settings.window, settings.anomaly_threshold)


@router.get("/report", response_class=HTMLResponse, responses=UNAVAILABLE)
async def report(engine: CurrentEngine, request: Request) -> HTMLResponse:
    """KPI table and one chart per building (energy, rolling mean, anomalies) as an HTML page."""
    settings = settings_of(request)
    found = engine.anomalies(settings.window, settings.anomaly_threshold)
    charts = {
        b: chart_svg(engine.series(b, settings.window), [a for a in found if a.building_id == b], b)
        for b in engine.buildings()
    }
    return HTMLResponse(html_page(engine.kpis(), charts))


class StreamReading(BaseModel):
    building_id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
    energy_kwh: Number = Field(ge=0, le=1_000_000, allow_inf_nan=False)


@router.post(
    "/stream/readings",
    dependencies=ADMIN,
    responses={
        status.HTTP_507_INSUFFICIENT_STORAGE: problem(
            "The real-time window tracks its maximum of buildings"
        )
    },
)
async def stream(body: StreamReading, request: Request) -> StreamResult:
    """Real-time window: the rolling mean and anomaly verdict for this reading, at once."""
    try:
        return request.app.state.detector.add(body.building_id, body.energy_kwh)  # type: ignore[no-any-return]
    except OverflowError as exc:
        raise HTTPException(status.HTTP_507_INSUFFICIENT_STORAGE, str(exc)) from exc
