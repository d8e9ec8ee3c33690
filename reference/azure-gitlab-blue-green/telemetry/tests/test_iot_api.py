"""The IoT HTTP API end to end against a SQLite file migrated at start-up: buildings, devices,
ingestion, queries, the readings export and the live feed."""

import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import iot_live
from telemetry.domain.telemetry.settings import TelemetrySettings

PREFIX = TelemetrySettings.model_config["env_prefix"]
READING = {"metric": "temp_c", "value": 21.25, "timestamp": "2024-03-01T12:00:00Z"}
HQ = {"id": "hq", "name": "Head office", "floor_area_m2": 1250.0}


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for field in TelemetrySettings.model_fields:
        monkeypatch.delenv(f"{PREFIX}{field.upper()}", raising=False)
    monkeypatch.setenv(f"{PREFIX}DATABASE_URL", f"sqlite:///{tmp_path}/api.sqlite3")


def building(client: Any, building_id: str = "hq", area: float = 1250.0) -> None:
    body = {"id": building_id, "name": f"Building {building_id}", "floor_area_m2": area}
    response = client.post("/v1/buildings", json=body)
    assert response.status_code == 201, response.text


def provision(client: Any, device_id: str, building_id: str = "hq") -> str:
    body = {"id": device_id, "name": "Zone sensor", "building_id": building_id}
    response = client.post("/v1/devices", json=body)
    assert response.status_code == 201, response.text
    assert response.json()["building_id"] == building_id
    return str(response.json()["token"])


def send(client: Any, device_id: str, token: str, *readings: dict[str, object]) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    body = {"readings": list(readings)}
    response = client.post(f"/v1/devices/{device_id}/telemetry", json=body, headers=auth)
    assert response.status_code == 202, response.text


def at(hour: int, minute: int = 0) -> str:
    return f"2024-03-01T{hour:02d}:{minute:02d}:00Z"


def test_buildings_are_created_listed_and_found(client: TestClient) -> None:
    response = client.post("/v1/buildings", json=HQ)
    assert response.status_code == 201
    assert response.json() == HQ
    assert client.post("/v1/buildings", json={**HQ, "name": "again"}).status_code == 409
    annex = {"id": "annex", "name": "Annex", "floor_area_m2": 310.5}
    assert client.post("/v1/buildings", json=annex).status_code == 201
    assert client.get("/v1/buildings").json() == [annex, HQ]  # ordered by id
    assert client.get("/v1/buildings/hq").json() == HQ
    assert client.get("/v1/buildings/nowhere").status_code == 404
    assert client.get("/v1/buildings/bad id").status_code == 422
    for wrong in ({"floor_area_m2": 0}, {"floor_area_m2": 1e7 + 1}, {"name": ""}, {"id": "a b"}):
        assert client.post("/v1/buildings", json={**HQ, "id": "x", **wrong}).status_code == 422


def test_a_device_needs_a_known_building(client: TestClient) -> None:
    assert client.post("/v1/devices", json={"id": "d1", "name": "d1"}).status_code == 422
    response = client.post("/v1/devices", json={"id": "d1", "name": "d1", "building_id": "ghost"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "building_id"]
    assert "ghost" in response.json()["detail"][0]["msg"]
    assert client.get("/v1/devices").json() == []
    building(client)
    provision(client, "d1")
    assert [(d["id"], d["building_id"]) for d in client.get("/v1/devices").json()] == [("d1", "hq")]
    assert client.get("/v1/devices/d1").json()["building_id"] == "hq"


def test_provision_ingest_and_query(client: TestClient) -> None:
    building(client)
    token = provision(client, "zone-3")
    auth = {"Authorization": f"Bearer {token}"}
    later = {**READING, "value": 22.5, "timestamp": "2024-03-01T12:05:00+00:00"}
    response = client.post(
        "/v1/devices/zone-3/telemetry", json={"readings": [READING, later]}, headers=auth
    )
    assert response.status_code == 202
    assert response.json() == {"device_id": "zone-3", "stored": 2}
    latest = client.get("/v1/devices/zone-3/latest").json()
    assert latest["temp_c"]["value"] == 22.5
    assert latest["temp_c"]["timestamp"].startswith("2024-03-01T12:05:00")
    values = [r["value"] for r in client.get("/v1/devices/zone-3/readings?metric=temp_c").json()]
    assert values == [22.5, 21.25]
    device = client.get("/v1/devices/zone-3").json()
    assert device["online"] is True and device["last_seen_at"] is not None
    duplicate = {"id": "zone-3", "name": "dup", "building_id": "hq"}
    assert client.post("/v1/devices", json=duplicate).status_code == 409


def test_rejected_requests_are_dead_lettered(client: TestClient) -> None:
    building(client)
    token = provision(client, "d1")
    good = {"Authorization": f"Bearer {token}"}
    assert client.post("/v1/devices/d1/telemetry", json={"readings": [READING]}).status_code == 401
    bad_token = {"Authorization": "Bearer wrong"}
    assert (
        client.post(
            "/v1/devices/d1/telemetry", json={"readings": [READING]}, headers=bad_token
        ).status_code
        == 401
    )
    invalid = {"readings": [{**READING, "value": "hot"}]}
    response = client.post("/v1/devices/d1/telemetry", json=invalid, headers=good)
    assert response.status_code == 422
    assert "readings.0.value" in response.json()["detail"]
    naive = {"readings": [{**READING, "timestamp": "2024-03-01T12:00:00"}]}
    assert client.post("/v1/devices/d1/telemetry", json=naive, headers=good).status_code == 422
    letters = client.get("/v1/dead-letters").json()
    assert [d["source"] for d in letters] == ["http", "http", "http"]
    assert letters[2]["reason"] == "unknown device or wrong token"
    assert '"hot"' in letters[1]["payload"]
    assert client.get("/v1/devices/d1/readings").json() == []


def test_offline_lists_devices_that_never_reported(client: TestClient) -> None:
    building(client)
    provision(client, "quiet")
    assert [d["id"] for d in client.get("/v1/devices/offline").json()] == ["quiet"]
    assert client.get("/v1/devices/nobody").status_code == 404
    assert client.get("/v1/devices/bad id").status_code == 422


def test_latest_per_device_and_metric_of_a_building(client: TestClient) -> None:
    building(client)
    building(client, "annex")
    a, b, other = provision(client, "a"), provision(client, "b"), provision(client, "o", "annex")
    send(client, "a", a, {"metric": "energy_kwh", "value": 4.0, "timestamp": at(10)})
    send(client, "a", a, {"metric": "energy_kwh", "value": 5.5, "timestamp": at(11)})
    # Arrives last but is older: the newer reading stays the latest.
    send(client, "a", a, {"metric": "energy_kwh", "value": 1.0, "timestamp": at(9)})
    send(client, "a", a, {"metric": "temperature_c", "value": 20.5, "timestamp": at(10)})
    send(client, "b", b, {"metric": "energy_kwh", "value": 2.0, "timestamp": at(11)})
    send(client, "o", other, {"metric": "energy_kwh", "value": 99.0, "timestamp": at(12)})
    latest = client.get("/v1/buildings/hq/readings/latest").json()
    assert [(r["device_id"], r["metric"], r["value"]) for r in latest] == [
        ("a", "energy_kwh", 5.5),
        ("a", "temperature_c", 20.5),
        ("b", "energy_kwh", 2.0),
    ]
    assert latest[0]["timestamp"].startswith("2024-03-01T11:00:00")
    building(client, "empty")
    assert client.get("/v1/buildings/empty/readings/latest").json() == []
    assert client.get("/v1/buildings/ghost/readings/latest").status_code == 404


def test_export_pages_by_seq_while_readings_keep_arriving(client: TestClient) -> None:
    building(client)
    token = provision(client, "m")
    sent = [{"metric": "energy_kwh", "value": float(h), "timestamp": at(h)} for h in range(5)]
    send(client, "m", token, *sent)
    first = client.get("/v1/readings?limit=2").json()
    assert len(first["items"]) == 2 and first["next_after"] == first["items"][-1]["seq"]
    # Readings stored between pages land after the cursor: nothing is skipped or repeated.
    more = [{"metric": "energy_kwh", "value": float(h), "timestamp": at(h)} for h in range(5, 8)]
    send(client, "m", token, *more)
    items, after = list(first["items"]), first["next_after"]
    while after is not None:
        page = client.get(f"/v1/readings?limit=2&after={after}").json()
        items += page["items"]
        after = page["next_after"]
    seqs = [r["seq"] for r in items]
    assert seqs == sorted(set(seqs))
    assert [r["value"] for r in items] == [float(h) for h in range(8)]
    assert items[0] == {
        "seq": seqs[0],
        "device_id": "m",
        "building_id": "hq",
        "metric": "energy_kwh",
        "value": 0.0,
        "timestamp": items[0]["timestamp"],
    }
    assert items[0]["timestamp"].startswith("2024-03-01T00:00:00")
    # A page exactly full says so; the next one is empty and ends the walk.
    assert client.get(f"/v1/readings?after={seqs[-1]}").json() == {"items": [], "next_after": None}


def test_export_filters_by_building_metric_and_time(client: TestClient) -> None:
    building(client)
    building(client, "annex")
    hq, annex = provision(client, "h"), provision(client, "n", "annex")
    hourly = [{"metric": "energy_kwh", "value": h, "timestamp": at(h)} for h in range(6)]
    send(client, "h", hq, *hourly)
    send(client, "h", hq, {"metric": "temperature_c", "value": 21.0, "timestamp": at(2)})
    send(client, "n", annex, {"metric": "energy_kwh", "value": 50.0, "timestamp": at(2)})

    def values(query: str) -> list[float]:
        response = client.get(f"/v1/readings?{query}")
        assert response.status_code == 200, response.text
        return [r["value"] for r in response.json()["items"]]

    assert values("building_id=hq&metric=energy_kwh") == [0, 1, 2, 3, 4, 5]
    assert values("building_id=annex") == [50.0]
    assert values("metric=temperature_c") == [21.0]
    assert values("building_id=ghost") == []
    # since inclusive, until exclusive; an offset names an instant (03:00+01:00 is 02:00Z).
    since, until = "2024-03-01T03:00:00%2B01:00", "2024-03-01T04:00:00Z"
    assert values(f"building_id=hq&metric=energy_kwh&since={since}&until={until}") == [2, 3]
    assert values(f"building_id=hq&since={until}&until={since}") == []
    for wrong in ("limit=0", "limit=5001", "after=-1", "since=2024-03-01T00:00:00", "metric=Bad"):
        assert client.get(f"/v1/readings?{wrong}").status_code == 422, wrong
    assert client.get("/v1/readings?limit=5000").status_code == 200


def test_live_feed_pushes_readings_stored_after_connecting(app: FastAPI) -> None:
    # The test client calls the served app without running its lifespan a second time.
    with iot_live.serve(app) as served:
        client = TestClient(app)
        building(client)
        building(client, "annex")
        token, other = provision(client, "live-1"), provision(client, "o", "annex")
        send(client, "live-1", token, {"metric": "energy_kwh", "value": 1.0, "timestamp": at(8)})
        feed = iot_live.LiveFeed(served.url, "hq")
        try:
            # Another building's reading is not pushed; only what came after connecting is.
            send(client, "o", other, {"metric": "energy_kwh", "value": 7.0, "timestamp": at(9)})
            reading = {"metric": "energy_kwh", "value": 2.5, "timestamp": at(9)}
            send(client, "live-1", token, reading)
            pushed = feed.next()
            assert pushed is not None
            assert {k: pushed[k] for k in ("device_id", "building_id", "metric", "value")} == {
                "device_id": "live-1",
                "building_id": "hq",
                "metric": "energy_kwh",
                "value": 2.5,
            }
            exported = client.get("/v1/readings?building_id=hq").json()["items"]
            assert pushed == exported[-1]
        finally:
            feed.close()
        # The client is gone: its handler ended, so the server stops without waiting for it.
        assert served.stop(timeout=10)


def test_live_feed_ends_when_the_service_stops(app: FastAPI) -> None:
    with iot_live.serve(app) as served:
        client = TestClient(app)
        building(client)
        feed = iot_live.LiveFeed(served.url, "hq")
        try:
            stopper = threading.Thread(target=served.stop)
            stopper.start()
            assert feed.next(timeout=10) is None  # the server ended the feed
            stopper.join(10)
            assert not served.thread.is_alive()
        finally:
            feed.close()


def test_live_feed_of_an_unknown_building(app: FastAPI) -> None:
    with iot_live.serve(app) as served:
        feed = iot_live.LiveFeed(served.url, "ghost")
        assert feed.status == 404
        feed.close()
