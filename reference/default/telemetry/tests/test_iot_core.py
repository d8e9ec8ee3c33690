"""The IoT core without HTTP: registry, credentials, validation, dead letters, offline detection."""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from telemetry.domain.telemetry.ingest import Batch, Ingestor, RejectedError, SampleIn
from telemetry.domain.telemetry.store import Base, TelemetryStore, digest, migrate

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
