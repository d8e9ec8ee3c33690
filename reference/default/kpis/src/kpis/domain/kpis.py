"""Placeholder domain core: building energy KPIs from equal-interval meter readings.

Each reading is the energy (kWh) consumed in one interval of ``interval_minutes``:

    total  = sum(readings)                       kWh
    EUI    = total / floor_area                  kWh/m2 over the period
    peak   = max(readings) / interval_hours      kW
    mean   = total / (n * interval_hours)        kW
    load factor = mean / peak                    (0 when nothing was consumed)

A later template version replaces this with the analytics service's full KPI engine.
"""

from collections.abc import Sequence
from dataclasses import dataclass

MINUTES_PER_HOUR = 60.0


@dataclass(frozen=True, slots=True)
class EnergyKpis:
    total_kwh: float
    eui_kwh_per_m2: float
    peak_demand_kw: float
    mean_demand_kw: float
    load_factor: float


def compute_kpis(
    readings_kwh: Sequence[float], floor_area_m2: float, interval_minutes: int
) -> EnergyKpis:
    if not readings_kwh:
        raise ValueError("at least one reading is required")
    if floor_area_m2 <= 0 or interval_minutes <= 0:
        raise ValueError("floor_area_m2 and interval_minutes must be positive")
    if any(r < 0 for r in readings_kwh):
        raise ValueError("readings must not be negative")
    interval_h = interval_minutes / MINUTES_PER_HOUR
    total = float(sum(readings_kwh))
    peak = max(readings_kwh) / interval_h
    mean = total / (len(readings_kwh) * interval_h)
    return EnergyKpis(
        total_kwh=total,
        eui_kwh_per_m2=total / floor_area_m2,
        peak_demand_kw=peak,
        mean_demand_kw=mean,
        load_factor=mean / peak if peak > 0 else 0.0,
    )
