"""HTTP adapter for the thermal simulation core (see the ``thermal`` package).

Simulation endpoints are plain ``def``: FastAPI runs them in its thread pool, so a long
batch run never blocks the event loop that answers the health probes.

``POST /v1/simulations/building`` simulates a zone of a building registered in the IoT service
(this system has none: point THERMAL_IOT_URL at one), whose floor area scales the
zone's parameters (``thermal/building.py``).

Batch simulations stay open: they change nothing, answer from the request body alone, and their
cost is bounded by the schema (duration, zones).
Real-time runs are state in this process: starting, stepping and deleting one needs the admin
token (``core.auth``); reading one does not.
"""

import threading
import uuid
from collections import OrderedDict
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, WebSocket, WebSocketDisconnect, status
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field, ValidationError

from ..core.auth import ADMIN, is_admin
from ..core.config import ENV_PREFIX
from ..core.errors import problem, unprocessable
from ..core.peers import IotClient, IotSettings, PeerError, UnknownBuildingError
from ..core.values import NOT_A_FLAG, Number
from .thermal.chart import render_html
from .thermal.engine import Simulation
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


# Real-time runs: state lives in this process, so a deployment that steps runs over HTTP
# needs session affinity or one replica; batch endpoints above are stateless.
MAX_RUNS = 64
RunId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
UNKNOWN_RUN = {status.HTTP_404_NOT_FOUND: problem("Unknown run (or one evicted or deleted)")}


class RunStore:
    def __init__(self) -> None:
        self._runs: OrderedDict[str, tuple[Simulation, list[str]]] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, sim: Simulation, names: list[str]) -> str:
        run_id = uuid.uuid4().hex
        with self._lock:
            self._runs[run_id] = (sim, names)
            while len(self._runs) > MAX_RUNS:
                self._runs.popitem(last=False)  # drop the oldest run
        return run_id

    def get(self, run_id: str) -> tuple[Simulation, list[str]]:
        with self._lock:
            if run_id not in self._runs:
                raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown run {run_id}")
            return self._runs[run_id]

    def remove(self, run_id: str) -> None:
        with self._lock:
            if self._runs.pop(run_id, None) is None:
                raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown run {run_id}")


runs = RunStore()


class StepRequest(BaseModel):
    steps: Annotated[int, Field(ge=1, le=2000), NOT_A_FLAG] = 1
    # A live outdoor reading (e.g. from the IoT service) instead of the scenario's weather.
    outdoor_c: Number | None = Field(default=None, ge=-60, le=60, allow_inf_nan=False)


class RunState(BaseModel):
    run_id: str
    steps: int
    time_s: float
    air_c: dict[str, float]
    hvac_w: dict[str, float]
    outdoor_c: float | None
    balance_residual_kwh: float


def _state(run_id: str, sim: Simulation, names: list[str]) -> RunState:
    hvac = sim.trace.hvac_w[-1] if sim.trace.hvac_w else [0.0] * len(names)
    return RunState(
        run_id=run_id,
        steps=sim.steps,
        time_s=sim.time_s,
        air_c={n: float(t) for n, t in zip(names, sim.air_c, strict=True)},
        hvac_w={n: float(q) for n, q in zip(names, hvac, strict=True)},
        outdoor_c=sim.trace.outdoor_c[-1] if sim.trace.outdoor_c else None,
        balance_residual_kwh=sim.balance_residual_j() / 3.6e6,
    )


@router.post("/runs", status_code=status.HTTP_201_CREATED, dependencies=ADMIN)
def start_run(scenario: ScenarioIn) -> RunState:
    """Start a real-time run at t = 0; advance it with ``POST /v1/runs/{run_id}/step``."""
    domain = scenario.to_domain()
    names = [z.name for z in domain.zones]
    sim = domain.simulation()
    run_id = runs.add(sim, names)
    return _state(run_id, sim, names)


@router.post("/runs/{run_id}/step", dependencies=ADMIN, responses=UNKNOWN_RUN)
def step_run(run_id: RunId, body: StepRequest) -> RunState:
    sim, names = runs.get(run_id)
    sim.step(body.steps, body.outdoor_c)
    return _state(run_id, sim, names)


@router.get("/runs/{run_id}", responses=UNKNOWN_RUN)
def get_run(run_id: RunId) -> RunState:
    sim, names = runs.get(run_id)
    return _state(run_id, sim, names)


@router.get(
    "/runs/{run_id}/chart",
    response_class=HTMLResponse,
    responses={**UNKNOWN_RUN, status.HTTP_409_CONFLICT: problem("The run has no steps yet")},
)
def run_chart(run_id: RunId) -> HTMLResponse:
    sim, names = runs.get(run_id)
    if sim.steps == 0:
        raise HTTPException(status.HTTP_409_CONFLICT, "the run has no steps yet")
    return HTMLResponse(render_html(sim, names, f"Run {run_id}"))


@router.delete(
    "/runs/{run_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=ADMIN,
    responses=UNKNOWN_RUN,
)
def delete_run(run_id: RunId) -> None:
    runs.remove(run_id)


@router.websocket("/runs/{run_id}/stream")
async def stream_run(websocket: WebSocket, run_id: str) -> None:
    """Send ``{"steps": n}`` (optionally ``outdoor_c``); receive one state message per step.

    Stepping changes the run: the handshake carries the admin token, as the HTTP routes do."""
    if not is_admin(websocket):
        await websocket.close(code=status.WS_1008_POLICY_VIOLATION, reason="admin token required")
        return
    await websocket.accept()
    try:
        sim, names = runs.get(run_id)
    except HTTPException:
        await websocket.close(code=4404, reason="unknown run")
        return
    try:
        while True:
            try:
                request = StepRequest.model_validate(await websocket.receive_json())
            except (ValidationError, ValueError) as exc:
                await websocket.send_json({"error": str(exc)})
                continue
            for _ in range(request.steps):
                sim.step(1, request.outdoor_c)
                await websocket.send_json(_state(run_id, sim, names).model_dump())
    except WebSocketDisconnect:
        return
