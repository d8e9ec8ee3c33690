"""HTTP adapter for the thermal simulation core (see the ``thermal`` package).

Simulation endpoints are plain ``def``: FastAPI runs them in its thread pool, so a long
batch run never blocks the event loop that answers the health probes.

``POST /v1/simulations/building`` simulates a zone of a building registered in the IoT service
(this system has none: point ZONE_SIM_IOT_URL at one), whose floor area scales the
zone's parameters (``thermal/building.py``).

Batch simulations stay open: they change nothing, answer from the request body alone, and their
cost is bounded by the schema (duration, zones).
No route here changes state, so none needs the admin token (``core.auth``).
"""

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ValidationError

from ..core.config import ENV_PREFIX
from ..core.errors import unprocessable
from ..core.peers import IotClient, IotSettings, PeerError, UnknownBuildingError
from .thermal.chart import render_html
from .thermal.schemas import (
    BuildingSimulationOut,
    BuildingZoneIn,
    ScenarioIn,
    SummaryOut,
    WhatIfIn,
)

router = APIRouter(prefix="/v1", tags=["simulation"])


class WhatIfRequest(BaseModel):
    scenario: ScenarioIn
    changes: WhatIfIn


class Delta(BaseModel):
    heating_kwh: float
    cooling_kwh: float
    comfort_hours: float


class WhatIfResponse(BaseModel):
    base: SummaryOut
    variant: SummaryOut
    delta: Delta


@router.post("/simulations")
def simulate(scenario: ScenarioIn) -> SummaryOut:
    """Batch run: simulate the whole scenario and summarise it per zone."""
    _, summary = scenario.to_domain().run()
    return SummaryOut.of(summary)


@router.post(
    "/simulations/building",
    responses={
        404: {"description": "The IoT service has no building of that id"},
        422: {"description": "Invalid body, or a zone area the model's parameter bounds refuse"},
        502: {"description": "The IoT service answered outside its contract"},
        503: {"description": "No IoT service configured, or it is unreachable"},
    },
)
def simulate_building(body: BuildingZoneIn) -> BuildingSimulationOut:
    """Simulate a zone of a registered building: its floor area (times ``zone_share``) scales
    the zone's capacitance, losses, gains and plant."""
    settings = IotSettings()
    if not settings.iot_url:
        missing = f"no IoT service configured: set {ENV_PREFIX}IOT_URL"
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, missing)
    client = IotClient(settings.iot_url)
    try:
        building = client.building(body.building_id)
    except UnknownBuildingError as exc:
        unknown = f"unknown building {body.building_id!r}"
        raise HTTPException(status.HTTP_404_NOT_FOUND, unknown) from exc
    except PeerError as exc:
        raise HTTPException(exc.status, str(exc)) from exc
    finally:
        client.close()
    try:
        scenario = body.scenario(building.floor_area_m2)
    except ValidationError as exc:
        errors = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        area = building.floor_area_m2 * body.zone_share
        detail = f"a zone of {area:g} m2 is out of range (zone_share splits it): {errors}"
        raise unprocessable(detail, body.zone_share, "zone_share") from exc
    _, summary = scenario.to_domain().run()
    return BuildingSimulationOut(
        building_id=building.id,
        building_name=building.name,
        floor_area_m2=building.floor_area_m2,
        zone_area_m2=building.floor_area_m2 * body.zone_share,
        scenario=scenario,
        summary=SummaryOut.of(summary),
    )


@router.post("/simulations/what-if")
def what_if(body: WhatIfRequest) -> WhatIfResponse:
    """Rerun a scenario with changed parameters and report the difference."""
    base_scenario = body.scenario.to_domain()
    _, base = base_scenario.run()
    _, variant = body.changes.to_domain().apply(base_scenario).run()

    def total(summary: SummaryOut, field: str) -> float:
        return sum(getattr(z, field) for z in summary.zones)

    base_out, variant_out = SummaryOut.of(base), SummaryOut.of(variant)
    return WhatIfResponse(
        base=base_out,
        variant=variant_out,
        delta=Delta(
            **{
                f: total(variant_out, f) - total(base_out, f)
                for f in ("heating_kwh", "cooling_kwh", "comfort_hours")
            }
        ),
    )


@router.post("/simulations/chart", response_class=HTMLResponse)
def chart(scenario: ScenarioIn) -> HTMLResponse:
    """Batch run rendered as an HTML page: temperatures, setpoints and HVAC power over time."""
    domain = scenario.to_domain()
    sim, _ = domain.run()
    return HTMLResponse(render_html(sim, [z.name for z in domain.zones], "Thermal simulation"))
