"""How fast is the generated physics service's thermal core? Zone-hours simulated per second.

Renders a physics service (1R1C zones), imports its core, and times in the same run:

1. engine: the generated vectorised engine (exact matrix-exponential steps, P control) on
   ZONES coupled zones for a week at 5-minute steps;
2. baseline: a pure-Python loop over zones and couplings (forward Euler, same step, same
   controller), the code one writes first.

Prints both rates and the speed-up. Needs numpy and scipy in this interpreter (the service's pins).
Run: `python benchmarks/physics-service.py [--zones N] [--repeat N]`.
"""

from __future__ import annotations

import os

# Small dense products lose to OpenBLAS's thread start-up on a busy 2-core machine (100x100
# solve: 0.2 ms on one thread, 200 ms on two here); services scale by processes instead.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import importlib
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from arxscaffold.decisions import load_text
from arxscaffold.render import NewRequest, new

DECISIONS = """\
version: 1
system: {name: bench}
components: [{name: thermal, kind: physics-service}]
physics: {model: 1r1c, realtime: none}
"""
HOURS, STEP_S = 168.0, 300.0


def scenario_for(thermal: Any, zones: int) -> Any:
    zone_list = tuple(
        thermal.network.Zone(
            f"z{i}",
            capacitance_j_per_k=1.5e7 + 1e5 * (i % 7),
            ua_w_per_k=200.0 + 10 * (i % 5),
            internal_gains_w=1500.0,
            heating_capacity_w=8000.0,
            cooling_capacity_w=8000.0,
            initial_temp_c=18.0,
        )
        for i in range(zones)
    )
    couplings = tuple(thermal.network.Coupling(f"z{i}", f"z{i + 1}", 120.0) for i in range(zones - 1))
    weather = thermal.engine.Weather(mean_c=4.0, amplitude_c=6.0)
    return thermal.scenario.Scenario(zone_list, couplings, weather, HOURS, STEP_S)


def pure_python(scenario: Any, hours: float) -> list[float]:
    zones = scenario.zones
    temps = [z.initial_temp_c for z in zones]
    index = {z.name: i for i, z in enumerate(zones)}
    links = [(index[c.zone_a], index[c.zone_b], c.conductance_w_per_k) for c in scenario.couplings]
    gain = scenario.control_gain_w_per_k
    for step in range(round(hours * 3600 / STEP_S)):
        t_out = scenario.weather.at(step * STEP_S)
        flows = [0.0] * len(zones)
        for a, b, k in links:
            q = k * (temps[b] - temps[a])
            flows[a] += q
            flows[b] -= q
        for i, z in enumerate(zones):
            heat = min(max(gain * (z.heating_setpoint_c - temps[i]), 0.0), z.heating_capacity_w)
            cool = min(max(gain * (temps[i] - z.cooling_setpoint_c), 0.0), z.cooling_capacity_w)
            q = z.ua_w_per_k * (t_out - temps[i]) + flows[i] + z.internal_gains_w + heat - cool
            temps[i] += STEP_S * q / z.capacitance_j_per_k
    return temps


def load_core(folder: Path) -> Any:
    """Import the generated core package on its own (the service's HTTP layer needs FastAPI)."""
    spec = importlib.util.spec_from_file_location(
        "thermal_core", folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules["thermal_core"] = package
    spec.loader.exec_module(package)
    for name in ("engine", "network", "scenario"):
        setattr(package, name, importlib.import_module(f"thermal_core.{name}"))
    return package


def best_of(repeat: int, action: Any) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return min(samples) if repeat < 3 else statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zones", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        dest = Path(scratch) / "bench"
        new(NewRequest(load_text(DECISIONS, "benchmark"), dest))
        thermal = load_core(dest / "thermal" / "src" / "thermal" / "domain" / "thermal")
        case = scenario_for(thermal, args.zones)
        zone_hours = HOURS * args.zones
        engine_s = best_of(args.repeat, case.run)
        baseline_hours = HOURS / 4  # the loop is slow; a quarter of the week is plenty
        baseline_s = best_of(args.repeat, lambda: pure_python(case, baseline_hours))
    engine_rate = zone_hours / engine_s
    baseline_rate = baseline_hours * args.zones / baseline_s
    print(f"{args.zones} coupled zones, {STEP_S:.0f} s steps, median of {args.repeat}")
    print(f"engine (vectorised, exact steps): {engine_rate:12,.0f} zone-hours/s")
    print(f"baseline (pure-Python Euler loop): {baseline_rate:11,.0f} zone-hours/s")
    print(f"speed-up: {engine_rate / baseline_rate:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
