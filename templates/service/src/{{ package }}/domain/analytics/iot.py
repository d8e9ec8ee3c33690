"""The IoT service as the engine's data: its buildings and its readings export, kept in DuckDB.

Fresh on request: a request reads data at most ``max_age_s`` old (the contract promises that a
reading accepted by the IoT service shows within 30 s). Older, the request first asks the IoT
service for what is new: the buildings (a short list) and the readings after the last ``seq`` seen
(keyset paging, so each refresh costs only the new rows). Why not a background poll: nothing to keep
alive or to restart, no load on the IoT service while nobody asks, and an IoT service that is down
shows as a clear 503 on the request that needed it instead of as silently old numbers.

Rows: ``energy_kwh`` readings summed per building and timestamp (several meters in one building
add up); ``temperature_c`` readings averaged into the indoor temperature. The export carries no
occupancy, so occupied and comfort hours are 0 for IoT data.
"""

import threading
import time
from collections.abc import Callable

import duckdb

from ...core.peers import IotClient, Reading
from .engine import Engine

METRICS = ("energy_kwh", "temperature_c")

_SCHEMA = """
CREATE TABLE readings (seq BIGINT PRIMARY KEY, building_id VARCHAR, metric VARCHAR,
                       value DOUBLE, ts TIMESTAMPTZ);
CREATE TABLE iot_buildings (building_id VARCHAR PRIMARY KEY, floor_area_m2 DOUBLE);
CREATE VIEW buildings AS SELECT building_id, floor_area_m2 FROM iot_buildings;
CREATE VIEW telemetry AS
SELECT e.building_id, e.ts, e.energy_kwh, t.indoor_temp_c, CAST(NULL AS BOOLEAN) AS occupied
FROM (SELECT building_id, ts AT TIME ZONE 'UTC' AS ts, sum(value) AS energy_kwh
      FROM readings WHERE metric = 'energy_kwh' GROUP BY ALL) e
LEFT JOIN (SELECT building_id, ts AT TIME ZONE 'UTC' AS ts, avg(value) AS indoor_temp_c
           FROM readings WHERE metric = 'temperature_c' GROUP BY ALL) t
USING (building_id, ts);
"""


class IotSource:
    def __init__(
        self,
        client: IotClient,
        interval_hours: float = 1.0,
        max_age_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.max_age_s = max_age_s
        self._clock = clock
        self._db = duckdb.connect()
        self._db.execute(_SCHEMA)
        self._engine = Engine(self._db, interval_hours)
        self._after: int | None = None  # the last seq stored
        self._fetched_at: float | None = None
        self._lock = threading.Lock()

    @property
    def description(self) -> str:
        return (
            f"IoT service at {self.client.base_url} (readings export, at most "
            f"{self.max_age_s:g} s old)"
        )

    def engine(self) -> Engine:
        """The engine over data at most ``max_age_s`` old; raises PeerError when IoT fails."""
        with self._lock:
            now = self._clock()
            if self._fetched_at is None or now - self._fetched_at >= self.max_age_s:
                self._refresh()
                self._fetched_at = now
        return self._engine

    def close(self) -> None:
        self.client.close()
        self._db.close()

    def _refresh(self) -> None:
        buildings = self.client.buildings()
        for page in self.client.readings(after=self._after):
            self._store([r for r in page if r.metric in METRICS])
            if page:
                # Stored page by page: a failure later in the walk never repeats these rows.
                self._after = max(r.seq for r in page)
        cursor = self._db.cursor()
        cursor.execute("BEGIN")
        cursor.execute("DELETE FROM iot_buildings")
        if buildings:
            cursor.execute(
                "INSERT INTO iot_buildings SELECT unnest(?), unnest(?)",
                [[b.id for b in buildings], [b.floor_area_m2 for b in buildings]],
            )
        cursor.execute("COMMIT")

    def _store(self, rows: list[Reading]) -> None:
        if not rows:
            return
        # One statement per page (columns as lists), not one per row.
        self._db.cursor().execute(
            """
            INSERT OR IGNORE INTO readings
            SELECT unnest(?), unnest(?), unnest(?), unnest(?), CAST(unnest(?) AS TIMESTAMPTZ)
            """,
            [
                [r.seq for r in rows],
                [r.building_id for r in rows],
                [r.metric for r in rows],
                [r.value for r in rows],
                [r.timestamp for r in rows],
            ],
        )
