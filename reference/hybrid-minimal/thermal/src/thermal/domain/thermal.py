"""Placeholder domain core: steady state of a single-zone RC thermal model.

At steady state the capacitance C stores nothing and the envelope conductance UA (W/K)
carries away exactly the heat put into the zone:

    Q = internal_gains + hvac = UA * (T_in - T_out)   =>   T_in = T_out + Q / UA

The time constant tau = C / UA (R = 1/UA) says how fast the zone approaches that state.
A later template version replaces this with the physics service's full simulation core.
"""

from dataclasses import dataclass

SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True, slots=True)
class SteadyState:
    zone_temp_c: float
    heat_flow_w: float  # through the envelope, positive outwards
    time_constant_h: float | None


def steady_state(
    ua_w_per_k: float,
    outdoor_temp_c: float,
    internal_gains_w: float = 0.0,
    hvac_w: float = 0.0,
    capacitance_j_per_k: float | None = None,
) -> SteadyState:
    """Solve the steady-state heat balance; ``hvac_w`` > 0 heats, < 0 cools."""
    if ua_w_per_k <= 0:
        raise ValueError("ua_w_per_k must be positive")
    heat_input_w = internal_gains_w + hvac_w
    tau_h = None
    if capacitance_j_per_k is not None:
        tau_h = capacitance_j_per_k / ua_w_per_k / SECONDS_PER_HOUR
    return SteadyState(
        zone_temp_c=outdoor_temp_c + heat_input_w / ua_w_per_k,
        heat_flow_w=heat_input_w,
        time_constant_h=tau_h,
    )
