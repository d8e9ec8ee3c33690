"""HTTP adapter for the thermal simulation core (see the ``thermal`` package).

Simulation endpoints are plain ``def``: FastAPI runs them in its thread pool, so a long
batch run never blocks the event loop that answers the health probes.

Batch simulations stay open: they change nothing, answer from the request body alone, and their
cost is bounded by the schema (duration, zones).
No route here changes state, so none needs the admin token (``core.auth``).
"""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from .thermal.chart import render_html
from .thermal.schemas import ScenarioIn, SummaryOut, WhatIfIn

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
