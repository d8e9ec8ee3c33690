"""Training on the IoT service's readings, against a fake IoT service (httpx2.MockTransport)."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from insight import __version__
from insight.core import peers
from insight.domain.models.dataset import HEATING_BALANCE_C
from insight.domain.models.iot_data import NotEnoughDataError, building_days
from insight.main import create_app

PREFIX = "INSIGHT_"
IOT = "http://iot.test"
START = datetime(2025, 3, 3, tzinfo=UTC)  # a Monday


def reading(seq: int, building: str, metric: str, value: float, ts: datetime) -> dict[str, Any]:
    return {
        "seq": seq,
        "device_id": "m-1",
        "building_id": building,
        "metric": metric,
        "value": value,
        "timestamp": ts.isoformat(),
    }


def week_of_readings() -> list[dict[str, Any]]:
    """Hourly energy for a week in two buildings (200 and 400 m2), a temperature each noon."""
    out: list[dict[str, Any]] = []
    for building, area in (("b-1", 200.0), ("b-2", 400.0)):
        for hour in range(7 * 24):
            ts = START + timedelta(hours=hour)
            out.append(reading(len(out) + 1, building, "energy_kwh", area / 1000, ts))
            if ts.hour == 12:
                out.append(reading(len(out) + 1, building, "temperature_c", 10.0, ts))
    return out


class FakeIot:
    def __init__(self) -> None:
        self.buildings = [
            {"id": "b-1", "name": "Office", "floor_area_m2": 200.0},
            {"id": "b-2", "name": "School", "floor_area_m2": 400.0},
        ]
        self.readings = week_of_readings()
        self.requests: list[httpx2.Request] = []
        self.down = False

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if self.down:
            raise httpx2.ConnectError("connection refused", request=request)
        if request.url.path == "/v1/buildings":
            return httpx2.Response(200, json=self.buildings)
        if request.url.path == "/v1/readings":
            after = int(request.url.params.get("after", 0))
            limit = int(request.url.params.get("limit", 1000))
            building = request.url.params.get("building_id")
            rows = [r for r in self.readings if building in (None, r["building_id"])]
            items = [r for r in rows if r["seq"] > after][:limit]
            more = bool(items) and items[-1]["seq"] < rows[-1]["seq"]
            return httpx2.Response(
                200, json={"items": items, "next_after": items[-1]["seq"] if more else None}
            )
        return httpx2.Response(404, json={"detail": "not found"})


@pytest.fixture
def iot(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> FakeIot:
    # After `app`, which clears this service's variables; before `client` starts it.
    fake = FakeIot()
    monkeypatch.setattr(peers, "transport", httpx2.MockTransport(fake))
    monkeypatch.setattr(peers, "PAGE_SIZE", 50)
    monkeypatch.setenv(PREFIX + "IOT_URL", IOT)
    return fake


def test_building_days_from_readings() -> None:
    items = week_of_readings()
    items.append(reading(9999, "elsewhere", "energy_kwh", 5.0, START))  # not a known building
    readings = [peers.Reading(**r) for r in items]
    data = building_days({"b-1": 200.0, "b-2": 400.0}, readings)
    assert data.raw.shape == (14, 4)
    # b-1, Monday: 24 hourly readings of 0.2 kWh; the noon temperature; a weekday.
    assert data.target_kwh[0] == pytest.approx(24 * 0.2)
    assert list(data.raw[0]) == [200.0, 0.0, 10.0, 0.0]
    assert [row[3] for row in data.raw[:7]] == [0.0] * 5 + [1.0] * 2
    assert data.target_kwh[7] == pytest.approx(24 * 0.4)
    assert data.fingerprint == building_days({"b-1": 200.0, "b-2": 400.0}, readings).fingerprint


def test_a_day_without_temperature_takes_the_balance_point() -> None:
    readings = [
        peers.Reading(1, "m", "b", "energy_kwh", 3.0, "2025-03-03T01:00:00+00:00"),
        peers.Reading(2, "m", "b", "energy_kwh", 4.0, "2025-03-04T01:00:00Z"),
    ]
    data = building_days({"b": 50.0}, readings)
    assert list(data.target_kwh) == [3.0, 4.0]
    assert list(data.raw[:, 2]) == [HEATING_BALANCE_C] * 2
    with pytest.raises(NotEnoughDataError, match="1 building-day"):
        building_days({"b": 50.0}, readings[:1])


def test_train_on_iot_readings_names_the_source(iot: FakeIot, client: TestClient) -> None:
    trained = client.post("/v1/models/energy:train", json={"source": "iot"})
    assert trained.status_code == 201, trained.text
    assert trained.json()["source"] == "iot:telemetry"
    versions = client.get("/v1/models/energy").json()["versions"]
    assert [v["source"] for v in versions] == ["synthetic:rows=2000,seed=7", "iot:telemetry"]
    afters = [r.url.params.get("after") for r in iot.requests if r.url.path == "/v1/readings"]
    assert len(afters) == -(-len(iot.readings) // 50), "every page, through next_after"
    agents = {r.headers["user-agent"] for r in iot.requests}
    assert agents == {f"insight/{__version__}"}


def test_train_on_one_building(iot: FakeIot, client: TestClient) -> None:
    one = client.post("/v1/models/energy:train", json={"source": "iot", "building_id": "b-2"})
    assert one.status_code == 201, one.text
    assert one.json()["source"] == "iot:telemetry?building_id=b-2"
    asked = {r.url.params.get("building_id") for r in iot.requests if r.url.path == "/v1/readings"}
    assert asked == {"b-2"}
    unknown = client.post("/v1/models/energy:train", json={"source": "iot", "building_id": "zz"})
    assert unknown.status_code == 404


def test_iot_failures_are_clear_errors(iot: FakeIot, client: TestClient) -> None:
    iot.readings = iot.readings[:3]  # one building-day
    short = client.post("/v1/models/energy:train", json={"source": "iot"})
    # The documented 422 shape (a list of errors): schemathesis found a plain string here.
    assert short.status_code == 422, short.text
    [error] = short.json()["detail"]
    assert error["loc"] == ["body", "source"] and "building-day" in error["msg"]
    iot.down = True
    down = client.post("/v1/models/energy:train", json={"source": "iot"})
    assert down.status_code == 503 and IOT in down.json()["detail"]
    assert len(client.get("/v1/models/energy").json()["versions"]) == 1, "nothing registered"


def test_without_an_iot_url_iot_training_says_what_to_set(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    with TestClient(create_app()) as fresh:
        answer = fresh.post("/v1/models/energy:train", json={"source": "iot"})
    assert answer.status_code == 503 and f"{PREFIX}IOT_URL" in answer.json()["detail"]
