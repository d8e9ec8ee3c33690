"""HTTP adapter for the placeholder steady-state model (see ``thermal.py``)."""

from fastapi import APIRouter
from pydantic import BaseModel, Field

from .thermal import steady_state

router = APIRouter(prefix="/v1", tags=["domain"])


class SteadyStateRequest(BaseModel):
    ua_w_per_k: float = Field(gt=0, le=1_000_000, allow_inf_nan=False)
    outdoor_temp_c: float = Field(ge=-60, le=60, allow_inf_nan=False)
    internal_gains_w: float = Field(default=0.0, ge=0, le=10_000_000, allow_inf_nan=False)
    hvac_w: float = Field(default=0.0, ge=-10_000_000, le=10_000_000, allow_inf_nan=False)
    capacitance_j_per_k: float | None = Field(default=None, gt=0, allow_inf_nan=False)


class SteadyStateResponse(BaseModel):
    zone_temp_c: float
    heat_flow_w: float
    time_constant_h: float | None


@router.post("/steady-state")
async def solve(body: SteadyStateRequest) -> SteadyStateResponse:
    """Placeholder domain endpoint: steady-state zone temperature of a single-zone RC model."""
    result = steady_state(
        body.ua_w_per_k,
        body.outdoor_temp_c,
        body.internal_gains_w,
        body.hvac_w,
        body.capacitance_j_per_k,
    )
    tau = result.time_constant_h
    return SteadyStateResponse(
        zone_temp_c=round(result.zone_temp_c, 3),
        heat_flow_w=round(result.heat_flow_w, 3),
        time_constant_h=None if tau is None else round(tau, 3),
    )
