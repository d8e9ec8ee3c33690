"""HTTP adapter for the placeholder KPI computation (see ``kpis.py``)."""

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from .kpis import compute_kpis

router = APIRouter(prefix="/v1", tags=["domain"])

NonNegativeKwh = Annotated[float, Field(ge=0, le=1_000_000, allow_inf_nan=False)]


class KpiRequest(BaseModel):
    floor_area_m2: float = Field(gt=0, le=1_000_000, allow_inf_nan=False)
    interval_minutes: int = Field(default=60, ge=1, le=1440)
    readings_kwh: list[NonNegativeKwh] = Field(min_length=1, max_length=100_000)


class KpiResponse(BaseModel):
    readings: int
    total_kwh: float
    eui_kwh_per_m2: float
    peak_demand_kw: float
    mean_demand_kw: float
    load_factor: float


@router.post("/kpis")
async def kpis(body: KpiRequest) -> KpiResponse:
    """Placeholder domain endpoint: EUI, peak and mean demand from interval readings."""
    result = compute_kpis(body.readings_kwh, body.floor_area_m2, body.interval_minutes)
    return KpiResponse(
        readings=len(body.readings_kwh),
        total_kwh=round(result.total_kwh, 3),
        eui_kwh_per_m2=round(result.eui_kwh_per_m2, 4),
        peak_demand_kw=round(result.peak_demand_kw, 3),
        mean_demand_kw=round(result.mean_demand_kw, 3),
        load_factor=round(result.load_factor, 4),
    )
