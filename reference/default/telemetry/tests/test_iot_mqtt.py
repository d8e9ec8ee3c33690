"""MQTT ingestion through a real mosquitto broker on loopback (skipped when none is installed)."""

import json
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from fastapi.testclient import TestClient

import iot_live
from telemetry.domain.telemetry.ingest import Ingestor
from telemetry.domain.telemetry.mqtt import MqttSubscriber
from telemetry.domain.telemetry.settings import TelemetrySettings
from telemetry.domain.telemetry.store import TelemetryStore, migrate
from telemetry.main import create_app

PREFIX = TelemetrySettings.model_config["env_prefix"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[int]:
    mosquitto = shutil.which("mosquitto") or (
        "/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None
    )
    if mosquitto is None:
        pytest.skip("SKIPPED: mosquitto is not installed (apt-get install mosquitto)")
    port = free_port()
    config = tmp_path / "mosquitto.conf"
    config.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    process = subprocess.Popen([mosquitto, "-c", str(config)], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_published_reading_is_stored_and_pushed_live(
    broker: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(f"{PREFIX}DATABASE_URL", f"sqlite:///{tmp_path}/mqtt.sqlite3")
    monkeypatch.setenv(f"{PREFIX}MQTT_URL", f"mqtt://127.0.0.1:{broker}")
    app = create_app()
    with iot_live.serve(app) as served:
        client = TestClient(app)  # the served app, its lifespan not run a second time
        hq = {"id": "hq", "name": "Head office", "floor_area_m2": 900}
        assert client.post("/v1/buildings", json=hq).status_code == 201
        device = {"id": "ahu-2", "name": "AHU 2", "building_id": "hq"}
        token = client.post("/v1/devices", json=device).json()["token"]
        subscriber = app.state.mqtt
        assert _wait(lambda: subscriber.client.is_connected())
        feed = iot_live.LiveFeed(served.url, "hq")
        publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
        publisher.connect("127.0.0.1", broker)
        publisher.loop_start()
        reading = {"metric": "supply_temp_c", "value": 14.5, "timestamp": "2024-03-01T12:00:00Z"}
        payload = json.dumps({"token": token, "readings": [reading]})
        publisher.publish("buildings/ahu-2/telemetry", payload, qos=1).wait_for_publish(5)
        publisher.publish("buildings/ahu-2/telemetry", "garbage", qos=1).wait_for_publish(5)
        publisher.loop_stop()
        publisher.disconnect()
        assert _wait(lambda: len(client.get("/v1/dead-letters").json()) == 1)
        assert _wait(lambda: client.get("/v1/devices/ahu-2/latest").json() != {})
        assert client.get("/v1/devices/ahu-2/latest").json()["supply_temp_c"]["value"] == 14.5
        assert client.get("/v1/dead-letters").json()[0]["source"] == "mqtt"
        try:
            pushed = feed.next()
        finally:
            feed.close()
        assert pushed is not None
        assert [pushed[k] for k in ("device_id", "building_id", "value")] == ["ahu-2", "hq", 14.5]


def test_replicas_share_the_subscription_and_store_each_reading_once(
    broker: int, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path}/shared.sqlite3"
    migrate(url)
    store = TelemetryStore(url)
    token = store.provision("meter-9", "Shared meter")
    # Two replicas: distinct client ids, one share group, one database.
    replicas = [
        MqttSubscriber(
            f"mqtt://127.0.0.1:{broker}",
            "buildings",
            Ingestor(TelemetryStore(url)),
            client_id=f"replica-{i}",
            share_group="telemetry",
        )
        for i in range(2)
    ]
    for replica in replicas:
        replica.start()
    try:
        assert _wait(lambda: all(r.subscribed.is_set() for r in replicas))
        publisher = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
        publisher.connect("127.0.0.1", broker)
        publisher.loop_start()
        sent = []
        for i in range(400):
            at = f"2024-03-01T12:{i // 60:02d}:{i % 60:02d}Z"
            reading = {"metric": "power_kw", "value": i, "timestamp": at}
            payload = json.dumps({"token": token, "readings": [reading]})
            sent.append(publisher.publish("buildings/meter-9/telemetry", payload, qos=1))
        for info in sent:
            info.wait_for_publish(10)
        publisher.loop_stop()
        publisher.disconnect()
        assert _wait(lambda: sum(r.acknowledged for r in replicas) == 400)
    finally:
        for replica in replicas:
            replica.stop()
    assert all(r.acknowledged > 0 for r in replicas), [r.acknowledged for r in replicas]
    assert len(store.readings("meter-9", limit=1000)) == 400


def _wait(predicate: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False
