"""A generated fortnight of hourly meter telemetry for two buildings, with one injected fault.

Columns: building_id, ts (UTC), energy_kwh (consumed in the hour), indoor_temp_c, occupied.
Offices are occupied 08:00-18:00 on weekdays; the load follows occupancy and the weather.
At ``FAULT_AT`` the ``hq`` meter reads four times its normal night load (a stuck chiller),
which anomaly detection must find. Same seed, same bytes.
"""

import csv
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

START = datetime(2025, 1, 6, tzinfo=UTC)  # a Monday
DAYS = 14
BUILDINGS = {"hq": 2500.0, "depot": 800.0}  # floor area, m2
FAULT_BUILDING = "hq"
FAULT_AT = START + timedelta(days=9, hours=3)


def occupied(ts: datetime) -> bool:
    return ts.weekday() < 5 and 8 <= ts.hour < 18


def rows(seed: int = 42) -> list[tuple[str, datetime, float, float, bool]]:
    rng = random.Random(seed)
    out = []
    for building, area in BUILDINGS.items():
        for hour in range(DAYS * 24):
            ts = START + timedelta(hours=hour)
            busy = occupied(ts)
            outdoor = 4.0 + 5.0 * math.sin(2 * math.pi * (ts.hour - 9) / 24)
            base_kw = area * (0.004 + 0.0009 * max(0.0, 15.5 - outdoor))
            load = base_kw * (2.2 if busy else 1.0) * rng.gauss(1.0, 0.03)
            if building == FAULT_BUILDING and ts == FAULT_AT:
                load *= 4.0
            indoor = (21.5 if busy else 17.0) + rng.gauss(0.0, 0.8)
            out.append((building, ts, round(load, 3), round(indoor, 2), busy))
    return out


def write(folder: Path, seed: int = 42) -> tuple[Path, Path]:
    """Write ``telemetry.csv`` and ``buildings.csv`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    telemetry, buildings = folder / "telemetry.csv", folder / "buildings.csv"
    with telemetry.open("w", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow(["building_id", "ts", "energy_kwh", "indoor_temp_c", "occupied"])
        for building, ts, kwh, temp, busy in rows(seed):
            writer.writerow([building, ts.isoformat(), kwh, temp, str(busy).lower()])
    with buildings.open("w", newline="") as sink:
        writer = csv.writer(sink)
        writer.writerow(["building_id", "floor_area_m2"])
        writer.writerows(BUILDINGS.items())
    return telemetry, buildings
