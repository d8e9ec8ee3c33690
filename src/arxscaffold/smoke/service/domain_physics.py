"""Domain probe of a running physics service: one batch simulation checked against its closed form.

Then a zone of a building from the IoT service: the smoke's stand-in (fake_iot) registers one of 1000 m2,
whose parameters must be the per-m2 intensities times that area. Where no IoT service answers (the pod
check, whose stack points at a cluster address), the route must say so with a 503 naming the cause, never
simulate something made up.

A zone held by proportional control settles at T = (K T_sp + UA T_out) / (K + UA). Started there,
it stays there for the whole run in either zone model (the 2R2C mass starts at the same
temperature, so no heat flows to it), and heating is constant: UA (T - T_out) watts.
"""

from __future__ import annotations

import json
import math
import urllib.error
import urllib.request
from typing import Any

from arxscaffold.smoke.service import fake_iot

GAIN_W_PER_K, UA_W_PER_K, SETPOINT_C, OUTDOOR_C, HOURS = 2000.0, 250.0, 20.0, 0.0, 24.0
SETTLED_C = (GAIN_W_PER_K * SETPOINT_C + UA_W_PER_K * OUTDOOR_C) / (GAIN_W_PER_K + UA_W_PER_K)


def post_json(url: str, payload: dict[str, Any], timeout: float = 30.0, token: str = "") -> Any:
    """The answer's JSON; any status but 200 fails with the service's own words."""
    status, body = _send("POST", url, payload, timeout, token)
    assert status == 200, f"POST {url} answered {status}: {body}"
    return body


def _send(
    method: str, url: str, payload: dict[str, Any] | None, timeout: float = 30.0, token: str = ""
) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            return int(response.status), json.loads(body) if body else None
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def _runs(base_url: str, scenario: dict[str, Any], admin_token: str) -> str:
    """Real-time runs are state: starting one needs the admin token, and so does deleting it."""
    with urllib.request.urlopen(f"{base_url}/openapi.json", timeout=30) as response:
        if "/v1/runs" not in json.loads(response.read())["paths"]:
            return ""
    for wrong in ("", "wrong-admin-token"):
        status, _ = _send("POST", f"{base_url}/v1/runs", scenario, token=wrong)
        assert status == 401, f"POST /v1/runs without the admin token answered {status}"
    status, run = _send("POST", f"{base_url}/v1/runs", scenario, token=admin_token)
    assert status == 201, f"POST /v1/runs with the admin token answered {status}: {run}"
    status, _ = _send("DELETE", f"{base_url}/v1/runs/{run['run_id']}", None, token=admin_token)
    assert status == 204, f"DELETE of the run answered {status}"
    return "; POST /v1/runs 401 without the admin token, 201 with it"


def probe(base_url: str, admin_token: str) -> str:
    scenario = {
        "zones": [
            {
                "name": "office",
                "capacitance_j_per_k": 2.0e7,
                "ua_w_per_k": UA_W_PER_K,
                "heating_setpoint_c": SETPOINT_C,
                "heating_capacity_w": 1.0e6,
                "initial_temp_c": SETTLED_C,
            }
        ],
        "weather": {"mean_c": OUTDOOR_C},
        "duration_h": HOURS,
        "control_gain_w_per_k": GAIN_W_PER_K,
    }
    body = post_json(f"{base_url}/v1/simulations", scenario)
    zone = body["zones"][0]
    expected_kwh = UA_W_PER_K * (SETTLED_C - OUTDOOR_C) * HOURS / 1000.0
    assert math.isclose(zone["mean_c"], SETTLED_C, abs_tol=1e-6), f"zone not settled: {zone}"
    assert math.isclose(zone["heating_kwh"], expected_kwh, rel_tol=1e-6), f"heating off: {zone}"
    assert abs(body["balance_residual_kwh"]) < 1e-6, f"energy balance open: {body}"
    alone = _building(base_url)
    return (
        f"POST /v1/simulations ({body['model']}): {zone['mean_c']:.4f} degC, "
        f"{zone['heating_kwh']:.3f} kWh = closed form {expected_kwh:.3f}; {alone}"
    ) + _runs(base_url, scenario, admin_token)


def _building(base_url: str) -> str:
    area = float(fake_iot.BUILDING["floor_area_m2"])
    status, body = _send(
        "POST", f"{base_url}/v1/simulations/building", {"building_id": fake_iot.BUILDING["id"]}
    )
    if status != 200:
        detail = json.loads(body).get("detail", "") if isinstance(body, str) else body
        assert status == 503, f"building simulation without IoT answered {status}: {detail}"
        assert "IOT_URL" in detail or "unreachable" in detail, f"503 without a reason: {detail}"
        return "building simulation without an IoT service: 503, says why"
    zone = body["scenario"]["zones"][0]
    assert body["zone_area_m2"] == area, f"zone area {body['zone_area_m2']} != the building's {area}"
    assert math.isclose(zone["ua_w_per_k"] / area, zone["ua_w_per_k"] / body["floor_area_m2"]), body
    assert body["summary"]["zones"][0]["heating_kwh"] >= 0, body
    return f"building {body['building_id']} ({area:g} m2): UA {zone['ua_w_per_k']:g} W/K"
