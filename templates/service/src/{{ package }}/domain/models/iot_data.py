"""Training data from the IoT service's readings: one row per building and UTC day.

Each row has the raw columns of ``dataset.RAW_COLUMNS`` and the day's energy as the target:

    floor_area_m2   the building's, from the IoT service
    occupancy       0: the readings export carries no head count
    outdoor_temp_c  the day's mean ``temperature_c`` reading; the heating balance point (no
                    degree-day term) on a day without one. The IoT domain has no weather feed
                    yet, so the building's own temperature sensors stand in for it.
    weekend         from the date
    target          the sum of the day's ``energy_kwh`` readings (all meters of the building)

Days without an ``energy_kwh`` reading have no target and are left out. Rows are ordered by
building and day, so the same readings give the same bytes and the same fingerprint.
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime

import numpy as np

from ...core.peers import Reading
from .dataset import HEATING_BALANCE_C, Dataset

MIN_ROWS = 2


class NotEnoughDataError(ValueError):
    """Fewer building-days than a fit needs."""


def building_days(areas: dict[str, float], readings: Iterable[Reading]) -> Dataset:
    """Rows from readings of the buildings in ``areas`` (id -> floor area); others are ignored."""
    energy: dict[tuple[str, date], float] = defaultdict(float)
    temps: dict[tuple[str, date], list[float]] = defaultdict(list)
    for r in readings:
        if r.building_id not in areas:
            continue
        ts = datetime.fromisoformat(r.timestamp)
        day = (ts if ts.tzinfo else ts.replace(tzinfo=UTC)).astimezone(UTC).date()
        if r.metric == "energy_kwh":
            energy[(r.building_id, day)] += r.value
        elif r.metric == "temperature_c":
            temps[(r.building_id, day)].append(r.value)
    keys = sorted(energy)
    if len(keys) < MIN_ROWS:
        raise NotEnoughDataError(
            f"{len(keys)} building-day(s) with energy_kwh readings; training needs {MIN_ROWS}"
        )
    raw = np.array(
        [
            [
                areas[b],
                0.0,
                float(np.mean(temps[(b, d)])) if temps.get((b, d)) else HEATING_BALANCE_C,
                float(d.weekday() >= 5),
            ]
            for b, d in keys
        ],
        dtype=np.float64,
    )
    target = np.array([energy[k] for k in keys], dtype=np.float64)
    return Dataset(raw=raw, target_kwh=target)
