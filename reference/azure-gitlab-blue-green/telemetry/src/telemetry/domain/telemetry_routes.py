"""HTTP adapter for the placeholder telemetry store (see ``telemetry.py``)."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Request, status
from pydantic import AwareDatetime, BaseModel, Field

from .telemetry import Reading, ReadingStore

router = APIRouter(prefix="/v1", tags=["domain"])

DEVICE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$"


def get_store(request: Request) -> ReadingStore:
    """One store per app instance, created on first use, so test apps stay isolated."""
    state = request.app.state
    if not hasattr(state, "reading_store"):
        state.reading_store = ReadingStore()
    return state.reading_store


Store = Annotated[ReadingStore, Depends(get_store)]


class ReadingIn(BaseModel):
    device_id: str = Field(pattern=DEVICE_ID_PATTERN)
    metric: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    value: float = Field(allow_inf_nan=False)
    timestamp: AwareDatetime


class ReadingOut(BaseModel):
    value: float
    timestamp: AwareDatetime


class IngestResult(BaseModel):
    device_id: str
    metric: str
    stored_as_latest: bool


class DeviceLatest(BaseModel):
    device_id: str
    readings: dict[str, ReadingOut]


@router.post("/readings", status_code=status.HTTP_202_ACCEPTED)
async def ingest(body: ReadingIn, store: Store) -> IngestResult:
    """Placeholder domain endpoint: accept one telemetry reading."""
    try:
        kept = store.add(Reading(body.device_id, body.metric, body.value, body.timestamp))
    except OverflowError as exc:
        raise HTTPException(status.HTTP_507_INSUFFICIENT_STORAGE, str(exc)) from exc
    return IngestResult(device_id=body.device_id, metric=body.metric, stored_as_latest=kept)


@router.get("/devices/{device_id}/latest")
async def latest(
    device_id: Annotated[str, Path(pattern=DEVICE_ID_PATTERN)], store: Store
) -> DeviceLatest:
    """Placeholder domain endpoint: newest reading of each metric for one device."""
    readings = store.latest(device_id)
    if readings is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown device {device_id!r}")
    return DeviceLatest(
        device_id=device_id,
        readings={m: ReadingOut(value=r.value, timestamp=r.timestamp) for m, r in readings.items()},
    )
