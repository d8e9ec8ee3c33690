"""HTTP adapter of the IoT core: buildings, provisioning, ingestion, queries, the readings
export and the live feed; starts the other transports.

Endpoints are plain ``def``: FastAPI runs them in its thread pool, so database calls never
block the event loop that answers the health probes. The live feed is async and calls the
database through ``run_in_threadpool`` for the same reason.
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, timedelta
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    FastAPI,
    Header,
    HTTPException,
    Path,
    Query,
    Request,
    status,
)
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime, BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from ..core.auth import ADMIN
from ..core.errors import problem
from ..core.lifecycle import Lifecycle
from ..core.values import Number, Timestamp
from .telemetry.ingest import DEVICE_ID_PATTERN, METRIC_PATTERN, Batch, Ingestor, RejectedError
from .telemetry.settings import TelemetrySettings
from .telemetry.store import StoredReading, TelemetryStore, UnknownBuildingError, migrate


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
BuildingId = Annotated[str, Path(pattern=DEVICE_ID_PATTERN)]
# The live feed looks for new readings this often (a tail of the table: works across replicas).
LIVE_POLL_SECONDS = 1.0
LIVE_BATCH = 500
SSE_KEEPALIVE_SECONDS = 15.0
EXPORT_LIMIT_MAX = 5000
# The largest seq: readings.id is a 64-bit integer (BIGINT on PostgreSQL). A larger cursor
# cannot name a reading; the database would refuse to compare with it (a 500), so it is a 422.
MAX_SEQ = 2**63 - 1


UNKNOWN_DEVICE = {status.HTTP_404_NOT_FOUND: problem("Unknown device")}


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


class BuildingIn(BaseModel):
    id: str = Field(pattern=DEVICE_ID_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    floor_area_m2: Number = Field(gt=0, le=1e7)


class BuildingOut(BaseModel):
    id: str
    name: str
    floor_area_m2: float


class DeviceIn(BaseModel):
    id: str = Field(pattern=DEVICE_ID_PATTERN)
    name: str = Field(min_length=1, max_length=200)
    building_id: str = Field(pattern=DEVICE_ID_PATTERN)


class Provisioned(BaseModel):
    id: str
    name: str
    building_id: str
    token: str  # shown once; only its SHA-256 is stored


class DeviceOut(BaseModel):
    id: str
    name: str
    # None only for devices from before buildings existed (see migration 0003).
    building_id: str | None
    last_seen_at: AwareDatetime | None
    online: bool


class LatestReadingOut(BaseModel):
    device_id: str
    metric: str
    value: float
    timestamp: AwareDatetime


class ReadingOut(BaseModel):
    """A reading as exported and pushed live; ``seq`` increases with every stored reading."""

    seq: int
    device_id: str
    # None only for readings of devices without a building (from before 0003).
    building_id: str | None
    metric: str
    value: float
    timestamp: AwareDatetime


class ReadingsPage(BaseModel):
    items: list[ReadingOut]
    # Pass as ``after`` for the next page; None when this page was the last.
    next_after: int | None


def _reading(r: StoredReading) -> ReadingOut:
    return ReadingOut(
        seq=r.seq,
        device_id=r.device_id,
        building_id=r.building_id,
        metric=r.metric,
        value=r.value,
        timestamp=r.ts,
    )


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


@router.post(
    "/buildings",
    status_code=status.HTTP_201_CREATED,
    dependencies=ADMIN,
    responses={status.HTTP_409_CONFLICT: problem("The building id exists")},
)
def create_building(body: BuildingIn, telemetry: Telemetry) -> BuildingOut:
    try:
        created = telemetry.store.create_building(body.id, body.name, body.floor_area_m2)
    except KeyError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, f"building {body.id!r} exists") from exc
    return BuildingOut(id=created.id, name=created.name, floor_area_m2=created.floor_area_m2)


@router.get("/buildings")
def buildings(telemetry: Telemetry) -> list[BuildingOut]:
    """Every building, ordered by id."""
    return [
        BuildingOut(id=b.id, name=b.name, floor_area_m2=b.floor_area_m2)
        for b in telemetry.store.buildings()
    ]


@router.get(
    "/buildings/{building_id}",
    responses={status.HTTP_404_NOT_FOUND: problem("Unknown building")},
)
def building(building_id: BuildingId, telemetry: Telemetry) -> BuildingOut:
    found = telemetry.store.building(building_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown building {building_id!r}")
    return BuildingOut(id=found.id, name=found.name, floor_area_m2=found.floor_area_m2)


@router.get(
    "/buildings/{building_id}/readings/latest",
    responses={status.HTTP_404_NOT_FOUND: problem("Unknown building")},
)
def building_latest(building_id: BuildingId, telemetry: Telemetry) -> list[LatestReadingOut]:
    """The newest reading (by its timestamp) of each device and metric of the building."""
    if telemetry.store.building(building_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown building {building_id!r}")
    return [
        LatestReadingOut(device_id=r.device_id, metric=r.metric, value=r.value, timestamp=r.ts)
        for r in telemetry.store.latest_in_building(building_id)
    ]


@router.get("/readings")
def export_readings(
    telemetry: Telemetry,
    building_id: Annotated[str | None, Query(pattern=DEVICE_ID_PATTERN)] = None,
    metric: Annotated[str | None, Query(pattern=METRIC_PATTERN)] = None,
    since: Annotated[Timestamp | None, Query(description="inclusive")] = None,
    until: Annotated[Timestamp | None, Query(description="exclusive")] = None,
    after: Annotated[
        int | None, Query(ge=0, le=MAX_SEQ, description="the previous page's next_after")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=EXPORT_LIMIT_MAX)] = 1000,
) -> ReadingsPage:
    """The readings export other services consume: pages ordered by ``seq``, a keyset cursor
    (stable while readings keep arriving; a poller keeps the last ``seq`` and asks for what
    came after). Follow ``next_after`` until it is null."""
    rows = telemetry.store.export(
        building_id=building_id,
        metric=metric,
        since=since,
        until=until,
        after=after,
        limit=limit,
    )
    next_after = rows[-1].seq if len(rows) == limit else None
    return ReadingsPage(items=[_reading(r) for r in rows], next_after=next_after)


async def _tail(
    app: FastAPI,
    store: TelemetryStore,
    building_id: str,
    after: int,
    gone: Callable[[], Awaitable[bool]],
) -> AsyncIterator[ReadingOut | None]:
    """Readings of a building stored after ``after``, as they come, until the client is gone
    or the service stops (readiness withdrawn: uvicorn then waits for open responses).
    None after each idle poll, so the transport can send a keep-alive."""
    while app.state.lifecycle is not Lifecycle.STOPPING and not await gone():
        try:
            rows = await run_in_threadpool(
                store.export, building_id=building_id, after=after, limit=LIVE_BATCH
            )
        except SQLAlchemyError:
            rows = []  # the database is away: keep the client, resume when it is back
        for row in rows:
            yield _reading(row)
        if rows:
            after = rows[-1].seq
        if len(rows) < LIVE_BATCH:
            await asyncio.sleep(LIVE_POLL_SECONDS)
            yield None


@router.get(
    "/buildings/{building_id}/live",
    response_class=StreamingResponse,
    responses={
        status.HTTP_200_OK: {
            "description": "Server-sent events: `event: reading`, `id: <seq>`, "
            "`data: <an item of GET /v1/readings>`",
            # The schema of one event (as SSE clients and schemathesis parse it), not of the stream.
            "content": {
                "text/event-stream": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "event": {"type": "string", "enum": ["reading"]},
                            "id": {"type": "string", "pattern": "^[0-9]+$"},
                            "data": {"type": "string", "contentMediaType": "application/json"},
                        },
                        "required": ["event", "id", "data"],
                    }
                }
            },
        },
        status.HTTP_404_NOT_FOUND: problem("Unknown building"),
    },
)
async def live(
    building_id: BuildingId,
    request: Request,
    telemetry: Telemetry,
    last_event_id: Annotated[int | None, Header(ge=0, le=MAX_SEQ)] = None,
) -> StreamingResponse:
    """Each reading of the building stored from now on (HTTP, MQTT or a field adapter). A
    reconnecting EventSource sends ``Last-Event-ID`` and gets what it missed."""
    store = telemetry.store
    if await run_in_threadpool(store.building, building_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown building {building_id!r}")
    after = last_event_id if last_event_id is not None else await run_in_threadpool(store.last_seq)

    async def events() -> AsyncIterator[str]:
        # A comment first: the client (and any proxy) sees the stream open at once.
        yield ": live\n\n"
        idle = 0
        async for reading in _tail(request.app, store, building_id, after, request.is_disconnected):
            if reading is not None:
                idle = 0
                yield f"id: {reading.seq}\nevent: reading\ndata: {reading.model_dump_json()}\n\n"
                continue
            idle += 1
            if idle * LIVE_POLL_SECONDS >= SSE_KEEPALIVE_SECONDS:
                # Proxies close idle responses (nginx after 60 s); a comment keeps this one open.
                idle = 0
                yield ": keep-alive\n\n"

    # no-transform / X-Accel-Buffering: proxies must pass events on, not buffer them.
    headers = {"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)


@router.post(
    "/devices",
    status_code=status.HTTP_201_CREATED,
    dependencies=ADMIN,
    responses={status.HTTP_409_CONFLICT: problem("The device id exists")},
)
def provision(body: DeviceIn, telemetry: Telemetry) -> Provisioned:
    """Register a device in a building (422 naming the building when it does not exist)."""
    try:
        token = telemetry.store.provision(body.id, body.name, body.building_id)
    except UnknownBuildingError as exc:
        # Shaped like FastAPI's own validation errors, so the documented 422 schema holds.
        raise RequestValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ("body", "building_id"),
                    "msg": f"unknown building {body.building_id!r}",
                    "input": body.building_id,
                }
            ]
        ) from exc
    except KeyError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, f"device {body.id!r} exists") from exc
    return Provisioned(id=body.id, name=body.name, building_id=body.building_id, token=token)


@router.get("/devices")
def devices(telemetry: Telemetry) -> list[DeviceOut]:
    return [DeviceOut.model_validate(d, from_attributes=True) for d in telemetry.store.devices()]


@router.get("/devices/offline")
def offline(telemetry: Telemetry) -> list[DeviceOut]:
    """Devices with no accepted reading within ``offline_after_seconds`` (or never)."""
    return [DeviceOut.model_validate(d, from_attributes=True) for d in telemetry.store.offline()]


@router.get("/devices/{device_id}", responses=UNKNOWN_DEVICE)
def device(device_id: DeviceId, telemetry: Telemetry) -> DeviceOut:
    found = telemetry.store.device(device_id)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown device {device_id!r}")
    return DeviceOut.model_validate(found, from_attributes=True)


class Rejected(BaseModel):
    """A refused message: the reason (the message is dead-lettered with it), or FastAPI's
    validation errors for a malformed device id."""

    detail: str | list[dict[str, Any]]


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its ``$defs`` written in place: inside an OpenAPI document a ``#/$defs``
    reference would resolve against the document, not the schema."""
    defs = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return resolve(defs[ref.removeprefix("#/$defs/")])
            return {k: resolve(v) for k, v in node.items()}
        return [resolve(v) for v in node] if isinstance(node, list) else node

    return resolve(schema)  # type: ignore[no-any-return]


@router.post(
    "/devices/{device_id}/telemetry",
    status_code=status.HTTP_202_ACCEPTED,
    # The handler reads the raw body (a reject is dead-lettered, never lost), so FastAPI does
    # not see the body's model: the document names it here.
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(Batch.model_json_schema())}},
        }
    },
    responses={
        status.HTTP_401_UNAUTHORIZED: problem("Unknown device or wrong device token"),
        status.HTTP_422_UNPROCESSABLE_CONTENT: {
            "model": Rejected,
            "description": "Not a valid batch, or readings stamped in the future",
        },
        status.HTTP_503_SERVICE_UNAVAILABLE: problem("Storage unavailable: send again later"),
    },
)
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


@router.get("/devices/{device_id}/readings", responses=UNKNOWN_DEVICE)
def readings(
    device_id: DeviceId,
    telemetry: Telemetry,
    metric: Annotated[str | None, Query(pattern=METRIC_PATTERN)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[SampleOut]:
    """Newest first."""
    if telemetry.store.device(device_id) is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown device {device_id!r}")
    rows = telemetry.store.readings(device_id, metric, limit)
    return [SampleOut(metric=r.metric, value=r.value, timestamp=r.ts) for r in rows]


@router.get("/devices/{device_id}/latest", responses=UNKNOWN_DEVICE)
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
