"""The IoT HTTP API end to end against a SQLite file migrated at start-up."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from telemetry.domain.telemetry.settings import TelemetrySettings

PREFIX = TelemetrySettings.model_config["env_prefix"]
READING = {"metric": "temp_c", "value": 21.25, "timestamp": "2024-03-01T12:00:00Z"}


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for field in TelemetrySettings.model_fields:
        monkeypatch.delenv(f"{PREFIX}{field.upper()}", raising=False)
    monkeypatch.setenv(f"{PREFIX}DATABASE_URL", f"sqlite:///{tmp_path}/api.sqlite3")


def provision(client: TestClient, device_id: str) -> str:
    response = client.post("/v1/devices", json={"id": device_id, "name": "Zone sensor"})
    assert response.status_code == 201
    return response.json()["token"]


def test_provision_ingest_and_query(client: TestClient) -> None:
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
    assert client.post("/v1/devices", json={"id": "zone-3", "name": "dup"}).status_code == 409


def test_rejected_requests_are_dead_lettered(client: TestClient) -> None:
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
    provision(client, "quiet")
    assert [d["id"] for d in client.get("/v1/devices/offline").json()] == ["quiet"]
    assert client.get("/v1/devices/nobody").status_code == 404
    assert client.get("/v1/devices/bad id").status_code == 422
