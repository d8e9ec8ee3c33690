"""Does the generated IoT service store every MQTT reading of a burst, as fast as the broker delivers?

Renders an IoT service, installs it (`make install`, uv), starts a loopback mosquitto with the service's own
`broker/mosquitto.conf` settings, and measures inside the service's virtualenv, in the same run:

1. broker: N QoS-1 messages from one publisher counted by a bare paho subscriber in its own process (the
   broker's own rate);
2. service: N distinct readings (valid, authenticated, one per message) published to the service running as
   `python -m telemetry`, counted in its SQLite database until all N are there (or a minute passes with no
   progress): every reading counted, not only the last;
   1 and 2 alternate `--repeat` times (the machine's other load shifts both alike); medians are printed;
3. the same burst with the service SIGKILLed while it stores the burst and restarted at once.

Each service run has its own topic prefix, so sessions of earlier runs (kept by the broker, as they should
be) receive none of the later bursts. Prints stored / published for every run, both rates and the ratio
(target: all stored, ratio >= 0.9). Needs uv, make and mosquitto (apt) on PATH.
Run: `python benchmarks/iot-service.py [--messages N] [--repeat R]`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from arxscaffold.decisions import load_text
from arxscaffold.render import NewRequest, new
from arxscaffold.smoke.service.domain_iot import broker_settings, mosquitto_broker

DECISIONS = """\
version: 1
system: {name: bench}
components: [{name: telemetry, kind: iot-service}]
iot: {ingestion: mqtt-and-http, field_protocol: none, storage: sqlite}
"""

# Runs in the service's virtualenv (paho and the service's own code are installed there).
MEASURE = r"""
import json, os, signal, socket, sqlite3, subprocess, sys, threading, time, urllib.request
from datetime import UTC, datetime, timedelta
import paho.mqtt.client as mqtt
from telemetry.domain.telemetry.store import TelemetryStore, migrate

port, count, workdir, repeat = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
T0 = datetime(2024, 3, 1, tzinfo=UTC)


def publish(topic, payloads):
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
    client.max_inflight_messages_set(100)
    client.max_queued_messages_set(0)
    client.connect("127.0.0.1", port)
    client.loop_start()
    infos = [client.publish(topic, p, qos=1) for p in payloads]
    for info in infos:
        info.wait_for_publish(120)
    client.loop_stop()
    client.disconnect()
    return sum(info.is_published() for info in infos)


# 1. broker alone: a bare subscriber in its own process, as the service is
SUBSCRIBER = '''
import sys, threading, paho.mqtt.client as mqtt
port, count = int(sys.argv[1]), int(sys.argv[2])
done, seen = threading.Event(), [0]
def on_message(_c, _u, _m):
    seen[0] += 1
    if seen[0] == count:
        done.set()
sub = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
sub.on_message = on_message
sub.on_subscribe = lambda *_: print("ready", flush=True)
sub.connect("127.0.0.1", port)
sub.subscribe("raw/#", qos=1)
sub.loop_start()
done.wait(300)
print("done", seen[0], flush=True)
'''


def broker_rate():
    sub = subprocess.Popen([sys.executable, "-c", SUBSCRIBER, str(port), str(count)],
                           stdout=subprocess.PIPE, text=True)
    assert sub.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    publish("raw/x", [b"x" * 160] * count)
    seen = int(sub.stdout.readline().split()[1])
    rate = seen / (time.perf_counter() - start)
    sub.wait()
    return rate


# 2. and 3. through the service, as a process
def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(name, kill_at):
    db = f"{workdir}/{name}.sqlite3"
    url = f"sqlite:///{db}"
    migrate(url)
    store = TelemetryStore(url)
    token = store.provision("meter-1", "bench meter")
    store.engine.dispose()
    http = free_port()
    env = {**os.environ, "TELEMETRY_DATABASE_URL": url, "TELEMETRY_MQTT_URL": f"mqtt://127.0.0.1:{port}",
           "TELEMETRY_MQTT_CLIENT_ID": f"bench-{name}", "TELEMETRY_MQTT_TOPIC_PREFIX": f"bench-{name}",
           "TELEMETRY_PORT": str(http), "TELEMETRY_LOG_LEVEL": "WARNING"}
    log = open(f"{workdir}/{name}.log", "ab")

    def start():
        process = subprocess.Popen([sys.executable, "-m", "telemetry"], env=env, stdout=log, stderr=log)
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{http}/readyz", timeout=1)
                return process
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("service never ready")

    def stored():
        with sqlite3.connect(db, timeout=10) as c:
            n = c.execute("SELECT COUNT(*) FROM readings WHERE device_id = 'meter-1'").fetchone()[0]
        c.close()
        return n

    def payload(i):
        reading = {"metric": "power_kw", "value": i, "timestamp": (T0 + timedelta(seconds=i)).isoformat()}
        return json.dumps({"token": token, "readings": [reading]})

    topic = f"bench-{name}/meter-1/telemetry"
    service = start()
    while stored() == 0:  # reading 0 until stored: connected and subscribed
        publish(topic, [payload(0)])
        time.sleep(0.2)
    acked = [0]
    start_t = time.perf_counter()
    burst = [payload(i) for i in range(1, count + 1)]
    publisher = threading.Thread(target=lambda: acked.__setitem__(0, publish(topic, burst)))
    publisher.start()
    killed_at = None
    if kill_at:
        while stored() < kill_at:
            time.sleep(0.005)
        service.send_signal(signal.SIGKILL)
        service.wait()
        killed_at = stored() - 1
        service = start()
    last, last_change = -1, time.perf_counter()
    while True:
        n = stored() - 1
        if n >= count:
            break
        if n != last:
            last, last_change = n, time.perf_counter()
        if time.perf_counter() - last_change > 60:
            break
        time.sleep(0.01)
    elapsed = time.perf_counter() - start_t
    publisher.join()
    time.sleep(0.5)
    final = stored() - 1
    with sqlite3.connect(db) as c:
        query = "SELECT COUNT(DISTINCT ts) FROM readings WHERE device_id = 'meter-1'"
        distinct = c.execute(query).fetchone()[0] - 1
    service.terminate()
    service.wait(timeout=30)
    return {"published": count, "acked": acked[0], "stored": final, "distinct": distinct,
            "rate": final / elapsed, "killed_at": killed_at}


rounds = [(broker_rate(), run(f"plain{r}", None)) for r in range(repeat)]
killed = run("sigkill", max(count // 5, 1))
print(json.dumps({"rounds": rounds, "sigkill": killed}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        new(NewRequest(load_text(DECISIONS, "benchmark"), root / "bench"))
        service = root / "bench" / "telemetry"
        subprocess.run(["make", "install"], cwd=service, check=True, capture_output=True)
        with mosquitto_broker(root, broker_settings(service)) as port:
            out = subprocess.run(
                [
                    *(str(service / ".venv/bin/python"), "-c", MEASURE),
                    *(str(port), str(args.messages), str(root), str(args.repeat)),
                ],
                check=True,
                capture_output=True,
                text=True,
                timeout=1800,
            ).stdout
    result = json.loads(out.splitlines()[-1])
    rounds, killed = result["rounds"], result["sigkill"]
    raw = statistics.median(b for b, _ in rounds)
    served = statistics.median(p["rate"] for _, p in rounds)
    ratios = ", ".join(f"{p['rate'] / b:.2f}" for b, p in rounds)
    print(f"{args.messages} QoS-1 readings, one publisher, mosquitto on loopback; median of {len(rounds)}")
    print(f"broker alone (bare paho subscriber): {raw:10,.0f} msg/s")
    print(f"service (validate, auth, SQLite):    {served:10,.0f} readings/s")
    print(f"service / broker: {statistics.median(p['rate'] / b for b, p in rounds):.2f} (rounds: {ratios})")
    runs = [(f"burst {i + 1}", p) for i, (_, p) in enumerate(rounds)] + [("burst, SIGKILL + restart", killed)]
    for name, run in runs:
        where = f" (killed after {run['killed_at']:,} stored)" if run["killed_at"] is not None else ""
        print(
            f"{name}: stored / published = {run['stored']:,} / {run['published']:,}"
            f" ({run['distinct']:,} distinct, {run['acked']:,} acknowledged by the broker){where}"
        )
    complete = all(r["stored"] == r["distinct"] == r["published"] for _, r in runs)
    return 0 if complete else 1


if __name__ == "__main__":
    sys.exit(main())
