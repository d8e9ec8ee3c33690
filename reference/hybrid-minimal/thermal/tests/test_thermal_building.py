"""A zone of a building registered in the IoT service, against a fake IoT service
(httpx2.MockTransport): the floor area scales the zone's parameters."""

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from thermal import __version__
from thermal.core import peers
from thermal.domain.thermal import building

PREFIX = "THERMAL_"
IOT = "http://iot.test"
BUILDINGS = {
    "small": {"id": "small", "name": "Kiosk", "floor_area_m2": 100.0},
    "large": {"id": "large", "name": "Office", "floor_area_m2": 200.0},
    "speck": {"id": "speck", "name": "Speck", "floor_area_m2": 0.0001},
}
COLD = {"weather": {"mean_c": -5.0}, "duration_h": 48}


class FakeIot:
    def __init__(self) -> None:
        self.requests: list[httpx2.Request] = []
        self.down = False

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        if self.down:
            raise httpx2.ConnectError("connection refused", request=request)
        found = BUILDINGS.get(request.url.path.removeprefix("/v1/buildings/"))
        if found is None:
            return httpx2.Response(404, json={"detail": "unknown building"})
        return httpx2.Response(200, json=found)


@pytest.fixture
def iot(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> FakeIot:
    fake = FakeIot()
    monkeypatch.setattr(peers, "transport", httpx2.MockTransport(fake))
    monkeypatch.setenv(PREFIX + "IOT_URL", IOT)
    return fake


def simulate(client: TestClient, building_id: str, **extra: object) -> httpx2.Response:
    return client.post("/v1/simulations/building", json={"building_id": building_id, **extra})


def test_floor_area_scales_the_zone(iot: FakeIot, client: TestClient) -> None:
    small, large = (simulate(client, b, **COLD) for b in ("small", "large"))
    assert small.status_code == large.status_code == 200, small.text
    s, g = small.json(), large.json()
    assert (g["building_name"], g["floor_area_m2"], g["zone_area_m2"]) == ("Office", 200.0, 200.0)
    zone = g["scenario"]["zones"][0]
    assert zone["ua_w_per_k"] == pytest.approx(200 * building.UA_W_PER_K_PER_M2)
    assert zone["heating_capacity_w"] == pytest.approx(200 * building.HEATING_W_PER_M2)
    # Every parameter is per m2: twice the floor, twice the heat, the same temperatures.
    heat_s, heat_g = s["summary"]["zones"][0], g["summary"]["zones"][0]
    assert heat_s["heating_kwh"] > 0
    assert heat_g["heating_kwh"] == pytest.approx(2 * heat_s["heating_kwh"], rel=1e-9)
    assert heat_g["mean_c"] == pytest.approx(heat_s["mean_c"], abs=1e-9)


def test_a_zone_share_is_that_part_of_the_floor(iot: FakeIot, client: TestClient) -> None:
    half = simulate(client, "large", zone="east", zone_share=0.5).json()
    assert half["zone_area_m2"] == 100.0
    assert half["scenario"]["zones"][0]["name"] == "east"
    assert half["scenario"]["zones"][0]["ua_w_per_k"] == pytest.approx(100.0)


def test_the_building_comes_from_the_iot_service_with_our_name(
    iot: FakeIot, client: TestClient
) -> None:
    simulate(client, "small")
    [request] = iot.requests
    assert (request.url.host, request.url.path) == ("iot.test", "/v1/buildings/small")
    assert request.headers["user-agent"] == f"thermal/{__version__}"


def test_unknown_and_unsimulable_buildings(iot: FakeIot, client: TestClient) -> None:
    unknown = simulate(client, "nowhere")
    assert unknown.status_code == 404 and "nowhere" in unknown.json()["detail"]
    speck = simulate(client, "speck")
    # The documented 422 shape (a list of errors), naming the field the rule is about.
    assert speck.status_code == 422, speck.text
    [error] = speck.json()["detail"]
    assert error["loc"] == ["body", "zone_share"] and "out of range" in error["msg"]
    assert simulate(client, "bad id!").status_code == 422
    assert simulate(client, "small", zone_share=0).status_code == 422


def test_iot_down_is_a_clear_503(iot: FakeIot, client: TestClient) -> None:
    iot.down = True
    down = simulate(client, "small")
    assert down.status_code == 503 and IOT in down.json()["detail"]


def test_without_an_iot_url_it_says_what_to_set(client: TestClient) -> None:
    answer = simulate(client, "small")
    assert answer.status_code == 503 and f"{PREFIX}IOT_URL" in answer.json()["detail"]
