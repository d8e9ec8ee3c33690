"""2R2C zone model: an air node and a thermal-mass node per zone.

The air node (capacitance C_air) exchanges heat with outdoors through UA and with the zone's
thermal mass (slabs, furniture; capacitance C_mass) through H_am. Gains and HVAC act on the
air, so the air reacts within minutes while the mass lags by hours:

    C_air  dT_a/dt = UA (T_out - T_a) + H_am (T_m - T_a) + sum_j K_ij (T_a,j - T_a) + Q
    C_mass dT_m/dt = H_am (T_a - T_m)

With C_mass -> 0 and H_am -> inf it reduces to the 1R1C model.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .engine import Network

MODEL = "2r2c"


@dataclass(frozen=True, slots=True)
class Zone:
    name: str
    capacitance_j_per_k: float  # air node
    ua_w_per_k: float
    mass_capacitance_j_per_k: float = 5.0e7
    air_mass_conductance_w_per_k: float = 2000.0
    internal_gains_w: float = 0.0
    heating_setpoint_c: float = 20.0
    cooling_setpoint_c: float = 26.0
    heating_capacity_w: float = 0.0
    cooling_capacity_w: float = 0.0
    initial_temp_c: float = 20.0


@dataclass(frozen=True, slots=True)
class Coupling:
    """A conductance between two zones' air nodes, e.g. an internal wall or a doorway."""

    zone_a: str
    zone_b: str
    conductance_w_per_k: float


def build_network(zones: Sequence[Zone], couplings: Sequence[Coupling] = ()) -> Network:
    """Nodes 0..n-1 are the zones' air nodes, n..2n-1 their mass nodes."""
    n = len(zones)
    conductance = np.zeros((2 * n, 2 * n))
    index = {z.name: i for i, z in enumerate(zones)}
    for c in couplings:
        a, b = index[c.zone_a], index[c.zone_b]
        conductance[a, b] += c.conductance_w_per_k
        conductance[b, a] += c.conductance_w_per_k
    air = np.arange(n)
    h_am = np.array([z.air_mass_conductance_w_per_k for z in zones], dtype=float)
    conductance[air, air + n] = h_am
    conductance[air + n, air] = h_am
    initial = np.array([z.initial_temp_c for z in zones], dtype=float)
    return Network(
        capacitance=np.concatenate(
            [
                [z.capacitance_j_per_k for z in zones],
                [z.mass_capacitance_j_per_k for z in zones],
            ]
        ).astype(float),
        conductance=conductance,
        ua_out=np.concatenate([[z.ua_w_per_k for z in zones], np.zeros(n)]),
        air=air,
        initial=np.concatenate([initial, initial]),
    )
