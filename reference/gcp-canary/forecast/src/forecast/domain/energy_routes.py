"""HTTP adapter for the placeholder energy estimate (see ``energy.py`` for the model)."""

from fastapi import APIRouter
from pydantic import BaseModel, Field

from .energy import MODEL_ID, estimate_daily_energy

router = APIRouter(prefix="/v1", tags=["domain"])


class EstimateRequest(BaseModel):
    floor_area_m2: float = Field(gt=0, le=1_000_000, allow_inf_nan=False)
    occupancy: int = Field(ge=0, le=100_000)
    outdoor_temp_c: float = Field(ge=-60, le=60, allow_inf_nan=False)


class EstimateResponse(BaseModel):
    model: str
    daily_kwh: float
    breakdown_kwh: dict[str, float]


@router.post("/estimate")
async def estimate(body: EstimateRequest) -> EstimateResponse:
    """Placeholder domain endpoint: daily energy estimate from the linear baseline model."""
    result = estimate_daily_energy(body.floor_area_m2, body.occupancy, body.outdoor_temp_c)
    return EstimateResponse(
        model=MODEL_ID,
        daily_kwh=round(result.total_kwh, 3),
        breakdown_kwh={
            "base": round(result.base_kwh, 3),
            "heating": round(result.heating_kwh, 3),
            "cooling": round(result.cooling_kwh, 3),
            "occupancy": round(result.occupancy_kwh, 3),
        },
    )
