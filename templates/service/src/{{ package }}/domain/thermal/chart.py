"""A run as a self-contained HTML page with inline SVG: no plotting library, no scripts.

Top panel: zone air temperatures (solid), heating/cooling setpoints (dashed) and outdoor
temperature (grey). Bottom panel: HVAC power per zone in kW (heating > 0, cooling < 0).
"""

from collections.abc import Sequence
from html import escape

import numpy as np

from .engine import SECONDS_PER_HOUR, Simulation

WIDTH, PANEL_H, MARGIN = 760, 220, 48
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2")


def _polyline(xs: Sequence[float], ys: Sequence[float], colour: str, extra: str = "") -> str:
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(xs, ys, strict=True))
    return f'<polyline fill="none" stroke="{colour}" points="{points}"{extra}/>'


class _Panel:
    def __init__(self, top: float, lo: float, hi: float, hours: float) -> None:
        pad = max(0.5, 0.05 * (hi - lo))
        self.top, self.lo, self.hi, self.hours = top, lo - pad, hi + pad, max(hours, 1e-9)

    def x(self, hours: Sequence[float]) -> list[float]:
        return [MARGIN + (WIDTH - 2 * MARGIN) * h / self.hours for h in hours]

    def y(self, values: Sequence[float]) -> list[float]:
        span = self.hi - self.lo
        return [self.top + PANEL_H * (self.hi - v) / span for v in values]

    def frame(self, label: str) -> str:
        x1 = WIDTH - MARGIN
        return (
            f'<rect x="{MARGIN}" y="{self.top}" width="{x1 - MARGIN}" height="{PANEL_H}" '
            'fill="none" stroke="#999"/>'
            f'<text x="{MARGIN}" y="{self.top - 6}" font-size="12">{escape(label)} '
            f"({self.lo:.1f} to {self.hi:.1f})</text>"
        )


def render_html(sim: Simulation, names: Sequence[str], title: str) -> str:
    if sim.steps == 0:
        raise ValueError("the run has no steps yet")
    hours = [t / SECONDS_PER_HOUR for t in sim.trace.time_s]
    step_hours = hours[:-1]
    air = np.array(sim.trace.air_c)
    hvac_kw = np.array(sim.trace.hvac_w).reshape(sim.steps, len(names)) / 1000.0
    outdoor = sim.trace.outdoor_c
    ctl = sim.controls
    t_lo = float(min(air.min(), min(outdoor), ctl.heating_setpoint_c.min()))
    t_hi = float(max(air.max(), max(outdoor), ctl.cooling_setpoint_c.max()))
    temps = _Panel(30, t_lo, t_hi, hours[-1])
    power = _Panel(30 + PANEL_H + 50, float(min(hvac_kw.min(), 0)), float(hvac_kw.max()), hours[-1])
    parts = [temps.frame("Temperature, degC"), power.frame("HVAC power, kW")]
    parts.append(_polyline(temps.x(step_hours), temps.y(outdoor), "#888", ' class="outdoor"'))
    for i, name in enumerate(names):
        colour = PALETTE[i % len(PALETTE)]
        label = f' class="zone" data-zone="{escape(name)}"'
        parts.append(_polyline(temps.x(hours), temps.y(air[:, i]), colour, label))
        for setpoint in (ctl.heating_setpoint_c[i], ctl.cooling_setpoint_c[i]):
            ys = temps.y([setpoint, setpoint])
            dash = ' stroke-dasharray="4 3" class="setpoint"'
            parts.append(_polyline(temps.x([0.0, hours[-1]]), ys, colour, dash))
        parts.append(
            _polyline(power.x(step_hours), power.y(hvac_kw[:, i]), colour, ' class="hvac"')
        )
    legend = "".join(
        f'<li style="color:{PALETTE[i % len(PALETTE)]}">{escape(n)}</li>'
        for i, n in enumerate(names)
    )
    height = 2 * PANEL_H + 110
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body>"
        f"<h1>{escape(title)}</h1>"
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'role="img" aria-label="{escape(title)}">{"".join(parts)}</svg>'
        f"<p>{hours[-1]:.1f} h, x axis in hours</p><ul>{legend}</ul></body></html>\n"
    )
