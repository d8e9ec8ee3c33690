"""HTTP adapter of the IoT core: provisioning, ingestion, queries; starts the other transports.

Endpoints are plain ``def``: FastAPI runs them in its thread pool, so database calls never
block the event loop that answers the health probes.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException, Path, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from ..core.auth import ADMIN
from .telemetry.ingest import DEVICE_ID_PATTERN, Ingestor, RejectedError
from .telemetry.settings import TelemetrySettings
from .telemetry.store import TelemetryStore, migrate


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    settings = TelemetrySettings()
    migrate(settings.database_url)
    store = TelemetryStore(
        settings.database_url, offline_after=timedelta(seconds=settings.offline_after_seconds)
    )
    app.state.telemetry_settings = settings
    app.state.telemetry = Ingestor(store)
    # Not ready while readings cannot be stored: the database does not answer.
    app.state.readiness_checks.append(store.available)
    try:
        yield
    finally:
        store.engine.dispose()


router = APIRouter(prefix="/v1", tags=["iot"], lifespan=lifespan)
DeviceId = Annotated[str, Path(pattern=DEVICE_ID_PATTERN)]


def get_ingestor(request: Request) -> Ingestor:
    return request.app.state.telemetry


Telemetry = Annotated[Ingestor, Depends(get_ingestor)]


def bearer(authorization: Annotated[str, Header()] = "") -> str:
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "missing bearer token", {"WWW-Authenticate": "Bearer"}
        )
    return token


class DeviceIn(BaseModel):
    id: str = Field(pattern=DEVICE_ID_PATTERN)
    name: str = Field(min_length=1, max_length=200)


class Provisioned(BaseModel):
    id: str
    name: str
    token: str  # shown once; only its SHA-256 is stored


class DeviceOut(BaseModel):
    id: str
    name: str
    last_seen_at: AwareDatetime | None
    online: bool


class SampleOut(BaseModel):
    metric: str
    value: float
    timestamp: AwareDatetime


class IngestResult(BaseModel):
    device_id: str
    stored: int


class DeadLetterOut(BaseModel):
    received_at: AwareDatetime
    source: str
    topic: str
    reason: str
    payload: str


@router.post("/devices", status_code=status.HTTP_201_CREATED, dependencies=ADMIN)
def provision(body: DeviceIn, telemetry: Telemetry) -> Provisioned:
    try:
        token = telemetry.store.provision(body.id, body.name)
    except KeyError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, f"device {body.id!r} exists") from exc
    return Provisioned(id=body.id, name=body.name, token=token)


@router.get("/devices")
def devices(telemetry: Telemetry) -> list[DeviceOut]:
    return [DeviceOut.model_validate(d, from_attributes=True) for d in telemetry.store.devices()]


@router.get("/devices/offline")
def offline(telemetry: Telemetry) -> list[DeviceOut]:
    """Devices with no accepted reading within ``offline_after_seconds`` (or never)."""
    return [DeviceOut.model_validate(d, from_attributes=True) for d in telemetry.store.offline()]


@router.get("/devices/{device_id}")
def device(device_id: DeviceId, telemetry: Telemetry) -> DeviceOut:
    found = telemetry.store.device(device_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown device {device_id!r}")
    return DeviceOut.model_validate(found, from_attributes=True)


@router.post("/devices/{device_id}/telemetry", status_code=status.HTTP_202_ACCEPTED)
async def ingest(
    device_id: DeviceId,
    request: Request,
    telemetry: Telemetry,
    token: Annotated[str, Depends(bearer)],
) -> IngestResult:
    """Body: ``{"readings": [{"metric", "value", "timestamp"}]}``; rejects are dead-lettered."""
    body = await request.body()
    try:
        stored = await run_in_threadpool(telemetry.http, device_id, token, body)
    except RejectedError as exc:
        raise HTTPException(exc.status, exc.reason) from exc
    except SQLAlchemyError as exc:
        # The database is away: nothing was stored, and the device should send it again.
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, "storage unavailable", {"Retry-After": "5"}
        ) from exc
    return IngestResult(device_id=device_id, stored=stored)


@router.get("/devices/{device_id}/readings")
def readings(
    device_id: DeviceId,
    telemetry: Telemetry,
    metric: Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9_]{0,63}$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[SampleOut]:
    """Newest first."""
    if telemetry.store.device(device_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown device {device_id!r}")
    rows = telemetry.store.readings(device_id, metric, limit)
    return [SampleOut(metric=r.metric, value=r.value, timestamp=r.ts) for r in rows]


@router.get("/devices/{device_id}/latest")
def latest(device_id: DeviceId, telemetry: Telemetry) -> dict[str, SampleOut]:
    if telemetry.store.device(device_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown device {device_id!r}")
    return {
        m: SampleOut(metric=m, value=s.value, timestamp=s.ts)
        for m, s in telemetry.store.latest(device_id).items()
    }


@router.get("/dead-letters")
def dead_letters(
    telemetry: Telemetry, limit: Annotated[int, Query(ge=1, le=1000)] = 100
) -> list[DeadLetterOut]:
    """Rejected messages, newest first."""
    return [
        DeadLetterOut(
            # SQLite hands back naive datetimes; they were stored as UTC.
            received_at=d.received_at.replace(tzinfo=d.received_at.tzinfo or UTC),
            source=d.source,
            topic=d.topic,
            reason=d.reason,
            payload=d.payload,
        )
        for d in telemetry.store.dead_letters(limit)
    ]
