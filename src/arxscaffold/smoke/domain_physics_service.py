"""Domain probe of a running physics service: one batch simulation checked against its closed form.

Run alone, the service has no IoT service to fetch buildings from: its building simulation must say so
with a 503 that names the setting (or the unreachable address), never simulate something made up.

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

GAIN_W_PER_K, UA_W_PER_K, SETPOINT_C, OUTDOOR_C, HOURS = 2000.0, 250.0, 20.0, 0.0, 24.0
SETTLED_C = (GAIN_W_PER_K * SETPOINT_C + UA_W_PER_K * OUTDOOR_C) / (GAIN_W_PER_K + UA_W_PER_K)


def post_json(url: str, payload: dict[str, Any], timeout: float = 30.0) -> Any:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def probe(base_url: str) -> str:
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
    alone = _building_without_iot(base_url)
    return (
        f"POST /v1/simulations ({body['model']}): {zone['mean_c']:.4f} degC, "
        f"{zone['heating_kwh']:.3f} kWh = closed form {expected_kwh:.3f}; {alone}"
    )


def _building_without_iot(base_url: str) -> str:
    try:
        post_json(f"{base_url}/v1/simulations/building", {"building_id": "smoke-b1"})
    except urllib.error.HTTPError as exc:
        detail = json.loads(exc.read()).get("detail", "")
        assert exc.code == 503, f"building simulation without IoT answered {exc.code}: {detail}"
        assert "IOT_URL" in detail or "unreachable" in detail, f"503 without a reason: {detail}"
        return "building simulation without IoT: 503, says why"
    raise AssertionError("a building simulation succeeded with no IoT service running")
