"""1R1C zone model: one thermal node per zone (air and structure lumped together).

Each zone has a capacitance C (J/K) and an envelope conductance UA (W/K) to outdoors;
zones exchange heat through inter-zone conductances (W/K). The network is linear:

    C_i dT_i/dt = UA_i (T_out - T_i) + sum_j K_ij (T_j - T_i) + Q_gains_i + Q_hvac_i

A single free-floating zone approaches T_out + Q/UA exponentially with tau = C / UA.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .engine import Network

MODEL = "1r1c"


@dataclass(frozen=True, slots=True)
class Zone:
    name: str
    capacitance_j_per_k: float
    ua_w_per_k: float
    internal_gains_w: float = 0.0
    heating_setpoint_c: float = 20.0
    cooling_setpoint_c: float = 26.0
    heating_capacity_w: float = 0.0
    cooling_capacity_w: float = 0.0
    initial_temp_c: float = 20.0


@dataclass(frozen=True, slots=True)
class Coupling:
    """A conductance between two zones, e.g. an internal wall or an open doorway."""

    zone_a: str
    zone_b: str
    conductance_w_per_k: float


def build_network(zones: Sequence[Zone], couplings: Sequence[Coupling] = ()) -> Network:
    """One node per zone; node i is zone i's air node."""
    n = len(zones)
    conductance = np.zeros((n, n))
    index = {z.name: i for i, z in enumerate(zones)}
    for c in couplings:
        a, b = index[c.zone_a], index[c.zone_b]
        conductance[a, b] += c.conductance_w_per_k
        conductance[b, a] += c.conductance_w_per_k
    return Network(
        capacitance=np.array([z.capacitance_j_per_k for z in zones], dtype=float),
        conductance=conductance,
        ua_out=np.array([z.ua_w_per_k for z in zones], dtype=float),
        air=np.arange(n),
        initial=np.array([z.initial_temp_c for z in zones], dtype=float),
    )
