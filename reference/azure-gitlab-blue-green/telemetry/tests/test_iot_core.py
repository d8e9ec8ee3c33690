"""The IoT core without HTTP: registry, credentials, validation, dead letters, offline detection."""

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from telemetry.domain.telemetry.ingest import Batch, Ingestor, RejectedError, SampleIn
from telemetry.domain.telemetry.store import (
    MIGRATIONS,
    Base,
    TelemetryStore,
    UnknownBuildingError,
    digest,
    head_revisions,
    migrate,
)

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> TelemetryStore:
    url = f"sqlite:///{tmp_path}/iot.sqlite3"
    migrate(url)
    return TelemetryStore(url, offline_after=timedelta(minutes=5), clock=clock)


def batch(*readings: tuple[str, float, datetime]) -> Batch:
    return Batch(readings=[SampleIn(metric=m, value=v, timestamp=t) for m, v, t in readings])


def test_migrations_match_the_models(store: TelemetryStore) -> None:
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []


def test_tokens_are_stored_only_as_digests(store: TelemetryStore) -> None:
    token = store.provision("ahu-1", "Air handler 1")
    assert len(token) >= 43  # 32 random bytes, base64url
    with store.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT token_sha256 FROM devices").scalar_one()
    assert stored == digest(token) and token not in stored
    assert store.authenticate("ahu-1", token)
    assert not store.authenticate("ahu-1", token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert not store.authenticate("nobody", token)
    with pytest.raises(KeyError):
        store.provision("ahu-1", "again")


def test_accepted_readings_are_queryable_and_latest_wins_by_timestamp(
    store: TelemetryStore, clock: Clock
) -> None:
    token = store.provision("zone-3", "Zone 3 sensor")
    ingest = Ingestor(store)
    later, earlier = T0 - timedelta(minutes=1), T0 - timedelta(minutes=10)
    assert ingest.accept("zone-3", token, batch(("temp_c", 21.5, later)), "http") == 1
    # A late, older message must not replace the newer value.
    assert (
        ingest.accept(
            "zone-3", token, batch(("temp_c", 99.0, earlier), ("co2_ppm", 640, earlier)), "http"
        )
        == 2
    )
    latest = store.latest("zone-3")
    assert {m: s.value for m, s in latest.items()} == {"temp_c": 21.5, "co2_ppm": 640.0}
    assert latest["temp_c"].ts == later
    assert [s.value for s in store.readings("zone-3", "temp_c")] == [21.5, 99.0]


def test_rejections_name_the_reason(store: TelemetryStore, clock: Clock) -> None:
    token = store.provision("d1", "d1")
    ingest = Ingestor(store)
    with pytest.raises(RejectedError) as wrong:
        ingest.accept("d1", "not-the-token", batch(("temp_c", 1, T0)), "http")
    assert wrong.value.status == 401
    with pytest.raises(RejectedError, match="future"):
        ingest.accept("d1", token, batch(("temp_c", 1, T0 + timedelta(minutes=6))), "http")
    assert store.readings("d1") == []


def test_mqtt_messages_are_stored_or_dead_lettered(store: TelemetryStore) -> None:
    token = store.provision("meter-7", "Main meter")
    ingest = Ingestor(store)
    good = {
        "token": token,
        "readings": [{"metric": "power_kw", "value": 42.5, "timestamp": "2024-03-01T11:59:00Z"}],
    }
    assert ingest.mqtt("buildings/meter-7/telemetry", json.dumps(good).encode()) == 1
    assert ingest.mqtt("buildings/meter-7/telemetry", b"{not json") == 0
    assert (
        ingest.mqtt("buildings/meter-7/telemetry", json.dumps({**good, "token": "x"}).encode()) == 0
    )
    assert ingest.mqtt("buildings/meter-7/status", json.dumps(good).encode()) == 0
    reasons = [d.reason for d in store.dead_letters()]
    assert len(reasons) == 3
    assert "topic is not" in reasons[0]
    assert reasons[1] == "unknown device or wrong token"
    assert "Invalid JSON" in reasons[2]
    assert store.latest("meter-7")["power_kw"].value == 42.5


def test_devices_go_offline_after_the_silence_window(store: TelemetryStore, clock: Clock) -> None:
    token = store.provision("d1", "d1")
    store.provision("never", "never reported")
    Ingestor(store).accept("d1", token, batch(("temp_c", 20, T0)), "mqtt")
    assert [d.id for d in store.offline()] == ["never"]
    clock.now = T0 + timedelta(minutes=4, seconds=59)
    assert store.device("d1") is not None and store.device("d1").online  # type: ignore[union-attr]
    clock.now = T0 + timedelta(minutes=5, seconds=1)
    assert [d.id for d in store.offline()] == ["d1", "never"]
    assert store.device("d1").last_seen_at == T0  # type: ignore[union-attr]


def test_devices_belong_to_known_buildings(store: TelemetryStore) -> None:
    with pytest.raises(UnknownBuildingError):
        store.provision("d1", "d1", "ghost")
    store.create_building("hq", "Head office", 1250.0)
    with pytest.raises(KeyError):
        store.create_building("hq", "again", 1.0)
    store.provision("d1", "d1", "hq")
    assert store.device("d1").building_id == "hq"  # type: ignore[union-attr]
    assert [b.id for b in store.buildings()] == ["hq"]


def test_export_is_a_keyset_over_seq_filtered_by_building_metric_and_time(
    store: TelemetryStore,
) -> None:
    store.create_building("hq", "HQ", 100.0)
    store.create_building("annex", "Annex", 50.0)
    hq, annex = store.provision("h", "h", "hq"), store.provision("a", "a", "annex")
    ingest = Ingestor(store)
    hours = [T0 - timedelta(hours=h) for h in (5, 4, 3, 2, 1)]
    hourly = batch(*[("energy_kwh", float(i), t) for i, t in enumerate(hours)])
    ingest.accept("h", hq, hourly, "http")
    ingest.accept("a", annex, batch(("energy_kwh", 9.0, hours[0])), "http")
    everything = store.export()
    assert [r.seq for r in everything] == sorted({r.seq for r in everything})
    assert store.last_seq() == everything[-1].seq
    page = store.export(building_id="hq", limit=2)
    rest = store.export(building_id="hq", after=page[-1].seq)
    assert [r.value for r in page + rest] == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert {r.building_id for r in page + rest} == {"hq"}
    bounded = store.export(since=hours[1], until=hours[3])
    assert [r.value for r in bounded] == [1.0, 2.0]
    assert [r.value for r in store.export(building_id="annex", metric="energy_kwh")] == [9.0]
    assert store.export(metric="temperature_c") == []


def test_the_heads_read_without_alembic_are_alembics() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert head_revisions() == set(ScriptDirectory.from_config(config).get_heads())


def test_a_start_on_a_current_schema_does_not_load_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/current.sqlite3"
    migrate(url)
    # A process of its own, as a start is: this one has Alembic loaded by the tests.
    code = (
        "import sys; from telemetry.domain.telemetry.store import migrate; "
        "migrate(sys.argv[1]); print(sorted(m for m in sys.modules if m.startswith('alembic')))"
    )
    run = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"
    old = f"sqlite:///{tmp_path}/old.sqlite3"
    migrate(old, "0002")
    run = subprocess.run([sys.executable, "-c", code, old], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "alembic.command" in run.stdout  # behind head: Alembic migrates


def test_a_0_2_0_database_upgrades_with_its_devices_in_no_building(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/old.sqlite3"
    migrate(url, "0002")  # the schema 0.2.0 shipped
    old = TelemetryStore(url)
    with old.engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO devices (id, name, token_sha256, created_at) "
            f"VALUES ('old-1', 'Old meter', '{digest('t')}', '2024-01-01 00:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO readings (device_id, metric, value, ts, source) "
            "VALUES ('old-1', 'energy_kwh', 3.5, '2024-03-01 10:00:00', 'http')"
        )
    old.engine.dispose()
    migrate(url)
    store = TelemetryStore(url)
    assert store.device("old-1").building_id is None  # type: ignore[union-attr]
    assert store.authenticate("old-1", "t")
    (reading,) = store.export()
    assert (reading.device_id, reading.building_id, reading.value) == ("old-1", None, 3.5)
    # Assigned by hand after its building exists, as the README says.
    store.create_building("hq", "HQ", 100.0)
    with store.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE devices SET building_id = 'hq' WHERE id = 'old-1'")
    assert [(r.device_id, r.value) for r in store.latest_in_building("hq")] == [("old-1", 3.5)]
