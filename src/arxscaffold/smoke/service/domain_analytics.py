"""Domain smoke request for an analytics-service: KPIs of its built-in sample are consistent; stream
readings (where the service has them) refuse a caller without the admin token.

The service runs alone here (no IoT service to read), so the smoke asks for its generated sample
with the documented development switch; without it the service is not ready, by design.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

SAMPLE_HOURS = 14 * 24  # the generated sample fortnight
SAMPLE_AREAS = {"hq": 2500.0, "depot": 800.0}


def _stream(base_url: str, admin_token: str) -> str:
    with urllib.request.urlopen(f"{base_url}/openapi.json", timeout=30) as response:
        if "/v1/stream/readings" not in json.loads(response.read())["paths"]:
            return ""
    statuses = []
    for token in ("", "wrong-admin-token", admin_token):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        body = json.dumps({"building_id": "hq", "energy_kwh": 12.5}).encode()
        request = urllib.request.Request(f"{base_url}/v1/stream/readings", data=body, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
    assert statuses == [401, 401, 200], (
        f"stream readings without, with a wrong and with the token: {statuses}"
    )
    return "; POST /v1/stream/readings 401 without the admin token, 200 with it"


def serve_settings(package: str) -> dict[str, str]:
    """Settings the smoke serves it with: the sample, explicitly (it never falls back to it)."""
    return {f"{package.upper()}_SAMPLE_DATA": "true"}


def probe(base_url: str, admin_token: str) -> str:
    with urllib.request.urlopen(f"{base_url}/readyz", timeout=30) as response:
        source = json.loads(response.read()).get("detail", {}).get("data", "")
    assert "SAMPLE_DATA" in source, f"/readyz does not name the sample as its data: {source!r}"
    with urllib.request.urlopen(f"{base_url}/v1/kpis", timeout=30) as response:
        assert response.status == 200, f"/v1/kpis answered {response.status}"
        kpis = {k["building_id"]: k for k in json.loads(response.read())}
    assert set(kpis) == set(SAMPLE_AREAS), f"unexpected buildings: {sorted(kpis)}"
    for building, area in SAMPLE_AREAS.items():
        k = kpis[building]
        assert k["hours"] == SAMPLE_HOURS, f"{building}: {k['hours']} hours"
        assert abs(k["eui_kwh_per_m2"] - k["total_kwh"] / area) < 1e-9, f"{building}: EUI {k}"
        assert 0 < k["load_factor"] < 1 and k["peak_demand_kw"] > k["mean_demand_kw"] > 0, k
    hq = kpis["hq"]
    eui, peak = hq["eui_kwh_per_m2"], hq["peak_demand_kw"]
    return f"hq: {hq['total_kwh']:.0f} kWh, EUI {eui:.2f} kWh/m2, peak {peak:.1f} kW" + _stream(
        base_url, admin_token
    )
