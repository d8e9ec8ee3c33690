"""At-least-once MQTT ingestion under faults: a real mosquitto configured with this service's
``broker/mosquitto.conf``, the service as a real process, SQLite counted directly.

Every test publishes QoS-1 readings that the broker acknowledged, injects a fault, and then
asserts that every one of them is stored exactly once (the readings' unique index makes a
duplicate impossible, so the count proves completeness).
"""

import contextlib
import getpass
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

from telemetry.domain.telemetry.settings import TelemetrySettings
from telemetry.domain.telemetry.store import TelemetryStore, migrate

PREFIX = TelemetrySettings.model_config["env_prefix"]
BROKER_CONFIG = Path(__file__).parents[1] / "broker" / "mosquitto.conf"
T0 = datetime(2024, 3, 1, tzinfo=UTC)
DEVICE = "meter-1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait(predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class Broker:
    """mosquitto with the service's settings, on one loopback port across restarts."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        if not Path(binary).exists():
            pytest.skip("SKIPPED: mosquitto is not installed (apt-get install mosquitto)")
        self.binary, self.port = binary, free_port()
        data = workdir / "broker-data"
        data.mkdir()
        settings = [
            line
            for line in BROKER_CONFIG.read_text().splitlines()
            if line.strip() and not line.startswith(("#", "persistence_location"))
        ]
        self.config = workdir / "mosquitto.conf"
        self.config.write_text(
            "\n".join(
                [
                    *settings,
                    f"persistence_location {data}/",
                    # As root, mosquitto would switch to its own user, which cannot write here.
                    f"user {getpass.getuser()}",
                    f"listener {self.port} 127.0.0.1",
                    "allow_anonymous true",
                ]
            )
            + "\n"
        )
        self.log = workdir / "mosquitto.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [self.binary, "-c", str(self.config)], stdout=log, stderr=subprocess.STDOUT
            )
        wait(lambda: listening(self.port), 10, "mosquitto to listen")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: mosquitto saves its persistence file
            self.process.wait(timeout=10)


class Service:
    """The service as `make run` starts it: `python -m telemetry`."""

    def __init__(self, workdir: Path, broker: Broker) -> None:
        self.database = workdir / "faults.sqlite3"
        self.url = f"sqlite:///{self.database}"
        self.port = free_port()
        self.log = workdir / "service.log"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(PREFIX)},
            f"{PREFIX}DATABASE_URL": self.url,
            f"{PREFIX}MQTT_URL": f"mqtt://127.0.0.1:{broker.port}",
            f"{PREFIX}MQTT_CLIENT_ID": "fault-test-replica-0",
            f"{PREFIX}HOST": "127.0.0.1",
            f"{PREFIX}PORT": str(self.port),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "telemetry"],
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait(lambda: self.ready() == 200, 30, "the service to be ready")

    def ready(self) -> int:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2) as r:
                return int(r.status)
        except OSError as exc:
            return int(getattr(exc, "code", 0))

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def stored(self) -> tuple[int, int]:
        """(rows, distinct readings) of the test device, read beside the running service."""
        with contextlib.closing(sqlite3.connect(self.database, timeout=10)) as db:
            row = db.execute(
                "SELECT COUNT(*), COUNT(DISTINCT metric || ts) FROM readings WHERE device_id = ?",
                (DEVICE,),
            ).fetchone()
        return int(row[0]), int(row[1])

    def has(self, number: int) -> bool:
        with contextlib.closing(sqlite3.connect(self.database, timeout=10)) as db:
            query = "SELECT COUNT(*) FROM readings WHERE device_id = ? AND value = ?"
            return bool(db.execute(query, (DEVICE, number)).fetchone()[0])


@pytest.fixture
def system(tmp_path: Path) -> Iterator[tuple[Broker, Service, str]]:
    broker = Broker(tmp_path)
    service = Service(tmp_path, broker)
    migrate(service.url)
    store = TelemetryStore(service.url)
    token = store.provision(DEVICE, "fault-test meter")
    store.engine.dispose()
    broker.start()
    try:
        service.start()
        yield broker, service, token
    finally:
        service.stop()
        broker.stop()
        for log in (service.log, broker.log):
            print(f"--- {log.name}\n{log.read_text()[-3000:]}")


def message(token: str, i: int) -> str:
    at = T0 + timedelta(seconds=i)
    reading = {"metric": "power_kw", "value": i, "timestamp": at.isoformat()}
    return json.dumps({"token": token, "readings": [reading]})


def publish(port: int, token: str, numbers: range) -> None:
    """QoS 1 from one publisher; returns when the broker acknowledged every message."""
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"publisher-{numbers.start}")
    client.max_inflight_messages_set(100)
    client.max_queued_messages_set(0)
    client.connect("127.0.0.1", port)
    client.loop_start()
    try:
        topic = f"buildings/{DEVICE}/telemetry"
        sent = [client.publish(topic, message(token, i), qos=1) for i in numbers]
        for info in sent:
            info.wait_for_publish(60)
            assert info.is_published()
    finally:
        client.disconnect()
        client.loop_stop()


def subscribed(broker: Broker, service: Service, token: str, number: int = 0) -> None:
    """One reading, published until stored: the service is connected and subscribed."""

    def stored() -> bool:
        publish(broker.port, token, range(number, number + 1))
        time.sleep(0.2)
        return service.has(number)

    wait(stored, 20, f"reading {number} over MQTT")


def test_sigkill_mid_burst_then_restart_stores_every_reading_once(
    system: tuple[Broker, Service, str],
) -> None:
    broker, service, token = system
    subscribed(broker, service, token)
    total = 6000
    publisher = threading.Thread(target=publish, args=(broker.port, token, range(1, total)))
    publisher.start()
    wait(lambda: service.stored()[0] >= 500, 30, "the burst to be half-way in")
    service.kill()
    killed_at = service.stored()[0]
    service.start()
    publisher.join(120)
    wait(lambda: service.stored()[0] >= total, 60, f"{total} readings")
    time.sleep(0.5)  # redeliveries still in flight must not add a row
    assert service.stored() == (total, total), f"killed after {killed_at} stored"
    assert killed_at < total, "the kill came after the burst: nothing was proven"


def test_broker_restart_loses_no_queued_or_later_reading(
    system: tuple[Broker, Service, str],
) -> None:
    broker, service, token = system
    subscribed(broker, service, token)
    publish(broker.port, token, range(1, 3000))
    broker.stop()  # whatever the service had not yet received stays queued in its session
    broker.start()
    # mosquitto 2.0 restores sessions and their queues, but not shared subscriptions, from
    # its persistence file: until the service has reconnected and subscribed again (about a
    # second), a new reading has no subscriber. Devices publish again once it is back.
    subscribed(broker, service, token, 3000)
    publish(broker.port, token, range(3001, 4000))
    wait(lambda: service.stored()[0] >= 4000, 60, "4000 readings")
    time.sleep(0.5)
    assert service.stored() == (4000, 4000)
    assert service.ready() == 200


def test_not_ready_while_storage_fails_and_nothing_lost_after(
    system: tuple[Broker, Service, str],
) -> None:
    broker, service, token = system
    subscribed(broker, service, token)
    # The database file made unwritable the way a full or failing disk would: a second
    # process holds SQLite's write lock, so every commit times out.
    blocker = sqlite3.connect(service.database, timeout=1)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        publish(broker.port, token, range(1, 200))
        wait(lambda: service.ready() == 503, 60, "readiness to say 503")
        assert service.stored()[0] == 1
    finally:
        blocker.rollback()
        blocker.close()
    wait(lambda: service.stored()[0] >= 200, 60, "200 readings after the storage came back")
    wait(lambda: service.ready() == 200, 30, "readiness to come back")
    assert service.stored() == (200, 200)
