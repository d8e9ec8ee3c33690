from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from telemetry.domain.telemetry import Reading, ReadingStore

T0 = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)
T1 = datetime(2024, 1, 1, 12, 5, tzinfo=UTC)


def test_store_keeps_newest_reading_per_metric() -> None:
    store = ReadingStore()
    assert store.add(Reading("ahu-1", "supply_temp_c", 14.0, T1))
    assert not store.add(Reading("ahu-1", "supply_temp_c", 99.0, T0))  # late arrival
    assert store.add(Reading("ahu-1", "fan_speed_pct", 60.0, T0))
    latest = store.latest("ahu-1")
    assert latest is not None
    assert latest["supply_temp_c"].value == 14.0
    assert latest["fan_speed_pct"].value == 60.0
    assert store.latest("unknown") is None


def test_store_is_bounded() -> None:
    store = ReadingStore(max_devices=1)
    store.add(Reading("a", "m", 1.0, T0))
    with pytest.raises(OverflowError):
        store.add(Reading("b", "m", 1.0, T0))


def test_ingest_then_read_latest(client: TestClient) -> None:
    for value, ts in ((21.5, "2024-01-01T12:00:00Z"), (22.25, "2024-01-01T12:05:00+00:00")):
        reading = {"device_id": "zone-3", "metric": "temp_c", "value": value, "timestamp": ts}
        response = client.post("/v1/readings", json=reading)
        assert response.status_code == 202
        assert response.json()["stored_as_latest"] is True

    response = client.get("/v1/devices/zone-3/latest")
    assert response.status_code == 200
    body = response.json()
    assert body["device_id"] == "zone-3"
    assert body["readings"]["temp_c"]["value"] == 22.25
    assert body["readings"]["temp_c"]["timestamp"].startswith("2024-01-01T12:05:00")


def test_unknown_device_is_404(client: TestClient) -> None:
    assert client.get("/v1/devices/nobody/latest").status_code == 404


def test_latest_route_is_a_template_in_metrics(client: TestClient) -> None:
    client.get("/v1/devices/nobody/latest")
    assert 'route="/v1/devices/{device_id}/latest"' in client.get("/metrics").text


@pytest.mark.parametrize(
    "body",
    [
        {"device_id": "", "metric": "temp_c", "value": 1, "timestamp": "2024-01-01T00:00:00Z"},
        {"device_id": "d 1", "metric": "temp_c", "value": 1, "timestamp": "2024-01-01T00:00:00Z"},
        {"device_id": "d1", "metric": "Temp C", "value": 1, "timestamp": "2024-01-01T00:00:00Z"},
        {"device_id": "d1", "metric": "temp_c", "value": "hot", "timestamp": "2024-01-01T00:00Z"},
        {"device_id": "d1", "metric": "temp_c", "value": 1, "timestamp": "2024-01-01T00:00:00"},
        {"device_id": "d1", "metric": "temp_c", "value": 1},
    ],
)
def test_ingest_rejects_invalid_readings(client: TestClient, body: dict[str, object]) -> None:
    assert client.post("/v1/readings", json=body).status_code == 422
