"""Numerical checks of the thermal core against closed-form solutions and energy balance."""

import dataclasses

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from thermal.domain.thermal.engine import Weather
from thermal.domain.thermal.network import Coupling, Zone, build_network
from thermal.domain.thermal.scenario import Scenario, WhatIf

C, UA = 2.0e7, 250.0  # tau = C / UA = 80 000 s
# A negligible mass node tied hard to the air: the 2R2C zone behaves as 1R1C, up to the
# 1 J/K the mass adds to 2e7 J/K (a 5e-8 relative difference).
LUMPED = {"mass_capacitance_j_per_k": 1.0, "air_mass_conductance_w_per_k": 1.0e4}
TOLERANCE_K = 1e-6


def test_free_floating_zone_follows_the_analytic_exponential() -> None:
    # T(t) = T_ss + (T0 - T_ss) exp(-t UA / C), T_ss = T_out + Q / UA = 0 + 1500 / 250 = 6 degC.
    zone = Zone("z", C, UA, internal_gains_w=1500.0, initial_temp_c=10.0, **LUMPED)
    sim, _ = Scenario((zone,), weather=Weather(mean_c=0.0), duration_h=48, step_s=600).run()
    t = np.array(sim.trace.time_s)
    expected = 6.0 + 4.0 * np.exp(-t * UA / C)
    assert np.abs(np.array(sim.trace.air_c)[:, 0] - expected).max() < TOLERANCE_K


def test_proportional_control_settles_at_its_closed_form() -> None:
    # Gain K holds the zone below setpoint: T = (K T_sp + UA T_out) / (K + UA).
    zone = Zone("z", C, UA, heating_setpoint_c=20.0, heating_capacity_w=1e6, **LUMPED)
    scenario = Scenario((zone,), weather=Weather(mean_c=0.0), duration_h=24 * 60, step_s=3600)
    sim, summary = scenario.run()
    settled = 2000.0 * 20.0 / 2250.0
    assert sim.air_c[0] == pytest.approx(settled, abs=1e-6)
    assert sim.trace.hvac_w[-1][0] == pytest.approx(UA * settled, rel=1e-6)
    assert summary.zones[0].cooling_kwh == 0.0


def test_heating_capacity_limits_the_zone_temperature() -> None:
    zone = Zone("z", C, UA, heating_setpoint_c=20.0, heating_capacity_w=3000.0, **LUMPED)
    sim, _ = Scenario((zone,), weather=Weather(mean_c=0.0), duration_h=24 * 60, step_s=3600).run()
    assert sim.air_c[0] == pytest.approx(3000.0 / UA, abs=1e-6)  # 12 degC


def _office_floor() -> Scenario:
    rows = (  # name, C, UA, gains, heating / cooling setpoint and capacity, initial
        ("north", 1.5e7, 300.0, 800.0, 20.0, 24.0, 6000.0, 4000.0, 18.0),
        ("south", 1.8e7, 220.0, 2500.0, 21.0, 25.0, 5000.0, 6000.0, 22.0),
        ("core", 3.0e7, 80.0, 4000.0, 20.0, 23.0, 3000.0, 8000.0, 21.0),
    )
    zones = tuple(
        Zone(
            name,
            c,
            ua,
            internal_gains_w=gains,
            heating_setpoint_c=heat_sp,
            cooling_setpoint_c=cool_sp,
            heating_capacity_w=heat_cap,
            cooling_capacity_w=cool_cap,
            initial_temp_c=t0,
        )
        for name, c, ua, gains, heat_sp, cool_sp, heat_cap, cool_cap, t0 in rows
    )
    couplings = (Coupling("north", "core", 150.0), Coupling("south", "core", 150.0))
    weather = Weather(mean_c=8.0, amplitude_c=7.0)
    return Scenario(zones, couplings, weather, duration_h=72, step_s=300)


def test_energy_balance_closes_to_round_off() -> None:
    sim, summary = _office_floor().run()
    throughput = sim.trace.supplied_j + abs(sim.trace.envelope_loss_j)
    assert abs(sim.balance_residual_j()) < 1e-9 * throughput
    assert summary.balance_residual_kwh == pytest.approx(0.0, abs=1e-6)
    # HVAC energy is exactly the supplied energy minus the internal gains.
    gains_kwh = (800.0 + 2500.0 + 4000.0) * summary.hours / 1000.0
    hvac_kwh = sum(z.heating_kwh - z.cooling_kwh for z in summary.zones)
    assert hvac_kwh == pytest.approx(summary.supplied_kwh - gains_kwh, rel=1e-9)


def test_zones_are_solved_together_but_independently_when_uncoupled() -> None:
    floor = dataclasses.replace(_office_floor(), couplings=())
    together, _ = floor.run()
    for i, zone in enumerate(floor.zones):
        alone, _ = dataclasses.replace(floor, zones=(zone,)).run()
        assert np.allclose(np.array(together.trace.air_c)[:, i], np.array(alone.trace.air_c)[:, 0])


def test_coupling_carries_heat_from_the_warm_zone() -> None:
    warm = Zone("warm", C, UA, internal_gains_w=5000.0, initial_temp_c=10.0, **LUMPED)
    cold = Zone("cold", C, UA, initial_temp_c=10.0, **LUMPED)
    apart = Scenario((warm, cold), weather=Weather(mean_c=0.0), duration_h=24 * 30, step_s=3600)
    joined = dataclasses.replace(apart, couplings=(Coupling("warm", "cold", 250.0),))
    sim, _ = joined.run()
    # Steady state: warm = (5000 + 250 cold) / 500, cold = 250 warm / 500 -> 13.33 / 6.67 degC.
    assert sim.air_c == pytest.approx([40 / 3, 20 / 3], abs=1e-4)
    alone, _ = apart.run()
    assert alone.air_c[1] == pytest.approx(0.0, abs=1e-3)


def test_what_if_better_insulation_needs_less_heating() -> None:
    base = Zone("z", C, UA, heating_setpoint_c=20.0, heating_capacity_w=1e6, **LUMPED)
    settled = 2000.0 * 20.0 / 2250.0
    start = dataclasses.replace(base, initial_temp_c=settled)
    scenario = Scenario((start,), weather=Weather(mean_c=0.0), duration_h=24, step_s=300)
    _, before = scenario.run()
    _, after = WhatIf(ua_scale=0.5).apply(scenario).run()
    # At the settled state heating is constant: 250 * 17.78 W for 24 h = 106.67 kWh.
    assert before.zones[0].heating_kwh == pytest.approx(UA * settled * 24 / 1000, rel=1e-9)
    assert after.zones[0].heating_kwh < 0.6 * before.zones[0].heating_kwh


def test_scenario_rejects_unknown_coupling() -> None:
    zone = Zone("z", C, UA)
    with pytest.raises(ValueError, match="two known zones"):
        Scenario((zone,), couplings=(Coupling("z", "nowhere", 1.0),))


def test_hourly_weather_holds_each_value_for_an_hour() -> None:
    weather = Weather(hourly_c=(1.0, 2.0, 3.0))
    assert [weather.at(s) for s in (0, 3599, 3600, 7300, 99999)] == [1.0, 1.0, 2.0, 3.0, 3.0]
    assert Weather(mean_c=5.0, amplitude_c=3.0).at(15 * 3600) == pytest.approx(8.0)


def test_two_node_zone_matches_an_adaptive_ode_solver() -> None:
    zone = Zone("z", 2.0e6, UA, 4.0e7, 1500.0, internal_gains_w=800.0, initial_temp_c=18.0)
    sim, _ = Scenario((zone,), weather=Weather(mean_c=3.0), duration_h=36, step_s=900).run()
    net = build_network([zone])
    a = net.system_matrix()
    b = (net.ua_out * 3.0 + np.array([800.0, 0.0])) / net.capacitance
    ref = solve_ivp(lambda _t, x: a @ x + b, (0, 36 * 3600), net.initial, rtol=1e-11, atol=1e-11)
    assert sim.state == pytest.approx(ref.y[:, -1], abs=1e-6)
    # The mass lags the air: while the zone cools from 18 degC, the mass stays warmer.
    assert sim.state[1] > sim.state[0]
