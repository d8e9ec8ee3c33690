"""Validated wire formats of scenarios and results, shared by the HTTP API and the sweep CLI."""

from dataclasses import asdict
from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from ...core.values import Number
from .building import CONTROL_GAIN_W_PER_K_PER_M2, zone_parameters
from .engine import RunSummary, Weather
from .network import MODEL, Coupling, Zone
from .scenario import Scenario, WhatIf

MAX_ZONES = 200
MAX_STEPS = 20_000

Temperature = Annotated[Number, Field(ge=-60, le=80, allow_inf_nan=False)]
Watts = Annotated[Number, Field(ge=0, le=1e8, allow_inf_nan=False)]
# Physical floors: a real zone stores at least ~1 kJ/K (a cupboard's air) and loses at least
# 0.01 W/K. Below them the state matrix is numerically zero and the discretisation is singular.
Capacitance = Annotated[Number, Field(ge=1e3, le=1e12, allow_inf_nan=False)]
Conductance = Annotated[Number, Field(ge=0.01, le=1e7, allow_inf_nan=False)]


class ZoneIn(BaseModel):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
    capacitance_j_per_k: Capacitance
    ua_w_per_k: Conductance
    internal_gains_w: Watts = 0.0
    heating_setpoint_c: Temperature = 20.0
    cooling_setpoint_c: Temperature = 26.0
    heating_capacity_w: Watts = 0.0
    cooling_capacity_w: Watts = 0.0
    initial_temp_c: Temperature = 20.0

    @model_validator(mode="after")
    def _deadband(self) -> "ZoneIn":
        if self.cooling_setpoint_c < self.heating_setpoint_c:
            raise ValueError("cooling_setpoint_c must not be below heating_setpoint_c")
        return self


class CouplingIn(BaseModel):
    zone_a: str
    zone_b: str
    conductance_w_per_k: Conductance


class WeatherIn(BaseModel):
    mean_c: Temperature = 5.0
    amplitude_c: Number = Field(default=0.0, ge=0, le=40, allow_inf_nan=False)
    peak_hour: Number = Field(default=15.0, ge=0, lt=24)
    hourly_c: list[Temperature] = Field(default_factory=list, max_length=24 * 366)


class ScenarioIn(BaseModel):
    zones: list[ZoneIn] = Field(min_length=1, max_length=MAX_ZONES)
    couplings: list[CouplingIn] = Field(default_factory=list, max_length=4 * MAX_ZONES)
    weather: WeatherIn = WeatherIn()
    duration_h: Number = Field(default=24.0, gt=0, le=24 * 366)
    step_s: Number = Field(default=300.0, ge=10, le=3600)
    control_gain_w_per_k: Number = Field(default=2000.0, ge=0, le=1e7)

    @model_validator(mode="after")
    def _consistent(self) -> "ScenarioIn":
        names = [z.name for z in self.zones]
        if len(set(names)) != len(names):
            raise ValueError("zone names must be unique")
        for c in self.couplings:
            if c.zone_a not in names or c.zone_b not in names or c.zone_a == c.zone_b:
                raise ValueError(f"coupling {c.zone_a!r}-{c.zone_b!r} must join two known zones")
        if self.duration_h * 3600 < self.step_s:
            raise ValueError("duration_h must cover at least one step (step_s seconds)")
        # Bounds the work (and memory of the trace) one request can ask for.
        if self.duration_h * 3600 / self.step_s > MAX_STEPS:
            raise ValueError(f"duration_h / step_s gives more than {MAX_STEPS} steps")
        return self

    def to_domain(self) -> Scenario:
        w = self.weather
        return Scenario(
            zones=tuple(Zone(**z.model_dump()) for z in self.zones),
            couplings=tuple(Coupling(**c.model_dump()) for c in self.couplings),
            weather=Weather(w.mean_c, w.amplitude_c, w.peak_hour, tuple(w.hourly_c)),
            duration_h=self.duration_h,
            step_s=self.step_s,
            control_gain_w_per_k=self.control_gain_w_per_k,
        )


class WhatIfIn(BaseModel):
    ua_scale: Number = Field(default=1.0, ge=0.01, le=10)
    internal_gains_scale: Number = Field(default=1.0, ge=0, le=10)
    heating_setpoint_offset_k: Number = Field(default=0.0, ge=-10, le=10)
    cooling_setpoint_offset_k: Number = Field(default=0.0, ge=-10, le=10)
    outdoor_offset_k: Number = Field(default=0.0, ge=-20, le=20)
    zones: list[str] = Field(default_factory=list, max_length=MAX_ZONES)

    def to_domain(self) -> WhatIf:
        return WhatIf(**{**self.model_dump(), "zones": tuple(self.zones)})


class BuildingZoneIn(BaseModel):
    """A zone of a building the IoT service knows: its parameters come from the floor area."""

    building_id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
    zone: str = Field(default="main", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
    # The zone's share of the building's floor area.
    zone_share: Number = Field(default=1.0, gt=0, le=1, allow_inf_nan=False)
    heating_setpoint_c: Temperature = 20.0
    cooling_setpoint_c: Temperature = 26.0
    initial_temp_c: Temperature = 20.0
    weather: WeatherIn = WeatherIn()
    duration_h: Number = Field(default=24.0, gt=0, le=24 * 366)
    step_s: Number = Field(default=300.0, ge=10, le=3600)

    def scenario(self, floor_area_m2: float) -> ScenarioIn:
        """The scenario of this zone in a building of ``floor_area_m2``; ValidationError when the
        area gives parameters outside the physical floors and ceilings of ``ZoneIn``."""
        setpoints = {
            "heating_setpoint_c": self.heating_setpoint_c,
            "cooling_setpoint_c": self.cooling_setpoint_c,
            "initial_temp_c": self.initial_temp_c,
        }
        area = floor_area_m2 * self.zone_share
        zone = {"name": self.zone, **zone_parameters(area, MODEL == "2r2c", setpoints)}
        return ScenarioIn.model_validate(
            {
                "zones": [zone],
                "weather": self.weather.model_dump(),
                "duration_h": self.duration_h,
                "step_s": self.step_s,
                "control_gain_w_per_k": CONTROL_GAIN_W_PER_K_PER_M2 * area,
            }
        )


class ZoneSummaryOut(BaseModel):
    name: str
    min_c: float
    mean_c: float
    max_c: float
    heating_kwh: float
    cooling_kwh: float
    comfort_hours: float


class SummaryOut(BaseModel):
    model: str
    steps: int
    hours: float
    zone_hours: float
    zones: list[ZoneSummaryOut]
    supplied_kwh: float
    envelope_loss_kwh: float
    stored_kwh: float
    balance_residual_kwh: float

    @classmethod
    def of(cls, summary: RunSummary) -> "SummaryOut":
        return cls(model=MODEL, **asdict(summary))


class BuildingSimulationOut(BaseModel):
    building_id: str
    building_name: str
    floor_area_m2: float
    zone_area_m2: float
    # The parameters the floor area gave, as a scenario the other routes accept.
    scenario: ScenarioIn
    summary: SummaryOut
