"""Domain probes of a running IoT service: a building created, a device provisioned in it, a reading
sent, the reading read back (per device, per building and through the readings export).

`probe` goes through HTTP only. `probe_mqtt` publishes through a real mosquitto broker (apt packages
`mosquitto` and `mosquitto-clients`) that `mosquitto_broker` starts on loopback; the service must have
been started with `mqtt_env(package, port)` in its environment to subscribe to it.
"""

from __future__ import annotations

import getpass
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

READING = {"metric": "supply_temp_c", "value": 14.25, "timestamp": "2024-03-01T12:00:00Z"}


def _request(url: str, payload: Any = None, token: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def _provision(base_url: str, device_id: str, admin_token: str) -> str:
    """A building named like the device (a device needs one), then the device in it; its token."""
    building = {"id": device_id, "name": "smoke probe building", "floor_area_m2": 1000.0}
    for wrong in ("", "wrong-admin-token"):
        status, body = _request(f"{base_url}/v1/buildings", building, wrong)
        assert status == 401, f"creating a building without the admin token answered {status}: {body}"
    status, body = _request(f"{base_url}/v1/buildings", building, admin_token)
    assert status == 201 and body == building, f"creating a building answered {status}: {body}"
    device = {"id": device_id, "name": "smoke probe", "building_id": device_id}
    for wrong in ("", "wrong-admin-token"):
        status, body = _request(f"{base_url}/v1/devices", device, wrong)
        assert status == 401, f"provisioning without the admin token answered {status}: {body}"
    status, body = _request(f"{base_url}/v1/devices", device, admin_token)
    assert status == 201 and body["building_id"] == device_id, f"provisioning answered {status}: {body}"
    return str(body["token"])


def _check_building_views(base_url: str, building_id: str) -> None:
    """The stored reading as the rest of the system sees it: latest of the building, the export."""
    status, latest = _request(f"{base_url}/v1/buildings/{building_id}/readings/latest")
    assert status == 200 and [(r["metric"], r["value"]) for r in latest] == [("supply_temp_c", 14.25)], latest
    status, page = _request(f"{base_url}/v1/readings?building_id={building_id}")
    assert status == 200 and [r["value"] for r in page["items"]] == [14.25], page
    assert page["items"][0]["building_id"] == building_id and page["next_after"] is None, page


def probe(base_url: str, admin_token: str) -> str:
    device = f"smoke-http-{os.getpid()}"
    token = _provision(base_url, device, admin_token)
    status, body = _request(f"{base_url}/v1/devices/{device}/telemetry", {"readings": [READING]}, "wrong")
    assert status == 401, f"a wrong token was answered {status}: {body}"
    status, body = _request(f"{base_url}/v1/devices/{device}/telemetry", {"readings": [READING]}, token)
    assert status == 202 and body["stored"] == 1, f"ingestion answered {status}: {body}"
    status, latest = _request(f"{base_url}/v1/devices/{device}/latest")
    assert status == 200 and latest["supply_temp_c"]["value"] == 14.25, f"latest: {latest}"
    _check_building_views(base_url, device)
    status, letters = _request(f"{base_url}/v1/dead-letters")
    assert any(d["reason"] == "unknown device or wrong token" for d in letters), letters
    return (
        f"HTTP: building and device {device} created with the admin token (401 without), reading 14.25"
        " stored and read back (device, building, export), wrong token dead-lettered"
    )


def mqtt_env(package: str, broker_port: int) -> dict[str, str]:
    """Environment variables that make the service subscribe to the loopback broker."""
    return {f"{package.upper()}_MQTT_URL": f"mqtt://127.0.0.1:{broker_port}"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def binary(name: str) -> str | None:
    return shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()), None
    )


def broker_settings(project: Path) -> str:
    """The generated service's broker settings (`broker/mosquitto.conf`: queue limits, persistence), without
    their comments and their persistence folder; empty when the service has none."""
    config = project / "broker" / "mosquitto.conf"
    if not config.is_file():
        return ""
    lines = config.read_text().splitlines()
    kept = [line for line in lines if line.strip() and not line.startswith(("#", "persistence_location"))]
    return "".join(f"{line}\n" for line in kept)


@contextmanager
def mosquitto_broker(workdir: Path, settings: str = "") -> Iterator[int]:
    """A throwaway mosquitto on 127.0.0.1 (anonymous) with the given settings (default: mosquitto's own,
    no persistence); persistence, when the settings ask for it, goes to a folder in `workdir`. Yields the
    port."""
    executable = binary("mosquitto")
    if executable is None:
        raise FileNotFoundError("mosquitto is not installed (apt-get install mosquitto)")
    port = _free_port()
    data = workdir / "smoke-mosquitto-data"
    data.mkdir(exist_ok=True)
    config = workdir / "smoke-mosquitto.conf"
    config.write_text(
        (settings or "persistence false\n")
        + f"persistence_location {data}/\n"
        # Run as root, mosquitto switches to its own user, which cannot write into `workdir`.
        + f"user {getpass.getuser()}\n"
        + f"listener {port} 127.0.0.1\nallow_anonymous true\n"
    )
    log = (workdir / "smoke-mosquitto.log").open("wb")
    broker = subprocess.Popen([executable, "-c", str(config)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while not _listening(port):
            if time.monotonic() > deadline or broker.poll() is not None:
                raise RuntimeError(f"mosquitto did not listen on {port}")
            time.sleep(0.05)
        yield port
    finally:
        broker.terminate()
        broker.wait(timeout=10)
        log.close()


def probe_mqtt(base_url: str, broker_port: int, admin_token: str, topic_prefix: str = "buildings") -> str:
    publisher = binary("mosquitto_pub")
    if publisher is None:
        raise FileNotFoundError("mosquitto_pub is not installed (apt-get install mosquitto-clients)")
    device = f"smoke-mqtt-{os.getpid()}"
    token = _provision(base_url, device, admin_token)
    payload = json.dumps({"token": token, "readings": [READING]})
    topic = f"{topic_prefix}/{device}/telemetry"
    deadline = time.monotonic() + 20
    while True:
        # Published until stored: the service may still be connecting and subscribing.
        subprocess.run(
            [publisher, "-h", "127.0.0.1", "-p", str(broker_port), "-q", "1", "-t", topic, "-m", payload],
            check=True,
            timeout=10,
        )
        status, latest = _request(f"{base_url}/v1/devices/{device}/latest")
        if status == 200 and latest:
            break
        assert time.monotonic() < deadline, f"no reading stored from MQTT within 20 s: {latest}"
        time.sleep(0.5)
    assert latest["supply_temp_c"]["value"] == 14.25, latest
    _check_building_views(base_url, device)
    return f"MQTT via mosquitto :{broker_port}: {topic} stored 14.25 and read back over HTTP"


def postgres_binaries() -> Path | None:
    """The newest PostgreSQL server's bin folder (Debian: /usr/lib/postgresql/<major>/bin), if installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


@contextmanager
def postgres_server(workdir: Path) -> Iterator[str]:
    """A throwaway PostgreSQL on 127.0.0.1 (trust auth, scratch cluster); yields its SQLAlchemy URL.

    The server refuses to run as root, so as root it runs as the `postgres` user in a folder that user owns.
    """
    bin_dir = postgres_binaries()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL server binaries are not installed (apt-get install postgresql)")
    as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="smoke-postgres-", dir="/var/tmp") as scratch:
        data = Path(scratch) / "data"
        data.mkdir()
        if as_owner:
            shutil.chown(scratch, "postgres")
            shutil.chown(data, "postgres")

        def run(*command: str) -> str:
            done = subprocess.run(
                [*as_owner, *command], cwd=scratch, capture_output=True, text=True, check=False
            )
            assert done.returncode == 0, (
                f"{Path(command[0]).name} failed: {(done.stdout + done.stderr)[-1500:]}"
            )
            return done.stdout

        run(str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
        control = [str(bin_dir / "pg_ctl"), "-D", str(data), "-w"]
        options = f"-k {data} -p {port} -c listen_addresses=127.0.0.1"
        run(*control, "-o", options, "-l", str(data / "server.log"), "start")
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            run(*control, "-m", "fast", "stop")
