"""The simulation API end to end: numbers, not just status codes."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from thermal.domain.thermal.sweep import SweepSpec, run_case

SETTLED_C = 2000.0 * 20.0 / 2250.0  # proportional control: (K T_sp + UA T_out) / (K + UA)
HEATED_ZONE = {
    "name": "office",
    "capacitance_j_per_k": 2.0e7,
    "ua_w_per_k": 250,
    "heating_setpoint_c": 20,
    "heating_capacity_w": 1e6,
    "initial_temp_c": SETTLED_C,
}
SCENARIO = {"zones": [HEATED_ZONE], "weather": {"mean_c": 0}, "duration_h": 24}


def test_batch_run_holds_the_settled_state(client: TestClient) -> None:
    response = client.post("/v1/simulations", json=SCENARIO)
    assert response.status_code == 200
    body = response.json()
    assert body["model"] == "2r2c"
    assert body["steps"] == 288
    zone = body["zones"][0]
    assert zone["min_c"] == pytest.approx(SETTLED_C, abs=1e-9)
    assert zone["max_c"] == pytest.approx(SETTLED_C, abs=1e-9)
    assert zone["heating_kwh"] == pytest.approx(250 * SETTLED_C * 24 / 1000, rel=1e-9)
    assert zone["comfort_hours"] == 0.0  # 17.8 degC is below 20 - 0.5
    assert body["balance_residual_kwh"] == pytest.approx(0.0, abs=1e-6)


def test_what_if_reports_the_saving(client: TestClient) -> None:
    response = client.post(
        "/v1/simulations/what-if",
        json={"scenario": SCENARIO, "changes": {"heating_setpoint_offset_k": -2}},
    )
    assert response.status_code == 200
    body = response.json()
    base = body["base"]["zones"][0]["heating_kwh"]
    variant = body["variant"]["zones"][0]["heating_kwh"]
    assert body["delta"]["heating_kwh"] == pytest.approx(variant - base)
    # Settled heating power is K UA (T_sp - T_out) / (K + UA): linear in the setpoint.
    # Starting above the new settled state, the variant heats less than 18/20 of the base.
    assert variant < base * 18 / 20


def test_chart_draws_every_zone_and_setpoint(client: TestClient) -> None:
    scenario = {**SCENARIO, "zones": [HEATED_ZONE, {**HEATED_ZONE, "name": "lab"}]}
    response = client.post("/v1/simulations/chart", json=scenario)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    zones = re.findall(r'<polyline[^>]* points="([^"]+)" class="zone" data-zone="([^"]+)"', html)
    assert [name for _, name in zones] == ["office", "lab"]
    assert all(len(points.split()) == 289 for points, _ in zones)  # t = 0 and every step
    assert html.count('class="setpoint"') == 4
    assert html.count('class="hvac"') == 2


@pytest.mark.parametrize(
    "scenario",
    [
        {"zones": []},
        {"zones": [{**HEATED_ZONE, "ua_w_per_k": 0}]},
        {"zones": [{**HEATED_ZONE, "heating_setpoint_c": 27, "cooling_setpoint_c": 22}]},
        {"zones": [HEATED_ZONE, HEATED_ZONE]},
        {"zones": [HEATED_ZONE], "duration_h": 8000, "step_s": 60},
        {
            "zones": [HEATED_ZONE],
            "couplings": [{"zone_a": "office", "zone_b": "x", "conductance_w_per_k": 1}],
        },
        # Found by schemathesis as 500s: values the old schema allowed but no building has
        # (a singular state matrix), and a run shorter than one step (a chart with no points).
        {"zones": [{**HEATED_ZONE, "ua_w_per_k": 5e-324, "capacitance_j_per_k": 5e-324}]},
        {"zones": [HEATED_ZONE], "duration_h": 5e-324},
    ],
)
def test_invalid_scenarios_are_422(client: TestClient, scenario: dict[str, object]) -> None:
    for route in ("/v1/simulations", "/v1/simulations/chart"):
        assert client.post(route, json=scenario).status_code == 422, route


def test_a_what_if_that_removes_the_envelope_is_422(client: TestClient) -> None:
    body = {"scenario": SCENARIO, "changes": {"ua_scale": 5e-324}}
    assert client.post("/v1/simulations/what-if", json=body).status_code == 422


SPEC = {"scenario": SCENARIO, "grid": {"ua_scale": [1.0, 0.5], "outdoor_offset_k": [0, -5, 5]}}


def test_sweep_cases_cover_the_grid_in_a_stable_order() -> None:
    spec = SweepSpec.model_validate(SPEC)
    assert spec.case_count == 6
    assert spec.case(0) == {"outdoor_offset_k": 0, "ua_scale": 1.0}
    assert spec.case(1) == {"outdoor_offset_k": 0, "ua_scale": 0.5}
    assert spec.case(5) == {"outdoor_offset_k": 5, "ua_scale": 0.5}
    with pytest.raises(IndexError):
        spec.case(6)
    result = run_case(spec, 0)
    heating = result["summary"]["zones"][0]["heating_kwh"]
    assert heating == pytest.approx(250 * SETTLED_C * 24 / 1000, rel=1e-9)


def test_sweep_cli_runs_the_job_completion_index(tmp_path: Path) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(SPEC))
    env = {**os.environ, "JOB_COMPLETION_INDEX": "4"}
    module = "thermal.domain.thermal.sweep"
    cmd = [sys.executable, "-m", module, str(spec), "--out", str(tmp_path / "out")]
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    written = json.loads((tmp_path / "out" / "case-0004.json").read_text())
    assert written["changes"] == {"outdoor_offset_k": 5, "ua_scale": 1.0}
    # 5 degC warmer outside: less heating than the settled base.
    assert written["summary"]["zones"][0]["heating_kwh"] < 250 * SETTLED_C * 24 / 1000


def test_real_time_run_steps_along_the_analytic_curve(client: TestClient) -> None:
    zone = {"name": "z", "capacitance_j_per_k": 2.0e7, "ua_w_per_k": 250, "initial_temp_c": 10}
    zone |= {"mass_capacitance_j_per_k": 1.0, "air_mass_conductance_w_per_k": 1.0e4}
    started = client.post("/v1/runs", json={"zones": [zone], "weather": {"mean_c": 0}})
    assert started.status_code == 201
    run_id = started.json()["run_id"]
    state = client.post(f"/v1/runs/{run_id}/step", json={"steps": 12}).json()
    assert state["time_s"] == 3600
    # Free-floating from 10 degC towards 0: T = 10 exp(-3600 * 250 / 2e7).
    assert state["air_c"]["z"] == pytest.approx(10 * 2.718281828459045 ** (-0.045), abs=1e-6)
    # A live outdoor reading overrides the weather for this step.
    state = client.post(f"/v1/runs/{run_id}/step", json={"outdoor_c": 30}).json()
    assert state["outdoor_c"] == 30
    assert client.get(f"/v1/runs/{run_id}").json()["steps"] == 13
    chart = client.get(f"/v1/runs/{run_id}/chart")
    assert chart.status_code == 200
    assert 'data-zone="z"' in chart.text
    assert client.delete(f"/v1/runs/{run_id}").status_code == 204
    assert client.get(f"/v1/runs/{run_id}").status_code == 404
    assert client.get("/v1/runs/not-an-id").status_code == 422


def test_stream_sends_one_state_per_step(client: TestClient) -> None:
    run_id = client.post("/v1/runs", json=SCENARIO).json()["run_id"]
    with client.websocket_connect(f"/v1/runs/{run_id}/stream") as ws:
        ws.send_json({"steps": 3})
        states = [ws.receive_json() for _ in range(3)]
        assert [s["steps"] for s in states] == [1, 2, 3]
        assert states[-1]["air_c"]["office"] == pytest.approx(SETTLED_C, abs=1e-9)
        ws.send_json({"steps": 0})
        assert "error" in ws.receive_json()
