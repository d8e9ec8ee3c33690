"""A report page people can open: KPIs as a table and a chart as inline SVG (no plotting library).

The chart shows hourly energy, its rolling mean and the anomalies as red dots. The output is a
pure function of the numbers, so the same data renders byte-identical pages.
"""

from html import escape

from .engine import Anomaly, BuildingKpis

WIDTH, HEIGHT, PAD = 900, 280, 40


def _points(values: list[float], top: float) -> list[tuple[float, float]]:
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    scale = (HEIGHT - 2 * PAD) / top if top > 0 else 0.0
    return [(PAD + i * step, HEIGHT - PAD - v * scale) for i, v in enumerate(values)]


def chart_svg(series: list[tuple[str, float, float]], anomalies: list[Anomaly], title: str) -> str:
    if not series:
        return "<p>No readings.</p>"
    energy = [kwh for _, kwh, _ in series]
    top = max(energy)
    raw = " ".join(f"{x:.1f},{y:.1f}" for x, y in _points(energy, top))
    mean = " ".join(f"{x:.1f},{y:.1f}" for x, y in _points([m for _, _, m in series], top))
    index = {ts: i for i, (ts, _, _) in enumerate(series)}
    coords = _points(energy, top)
    dots = "".join(
        f'<circle cx="{coords[index[a.ts]][0]:.1f}" cy="{coords[index[a.ts]][1]:.1f}" r="5" '
        f'fill="#c0392b"><title>{escape(a.ts)}: {a.energy_kwh:.1f} kWh</title></circle>'
        for a in anomalies
        if a.ts in index
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}">'
        f'<text x="{PAD}" y="20">{escape(title)} (peak {top:.1f} kWh/h)</text>'
        f'<polyline fill="none" stroke="#95a5a6" stroke-width="1" points="{raw}"/>'
        f'<polyline fill="none" stroke="#2c3e50" stroke-width="2" points="{mean}"/>'
        f"{dots}</svg>"
    )


def html_page(
    kpis: list[BuildingKpis], charts: dict[str, str], title: str = "Energy report"
) -> str:
    head = (
        "<tr><th>Building</th><th>kWh</th><th>kWh/m2</th><th>Peak kW</th>"
        "<th>Load factor</th><th>Comfort hours</th></tr>"
    )
    body = "".join(
        f"<tr><td>{escape(k.building_id)}</td><td>{k.total_kwh:.1f}</td>"
        f"<td>{k.eui_kwh_per_m2:.3f}</td><td>{k.peak_demand_kw:.1f}</td>"
        f"<td>{k.load_factor:.3f}</td><td>{k.comfort_hours} / {k.occupied_hours}</td></tr>"
        for k in kpis
    )
    sections = "".join(f"<h2>{escape(b)}</h2>{svg}" for b, svg in charts.items())
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        f"<table>{head}{body}</table>{sections}</body></html>\n"
    )
