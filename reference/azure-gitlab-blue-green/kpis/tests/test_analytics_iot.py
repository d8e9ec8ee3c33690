"""KPIs from the IoT service's contract, against a fake IoT service (httpx2.MockTransport).

The fake serves the contract's shapes: ``GET /v1/buildings`` and the paged readings export
``GET /v1/readings?after=&limit=`` -> ``{"items": [...], "next_after": int | null}``.
"""

from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from kpis import __version__
from kpis.core import peers
from kpis.core.config import ENV_PREFIX
from kpis.domain import analytics_routes
from kpis.main import create_app

IOT = "http://iot.test"


class FakeIot:
    """Buildings and readings as the IoT service answers them; records every request."""

    def __init__(self) -> None:
        self.buildings = [
            {"id": "b-1", "name": "Head office", "floor_area_m2": 200.0},
            {"id": "b-2", "name": "Depot", "floor_area_m2": 50.0},
            {"id": "b-3", "name": "Empty", "floor_area_m2": 10.0},
        ]
        self.readings: list[dict[str, Any]] = []
        self.requests: list[httpx2.Request] = []
        self.down = False
        self.status = 200

    def add(self, building: str, metric: str, value: float, hour: int, device: str = "m-1") -> None:
        self.readings.append(
            {
                "seq": len(self.readings) + 1,
                "device_id": device,
                "building_id": building,
                "metric": metric,
                "value": value,
                "timestamp": f"2025-03-03T{hour:02d}:00:00+00:00",
            }
        )

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if self.down:
            raise httpx2.ConnectError("connection refused", request=request)
        if self.status != 200:
            return httpx2.Response(self.status, json={"detail": "broken"})
        if request.url.path == "/v1/buildings":
            return httpx2.Response(200, json=self.buildings)
        if request.url.path == "/v1/readings":
            after = int(request.url.params.get("after", 0))
            limit = int(request.url.params.get("limit", 1000))
            items = [r for r in self.readings if r["seq"] > after][:limit]
            more = items and items[-1]["seq"] < self.readings[-1]["seq"]
            return httpx2.Response(
                200, json={"items": items, "next_after": items[-1]["seq"] if more else None}
            )
        return httpx2.Response(404, json={"detail": "not found"})


@pytest.fixture
def iot(monkeypatch: pytest.MonkeyPatch) -> FakeIot:
    fake = FakeIot()
    monkeypatch.setattr(peers, "transport", httpx2.MockTransport(fake))
    # Small pages, so a handful of readings already crosses page boundaries.
    monkeypatch.setattr(peers, "PAGE_SIZE", 2)
    return fake


@pytest.fixture
def iot_client(app: FastAPI, iot: FakeIot, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv(f"{ENV_PREFIX}SAMPLE_DATA")
    monkeypatch.setenv(f"{ENV_PREFIX}IOT_URL", IOT)
    monkeypatch.setenv(f"{ENV_PREFIX}IOT_MAX_AGE_SECONDS", "0.001")
    with TestClient(create_app()) as client:
        yield client


def test_kpis_are_exact_sums_and_eui_over_pages(iot: FakeIot, iot_client: TestClient) -> None:
    for hour, kwh in enumerate([1.5, 2.25, 0.5]):
        iot.add("b-1", "energy_kwh", kwh, hour, device="m-1")
        iot.add("b-1", "temperature_c", 21.0, hour, device="t-1")
    iot.add("b-1", "energy_kwh", 4.0, 0, device="m-2")  # a second meter, same hour: adds up
    iot.add("b-2", "energy_kwh", 10.0, 5)
    response = iot_client.get("/v1/kpis")
    assert response.status_code == 200, response.text
    kpis = {k["building_id"]: k for k in response.json()}
    assert set(kpis) == {"b-1", "b-2", "b-3"}, "one entry per IoT building, readings or not"
    assert kpis["b-1"]["total_kwh"] == 8.25
    assert kpis["b-1"]["eui_kwh_per_m2"] == 8.25 / 200.0
    assert kpis["b-1"]["hours"] == 3
    assert (kpis["b-2"]["total_kwh"], kpis["b-2"]["eui_kwh_per_m2"]) == (10.0, 0.2)
    assert (kpis["b-3"]["total_kwh"], kpis["b-3"]["eui_kwh_per_m2"]) == (0.0, 0.0)
    afters = [r.url.params.get("after") for r in iot.requests if r.url.path == "/v1/readings"]
    assert afters == [None, "2", "4", "6"], "walks every page through next_after"


def test_a_new_reading_shows_and_only_new_pages_are_fetched(
    iot: FakeIot, iot_client: TestClient
) -> None:
    iot.add("b-2", "energy_kwh", 1.0, 0)
    first = {k["building_id"]: k["total_kwh"] for k in iot_client.get("/v1/kpis").json()}
    assert first["b-2"] == 1.0
    iot.requests.clear()
    iot.add("b-2", "energy_kwh", 2.0, 1)
    kpis = {k["building_id"]: k["total_kwh"] for k in iot_client.get("/v1/kpis").json()}
    assert kpis["b-2"] == 3.0
    afters = [r.url.params.get("after") for r in iot.requests if r.url.path == "/v1/readings"]
    assert afters == ["1"], "asks only for readings after the last seq it holds"


def test_every_call_names_the_caller(iot: FakeIot, iot_client: TestClient) -> None:
    iot_client.get("/v1/kpis")
    assert iot.requests
    assert {r.headers["user-agent"] for r in iot.requests} == {f"kpis/{__version__}"}


def test_rolling_anomalies_and_report_read_the_same_source(
    iot: FakeIot, iot_client: TestClient
) -> None:
    for hour in range(4):
        iot.add("b-1", "energy_kwh", float(hour + 1), hour)
    series = iot_client.get("/v1/buildings/b-1/rolling", params={"window": 3}).json()
    assert [p["energy_kwh"] for p in series] == [1.0, 2.0, 3.0, 4.0]
    assert series[-1]["rolling_mean_kwh"] == 3.0
    assert iot_client.get("/v1/buildings/hq/rolling").status_code == 404, "no sample buildings"
    assert iot_client.get("/v1/anomalies").status_code == 200
    page = iot_client.get("/v1/report").text
    assert (page.count("<svg"), page.count("No readings.")) == (1, 2), "b-1 charted only"


@pytest.mark.parametrize(("broken", "code"), [("down", 503), ("status", 502)])
def test_iot_failure_is_a_clear_error_not_sample_data(
    iot: FakeIot, iot_client: TestClient, broken: str, code: int
) -> None:
    if broken == "down":
        iot.down = True
    else:
        iot.status = 500
    response = iot_client.get("/v1/kpis")
    assert response.status_code == code
    assert IOT in response.json()["detail"]
    assert iot_client.get("/v1/report").status_code == code


def test_readyz_names_the_source(iot_client: TestClient) -> None:
    detail = iot_client.get("/readyz").json()["detail"]
    assert IOT in detail["data"]


def test_without_any_source_it_is_not_ready_and_says_why(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(f"{ENV_PREFIX}SAMPLE_DATA")
    with TestClient(create_app()) as client:
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert f"{ENV_PREFIX}IOT_URL" in ready.json()["detail"]["data"]
        kpis = client.get("/v1/kpis")
        assert kpis.status_code == 503
        assert f"{ENV_PREFIX}SAMPLE_DATA" in kpis.json()["detail"]


def test_the_system_topology_is_rendered_in() -> None:
    # The IoT component of this system (the first in decisions order), or None without one.
    assert analytics_routes.IOT_COMPONENT == "telemetry"
