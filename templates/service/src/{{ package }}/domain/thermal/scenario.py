"""Scenarios (zones, couplings, weather, duration) and what-if variants of them."""

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

from .engine import SECONDS_PER_HOUR, Controls, RunSummary, Simulation, Weather, summarise
from .network import Coupling, Zone, build_network


@dataclass(frozen=True)
class Scenario:
    zones: tuple[Zone, ...]
    couplings: tuple[Coupling, ...] = ()
    weather: Weather = field(default_factory=Weather)
    duration_h: float = 24.0
    step_s: float = 300.0
    control_gain_w_per_k: float = 2000.0

    def __post_init__(self) -> None:
        names = [z.name for z in self.zones]
        if not names:
            raise ValueError("a scenario needs at least one zone")
        if len(set(names)) != len(names):
            raise ValueError("zone names must be unique")
        for c in self.couplings:
            if c.zone_a not in names or c.zone_b not in names or c.zone_a == c.zone_b:
                raise ValueError(f"coupling {c.zone_a!r}-{c.zone_b!r} must join two known zones")

    def simulation(self) -> Simulation:
        return Simulation(
            build_network(self.zones, self.couplings),
            Controls.from_zones(self.zones, self.control_gain_w_per_k),
            self.weather,
            self.step_s,
        )

    def run(self) -> tuple[Simulation, RunSummary]:
        sim = self.simulation()
        sim.run_until(self.duration_h * SECONDS_PER_HOUR)
        return sim, summarise(sim, [z.name for z in self.zones])


@dataclass(frozen=True)
class WhatIf:
    """Changes applied to every zone of a scenario (e.g. better insulation, lower setpoint)."""

    ua_scale: float = 1.0
    internal_gains_scale: float = 1.0
    heating_setpoint_offset_k: float = 0.0
    cooling_setpoint_offset_k: float = 0.0
    outdoor_offset_k: float = 0.0
    zones: Sequence[str] = ()  # empty: all zones

    def apply(self, scenario: Scenario) -> Scenario:
        def change(z: Zone) -> Zone:
            if self.zones and z.name not in self.zones:
                return z
            return dataclasses.replace(
                z,
                ua_w_per_k=z.ua_w_per_k * self.ua_scale,
                internal_gains_w=z.internal_gains_w * self.internal_gains_scale,
                heating_setpoint_c=z.heating_setpoint_c + self.heating_setpoint_offset_k,
                cooling_setpoint_c=z.cooling_setpoint_c + self.cooling_setpoint_offset_k,
            )

        w = scenario.weather
        weather = dataclasses.replace(
            w,
            mean_c=w.mean_c + self.outdoor_offset_k,
            hourly_c=tuple(t + self.outdoor_offset_k for t in w.hourly_c),
        )
        return dataclasses.replace(
            scenario, zones=tuple(change(z) for z in scenario.zones), weather=weather
        )
