"""A zone of a registered building: its RC parameters from the building's floor area.

Every parameter is an intensity (per m2 of the zone's floor) times the zone's area, so a building
twice the size needs twice the energy at the same temperatures. The intensities describe a
moderately insulated, medium-weight office; change them here for another stock:

    capacitance         165 kJ/K per m2   ISO 13790's "medium" class (air and structure lumped)
    UA                  1.0 W/K per m2    envelope and ventilation losses
    internal gains      5 W/m2            people, lighting and equipment, averaged
    heating, cooling    100, 80 W/m2      plant sized for the design day
    control gain        20 W/K per m2     the thermostat's proportional band (2 kW/K at 100 m2)

In the 2R2C model the 165 kJ/K sit in the structure (the mass node), the air node keeps
20 kJ/K per m2 and the two couple at 9.1 W/K per m2 (ISO 13790's h_ms times the mass area).
"""

from collections.abc import Mapping
from typing import Any

CAPACITANCE_J_PER_K_PER_M2 = 165_000.0
AIR_CAPACITANCE_J_PER_K_PER_M2 = 20_000.0
AIR_MASS_W_PER_K_PER_M2 = 9.1
UA_W_PER_K_PER_M2 = 1.0
INTERNAL_GAINS_W_PER_M2 = 5.0
HEATING_W_PER_M2 = 100.0
COOLING_W_PER_M2 = 80.0
CONTROL_GAIN_W_PER_K_PER_M2 = 20.0


def zone_parameters(
    area_m2: float, two_node: bool, setpoints: Mapping[str, float]
) -> dict[str, Any]:
    """ZoneIn fields (less the name) for a zone of ``area_m2``; ``two_node`` for the 2R2C model."""
    zone: dict[str, Any] = {
        "ua_w_per_k": UA_W_PER_K_PER_M2 * area_m2,
        "internal_gains_w": INTERNAL_GAINS_W_PER_M2 * area_m2,
        "heating_capacity_w": HEATING_W_PER_M2 * area_m2,
        "cooling_capacity_w": COOLING_W_PER_M2 * area_m2,
        **setpoints,
    }
    if two_node:
        zone["capacitance_j_per_k"] = AIR_CAPACITANCE_J_PER_K_PER_M2 * area_m2
        zone["mass_capacitance_j_per_k"] = CAPACITANCE_J_PER_K_PER_M2 * area_m2
        zone["air_mass_conductance_w_per_k"] = AIR_MASS_W_PER_K_PER_M2 * area_m2
    else:
        zone["capacitance_j_per_k"] = CAPACITANCE_J_PER_K_PER_M2 * area_m2
    return zone
