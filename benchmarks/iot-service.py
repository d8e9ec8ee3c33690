"""How fast does the generated IoT service store MQTT readings, next to the broker's raw rate?

Renders an IoT service, installs it (`make install`, uv), starts a loopback mosquitto, and
measures inside the service's virtualenv, in the same run:

1. broker: N QoS-1 messages from one publisher counted by a bare paho subscriber;
2. service: the same N messages (valid, authenticated) through the service's MQTT subscriber,
   validated and committed to SQLite, counted when the last reading is queryable.

Prints both rates and the ratio. Needs uv, make and mosquitto (apt) on PATH.
Run: `python benchmarks/iot-service.py [--messages N]`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from arxscaffold.decisions import load_text
from arxscaffold.render import NewRequest, new
from arxscaffold.smoke.domain_iot_service import mosquitto_broker

DECISIONS = """\
version: 1
system: {name: bench}
components: [{name: telemetry, kind: iot-service}]
iot: {ingestion: mqtt-and-http, field_protocol: none, storage: sqlite}
"""

MEASURE = r"""
import json, sys, threading, time
import paho.mqtt.client as mqtt
from datetime import timedelta
from telemetry.domain.telemetry.ingest import Ingestor
from telemetry.domain.telemetry.mqtt import MqttSubscriber
from telemetry.domain.telemetry.store import TelemetryStore, migrate

port, count, db = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]


def publish(topic, payloads):
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    client.max_inflight_messages_set(100)
    client.connect("127.0.0.1", port)
    client.loop_start()
    infos = [client.publish(topic, p, qos=1) for p in payloads]
    for info in infos:
        info.wait_for_publish(30)
    client.loop_stop()
    client.disconnect()


# 1. broker alone
done = threading.Event()
seen = [0]
def on_message(_c, _u, _m):
    seen[0] += 1
    if seen[0] == count:
        done.set()
sub = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
sub.on_message = on_message
sub.connect("127.0.0.1", port)
sub.subscribe("raw/#", qos=1)
sub.loop_start()
time.sleep(0.5)
start = time.perf_counter()
publish("raw/x", [b"x" * 120] * count)
done.wait(120)
raw = count / (time.perf_counter() - start)
sub.loop_stop()
sub.disconnect()

# 2. through the service's subscriber into SQLite
url = f"sqlite:///{db}"
migrate(url)
store = TelemetryStore(url, offline_after=timedelta(minutes=5))
token = store.provision("meter-1", "bench meter")
service = MqttSubscriber(f"mqtt://127.0.0.1:{port}", "buildings", Ingestor(store), "bench")
service.start()
while not service.client.is_connected():
    time.sleep(0.05)
time.sleep(0.5)
payloads = [
    json.dumps({"token": token, "readings": [
        {"metric": "power_kw", "value": i, "timestamp": "2024-03-01T12:00:00Z"}]})
    for i in range(count)
]
start = time.perf_counter()
publish("buildings/meter-1/telemetry", payloads)
while service.stored < count:
    time.sleep(0.01)
stored = count / (time.perf_counter() - start)
service.stop()
assert len(store.readings("meter-1", limit=count)) == count
print(f"{raw:.0f} {stored:.0f}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        new(NewRequest(load_text(DECISIONS, "benchmark"), root / "bench"))
        service = root / "bench" / "telemetry"
        subprocess.run(["make", "install"], cwd=service, check=True, capture_output=True)
        with mosquitto_broker(root) as port:
            out = subprocess.run(
                [
                    str(service / ".venv/bin/python"),
                    "-c",
                    MEASURE,
                    str(port),
                    str(args.messages),
                    str(root / "bench.sqlite3"),
                ],
                check=True,
                capture_output=True,
                text=True,
                timeout=600,
            ).stdout.split()
    raw, stored = float(out[-2]), float(out[-1])
    print(f"{args.messages} QoS-1 messages through mosquitto on loopback")
    print(f"broker alone (bare paho subscriber): {raw:10,.0f} msg/s")
    print(f"service (validate, auth, SQLite):    {stored:10,.0f} readings/s")
    print(f"service / broker: {stored / raw:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
