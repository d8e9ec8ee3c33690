"""Domain smoke request for an ai-service: the production model answers with physically sane numbers, and
the registry's writes (train, promote, rollback) refuse a caller without the admin token.

Run alone (no IoT service), the bootstrap model is trained on the generated dataset, and its version's
lineage says so.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

# 1000 m2, 50 people, 5.5 degC on a weekday: the generator's noise-free truth is 315 kWh/day.
OFFICE_DAY = {"floor_area_m2": 1000, "occupancy": 50, "outdoor_temp_c": 5.5}
OFFICE_DAY_KWH = 315.0


def _call(url: str, body: object | None = None, token: str = "") -> tuple[int, object]:
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def probe(base_url: str, admin_token: str) -> str:
    for write in ("energy:train", "energy:rollback", "energy/versions/1:promote"):
        for wrong in ("", "wrong-admin-token"):
            status, _ = _call(f"{base_url}/v1/models/{write}", {}, wrong)
            assert status == 401, f"POST /v1/models/{write} without the admin token answered {status}"
    # With the token the write is let through (no earlier version: 409, not 401).
    status, answer = _call(f"{base_url}/v1/models/energy:rollback", {}, admin_token)
    assert status == 409, f"rollback with the admin token answered {status}: {answer}"
    status, model = _call(f"{base_url}/v1/models/energy")
    assert status == 200, f"GET /v1/models/energy answered {status}: {model}"
    assert isinstance(model, dict) and model["production"] is not None, f"no production model: {model}"
    production = next(v for v in model["versions"] if v["version"] == model["production"])
    assert production["metrics"]["r2"] > 0.9, f"production model r2 too low: {production['metrics']}"
    source = str(production.get("source", ""))
    assert source.startswith("synthetic:"), f"bootstrap lineage is not the generated dataset: {source!r}"
    status, openapi = _call(f"{base_url}/openapi.json")
    if status == 200 and isinstance(openapi, dict) and "/v1/models/{name}:predict" in openapi["paths"]:
        status, answer = _call(f"{base_url}/v1/models/energy:predict", {"rows": [OFFICE_DAY]})
        assert status == 200, f"predict answered {status}: {answer}"
        assert isinstance(answer, dict)
        (kwh,) = answer["predictions_kwh"]
        error = abs(kwh - OFFICE_DAY_KWH) / OFFICE_DAY_KWH
        assert error < 0.1, f"predicted {kwh} kWh, truth {OFFICE_DAY_KWH}"
        return f"energy v{answer['version']} predicted {kwh:.1f} kWh (truth {OFFICE_DAY_KWH})"
    r2 = production["metrics"]["r2"]
    return f"energy v{model['production']} in production, r2 {r2:.3f} (batch serving)"
