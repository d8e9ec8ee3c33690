"""Placeholder domain core: daily energy-use estimate from a documented linear baseline model.

    E = A * (b + h * max(0, T_heat - T_out) + c * max(0, T_out - T_cool)) + n * p

A: floor area (m2), n: occupants, T_out: mean outdoor temperature (degC).
The coefficients below are illustrative office-building values, not a calibrated model;
a later template version replaces this module with the AI service's trained estimator.
"""

from dataclasses import dataclass

MODEL_ID = "linear-baseline-v1"
BASE_KWH_PER_M2_DAY = 0.10  # b: lighting, plug loads and fans
HEATING_KWH_PER_M2_K_DAY = 0.012  # h: per heating degree below the balance point
COOLING_KWH_PER_M2_K_DAY = 0.015  # c: per cooling degree above the cooling set point
HEATING_BALANCE_C = 15.5  # T_heat
COOLING_BALANCE_C = 22.0  # T_cool
KWH_PER_OCCUPANT_DAY = 1.5  # p: equipment and hot water per person


@dataclass(frozen=True, slots=True)
class EnergyEstimate:
    base_kwh: float
    heating_kwh: float
    cooling_kwh: float
    occupancy_kwh: float

    @property
    def total_kwh(self) -> float:
        return self.base_kwh + self.heating_kwh + self.cooling_kwh + self.occupancy_kwh


def estimate_daily_energy(
    floor_area_m2: float, occupancy: int, outdoor_temp_c: float
) -> EnergyEstimate:
    """Estimate one day's energy use in kWh, split by end use."""
    if floor_area_m2 <= 0:
        raise ValueError("floor_area_m2 must be positive")
    if occupancy < 0:
        raise ValueError("occupancy must not be negative")
    heating_degrees = max(0.0, HEATING_BALANCE_C - outdoor_temp_c)
    cooling_degrees = max(0.0, outdoor_temp_c - COOLING_BALANCE_C)
    return EnergyEstimate(
        base_kwh=floor_area_m2 * BASE_KWH_PER_M2_DAY,
        heating_kwh=floor_area_m2 * HEATING_KWH_PER_M2_K_DAY * heating_degrees,
        cooling_kwh=floor_area_m2 * COOLING_KWH_PER_M2_K_DAY * cooling_degrees,
        occupancy_kwh=occupancy * KWH_PER_OCCUPANT_DAY,
    )
