"""The IoT service on a real PostgreSQL (Debian's `postgresql` package; skipped without it):
readings stored once (ON CONFLICT DO NOTHING), and the database stopped and started again:
readiness 503 and ingestion 503 while it is away, everything stored once after; replicas
starting together migrate once, one at a time; a replica that starts before its database
waits for it.
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from telemetry.domain.telemetry.settings import TelemetrySettings
from telemetry.domain.telemetry.store import MIGRATION_LOCK
from telemetry.main import create_app

PREFIX = TelemetrySettings.model_config["env_prefix"]
READING = {"metric": "temp_c", "value": 21.25, "timestamp": "2024-03-01T12:00:00Z"}


def server_binaries() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts[-3])
    return found[-1].parent if found else None


class Postgres:
    """A throwaway cluster on a free loopback port (run as the postgres user when we are root)."""

    def __init__(self, binaries: Path, folder: Path) -> None:
        self.bin, self.data = binaries, folder / "data"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(folder, "postgres")
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, tool: str, *args: str, check: bool = True) -> None:
        command = [*self.as_owner, str(self.bin / tool), *args]
        subprocess.run(command, check=check, capture_output=True, cwd="/", timeout=60)

    def start(self) -> None:
        options = f"-k {self.data} -p {self.port} -c listen_addresses=127.0.0.1"
        log = str(self.data.parent / "postgres.log")
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self, mode: str = "fast", check: bool = True) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=check)


@pytest.fixture
def postgres() -> Iterator[Postgres]:
    binaries = server_binaries()
    if binaries is None:
        pytest.skip("SKIPPED: PostgreSQL server binaries missing (apt-get install postgresql)")
    with ExitStack() as stack:
        # Not pytest's tmp_path: the postgres user cannot enter root's private temporary folder.
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="iot-pg-")))
        server = Postgres(binaries, folder)
        server.start()
        stack.callback(server.stop, "immediate", check=False)
        yield server


@pytest.fixture
def client(postgres: Postgres, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    for field in TelemetrySettings.model_fields:
        monkeypatch.delenv(f"{PREFIX}{field.upper()}", raising=False)
    monkeypatch.setenv(f"{PREFIX}DATABASE_URL", postgres.url)
    with TestClient(create_app()) as test_client:
        yield test_client


def send(client: TestClient, auth: dict[str, str], *readings: dict[str, object]) -> int:
    body = {"readings": list(readings)}
    return client.post("/v1/devices/pg-1/telemetry", json=body, headers=auth).status_code


def provision(client: TestClient) -> str:
    building = {"id": "pg-hq", "name": "PG building", "floor_area_m2": 500}
    assert client.post("/v1/buildings", json=building).status_code == 201
    device = {"id": "pg-1", "name": "PG", "building_id": "pg-hq"}
    return str(client.post("/v1/devices", json=device).json()["token"])


def test_a_reading_sent_twice_is_stored_once(client: TestClient) -> None:
    token = provision(client)
    auth = {"Authorization": f"Bearer {token}"}
    assert send(client, auth, READING) == 202
    assert send(client, auth, READING, {**READING, "timestamp": "2024-03-01T13:00:00+01:00"}) == 202
    assert len(client.get("/v1/devices/pg-1/readings").json()) == 1


def test_database_stopped_and_started_not_ready_then_nothing_lost(
    client: TestClient, postgres: Postgres
) -> None:
    token = provision(client)
    auth = {"Authorization": f"Bearer {token}"}
    assert send(client, auth, READING) == 202
    assert client.get("/readyz").status_code == 200
    postgres.stop()
    assert client.get("/readyz").status_code == 503
    later = {**READING, "value": 22.5, "timestamp": "2024-03-01T12:05:00Z"}
    refused = client.post("/v1/devices/pg-1/telemetry", json={"readings": [later]}, headers=auth)
    assert refused.status_code == 503 and refused.headers["retry-after"] == "5"
    postgres.start()
    assert client.get("/readyz").status_code == 200
    # The device sends again what was refused, and repeats one that was stored.
    assert send(client, auth, READING, later) == 202
    values = [r["value"] for r in client.get("/v1/devices/pg-1/readings").json()]
    assert values == [22.5, 21.25]


def test_export_and_latest_on_postgresql(client: TestClient) -> None:
    """Keyset pages, time bounds and the latest per device and metric, in PostgreSQL's SQL."""
    auth = {"Authorization": f"Bearer {provision(client)}"}
    hourly = [{**READING, "value": h, "timestamp": f"2024-03-01T{h:02d}:00:00Z"} for h in range(7)]
    assert send(client, auth, *hourly[:4]) == 202
    first = client.get("/v1/readings?building_id=pg-hq&limit=3").json()
    assert send(client, auth, *hourly[4:]) == 202
    items, after = first["items"], first["next_after"]
    while after is not None:
        page = client.get(f"/v1/readings?building_id=pg-hq&limit=3&after={after}").json()
        items, after = items + page["items"], page["next_after"]
    assert [r["value"] for r in items] == list(range(7))
    bounded = "since=2024-03-01T02:00:00%2B01:00&until=2024-03-01T03:00:00Z"
    assert [r["value"] for r in client.get(f"/v1/readings?{bounded}").json()["items"]] == [1, 2]
    latest = client.get("/v1/buildings/pg-hq/readings/latest").json()
    assert [(r["device_id"], r["metric"], r["value"]) for r in latest] == [("pg-1", "temp_c", 6)]


def test_readings_past_two_to_the_31st_are_stored_and_exported(
    client: TestClient, postgres: Postgres
) -> None:
    """A 32-bit id runs out after 2,147,483,647 readings, and then every ingestion fails."""
    auth = {"Authorization": f"Bearer {provision(client)}"}
    engine = create_engine(postgres.url)
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT setval('readings_id_seq', 3000000000)"))
    finally:
        engine.dispose()
    assert send(client, auth, READING) == 202
    page = client.get("/v1/readings?building_id=pg-hq&after=2999999999").json()
    assert [(r["seq"], r["value"]) for r in page["items"]] == [(3000000001, 21.25)]


def migrating(url: str) -> subprocess.Popen[str]:
    """A replica starting: a process of its own that migrates the database, as start-up does."""
    code = "import sys; from telemetry.domain.telemetry.store import migrate; migrate(sys.argv[1])"
    return subprocess.Popen(
        [sys.executable, "-c", code, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_replica_started_before_its_database_waits_for_it(postgres: Postgres) -> None:
    """A pod (or `make up`) may start before its database answers: no crash for a head start."""
    postgres.stop()
    replica = migrating(postgres.url)
    time.sleep(2)
    assert replica.poll() is None, "the replica gave up while its database was starting"
    postgres.start()
    output, _ = replica.communicate(timeout=60)
    assert replica.returncode == 0, output
    engine = create_engine(postgres.url)
    try:
        assert {"buildings", "devices", "readings"} <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_database_that_never_answers_fails_the_start_in_bounded_time(postgres: Postgres) -> None:
    from sqlalchemy.exc import OperationalError

    from telemetry.domain.telemetry.store import migrate

    postgres.stop()
    started = time.monotonic()
    with pytest.raises(OperationalError):
        migrate(postgres.url, server_wait=1.0)
    assert time.monotonic() - started < 20


# A session of this throwaway cluster waiting for an advisory lock (only migrations take one).
WAITING = text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")


def test_a_migration_waits_while_another_replica_holds_the_lock(postgres: Postgres) -> None:
    engine = create_engine(postgres.url)
    try:
        with engine.connect() as holder:
            holder.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            replica = migrating(postgres.url)
            # The replica is seen queued on the lock (whatever its start-up takes), not migrating.
            deadline = time.monotonic() + 60
            while not holder.execute(WAITING).scalar():
                assert replica.poll() is None, f"migrated past the lock: {replica.communicate()[0]}"
                assert time.monotonic() < deadline, "the replica never asked for the lock"
                time.sleep(0.2)
            assert "alembic_version" not in inspect(holder).get_table_names()
            holder.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            holder.commit()
        output = replica.communicate(timeout=60)[0]
        assert replica.returncode == 0, output
        with engine.connect() as check:
            assert "readings" in inspect(check).get_table_names()
    finally:
        engine.dispose()


def test_replicas_starting_together_migrate_once(postgres: Postgres) -> None:
    replicas = [migrating(postgres.url) for _ in range(4)]
    outputs = [r.communicate(timeout=120)[0] for r in replicas]
    assert [r.returncode for r in replicas] == [0] * 4, "\n".join(outputs)
    engine = create_engine(postgres.url)
    try:
        with engine.connect() as check:
            versions = check.execute(text("SELECT version_num FROM alembic_version")).all()
    finally:
        engine.dispose()
    assert len(versions) == 1, versions
