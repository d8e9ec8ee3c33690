"""The batch engine: DuckDB SQL over telemetry, from files (CSV or Parquet, read in place) or from
the IoT service's readings export (``iot.py`` keeps them in tables).

Definitions (hourly rows, so kWh in an hour equals mean kW over it):

    EUI            = sum(energy_kwh) / floor_area_m2                 kWh/m2 over the period
    peak demand    = max(energy_kwh) / interval_hours                kW
    load factor    = mean demand / peak demand
    comfort hours  = occupied hours with COMFORT_LOW <= indoor_temp_c <= COMFORT_HIGH
    rolling mean   = mean of the last ``window`` readings, this one included
    anomaly        = |x - mean| / stddev of the ``window`` readings BEFORE this one > threshold
                     (only once a full window exists; the reading never hides itself)

DuckDB runs in the process with nothing to operate. The same SQL runs on MotherDuck or, with
light dialect changes, on Trino or Spark SQL when one machine is no longer enough.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

COMFORT_LOW_C = 20.0
COMFORT_HIGH_C = 24.0


def _reader(path: Path | str) -> str:
    """A DuckDB table function for a file or glob; the path is quoted, never interpolated raw."""
    text = str(path).replace("'", "''")
    if text.endswith(".parquet"):
        return f"read_parquet('{text}')"
    return f"read_csv('{text}', header = true)"


@dataclass(frozen=True)
class BuildingKpis:
    building_id: str
    floor_area_m2: float
    hours: int
    total_kwh: float
    eui_kwh_per_m2: float
    peak_demand_kw: float
    mean_demand_kw: float
    load_factor: float
    occupied_hours: int
    comfort_hours: int


@dataclass(frozen=True)
class Anomaly:
    building_id: str
    ts: str
    energy_kwh: float
    baseline_kwh: float
    z_score: float


class Engine:
    """KPIs, series and anomalies over two relations of ``db``: ``telemetry`` (building_id, ts as
    UTC TIMESTAMP, energy_kwh, indoor_temp_c, occupied) and ``buildings`` (building_id,
    floor_area_m2). ``from_files`` defines them over files; the IoT source over its tables."""

    def __init__(self, db: duckdb.DuckDBPyConnection, interval_hours: float = 1.0):
        if interval_hours <= 0:
            raise ValueError("interval_hours must be positive")
        self.interval_hours = interval_hours
        self.db = db

    @classmethod
    def from_files(
        cls, telemetry: Path | str, buildings: Path | str, interval_hours: float = 1.0
    ) -> "Engine":
        db = duckdb.connect()
        db.execute(
            f"""
            CREATE VIEW telemetry AS
            SELECT CAST(building_id AS VARCHAR) AS building_id,
                   CAST(ts AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS ts,
                   CAST(energy_kwh AS DOUBLE) AS energy_kwh,
                   CAST(indoor_temp_c AS DOUBLE) AS indoor_temp_c,
                   CAST(occupied AS BOOLEAN) AS occupied
            FROM {_reader(telemetry)}
            """
        )
        db.execute(
            f"""
            CREATE VIEW buildings AS
            SELECT CAST(building_id AS VARCHAR) AS building_id,
                   CAST(floor_area_m2 AS DOUBLE) AS floor_area_m2
            FROM {_reader(buildings)}
            """
        )
        return cls(db, interval_hours)

    def _rows(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        # A cursor per call: DuckDB connections are not safe to share across threads.
        return self.db.cursor().execute(sql, params or []).fetchall()

    def buildings(self) -> list[str]:
        return [r[0] for r in self._rows("SELECT building_id FROM buildings ORDER BY 1")]

    def kpis(self) -> list[BuildingKpis]:
        """One entry per building, those without readings too (zero energy, no hours)."""
        rows = self._rows(
            """
            SELECT b.building_id, b.floor_area_m2, count(t.ts), coalesce(sum(energy_kwh), 0),
                   coalesce(max(energy_kwh), 0), coalesce(avg(energy_kwh), 0),
                   count(*) FILTER (WHERE occupied),
                   count(*) FILTER (WHERE occupied AND indoor_temp_c BETWEEN ? AND ?)
            FROM buildings b LEFT JOIN telemetry t USING (building_id)
            GROUP BY ALL ORDER BY 1
            """,
            [COMFORT_LOW_C, COMFORT_HIGH_C],
        )
        out = []
        for building, area, hours, total, peak_kwh, mean_kwh, occupied, comfort in rows:
            peak, mean = peak_kwh / self.interval_hours, mean_kwh / self.interval_hours
            out.append(
                BuildingKpis(
                    building_id=building,
                    floor_area_m2=area,
                    hours=hours,
                    total_kwh=total,
                    eui_kwh_per_m2=total / area,
                    peak_demand_kw=peak,
                    mean_demand_kw=mean,
                    load_factor=mean / peak if peak > 0 else 0.0,
                    occupied_hours=occupied,
                    comfort_hours=comfort,
                )
            )
        return out

    def series(self, building: str, window: int) -> list[tuple[str, float, float]]:
        """(timestamp, energy_kwh, rolling mean over ``window`` readings) for one building."""
        return [
            (ts, kwh, mean)
            for ts, kwh, mean in self._rows(
                f"""
                SELECT strftime(ts, '%Y-%m-%dT%H:%M:%SZ'), energy_kwh,
                       avg(energy_kwh) OVER (ORDER BY ts ROWS BETWEEN {int(window) - 1} PRECEDING
                                                           AND CURRENT ROW)
                FROM telemetry WHERE building_id = ? ORDER BY ts
                """,
                [building],
            )
        ]

    def anomalies(self, window: int, threshold: float) -> list[Anomaly]:
        if window < 3:
            raise ValueError("window must be at least 3 readings")
        rows = self._rows(
            f"""
            WITH scored AS (
                SELECT building_id, ts, energy_kwh,
                       avg(energy_kwh) OVER w AS baseline,
                       stddev_samp(energy_kwh) OVER w AS spread,
                       count(*) OVER w AS n
                FROM telemetry
                WINDOW w AS (PARTITION BY building_id ORDER BY ts
                             ROWS BETWEEN {int(window)} PRECEDING AND 1 PRECEDING)
            )
            SELECT building_id, strftime(ts, '%Y-%m-%dT%H:%M:%SZ'), energy_kwh, baseline,
                   (energy_kwh - baseline) / spread AS z
            FROM scored
            WHERE n = ? AND spread > 0 AND abs(energy_kwh - baseline) / spread > ?
            ORDER BY building_id, ts
            """,
            [window, threshold],
        )
        return [Anomaly(b, ts, kwh, base, z) for b, ts, kwh, base, z in rows]
