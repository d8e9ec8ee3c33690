"""KPI rows/s of the analytics-service's DuckDB engine vs a plain Python pass, in one run.

Both compute the same per-building KPIs (total, peak, mean, occupied and comfort hours) over
the same CSV (the sample fortnight repeated for 400 buildings, 134,400 rows) and must agree.
Run: `python benchmarks/analytics-service.py [SERVICE_DIR]`.
"""

from __future__ import annotations

import sys

from _service import installed_service, run_in

CODE = r"""
import csv, tempfile, time
from pathlib import Path
from svc.domain.analytics import sample
from svc.domain.analytics.engine import Engine

folder = Path(tempfile.mkdtemp())
base = sample.rows()
with (folder / "t.csv").open("w", newline="") as f, (folder / "b.csv").open("w", newline="") as g:
    w, b = csv.writer(f), csv.writer(g)
    w.writerow(["building_id", "ts", "energy_kwh", "indoor_temp_c", "occupied"])
    b.writerow(["building_id", "floor_area_m2"])
    for i in range(200):
        for name, area in sample.BUILDINGS.items():
            b.writerow([f"{name}-{i}", area])
        for name, ts, kwh, temp, busy in base:
            w.writerow([f"{name}-{i}", ts.isoformat(), kwh, temp, str(busy).lower()])
n = len(base) * 200

def plain():
    acc = {}
    with (folder / "t.csv").open(newline="") as f:
        for r in csv.DictReader(f):
            a = acc.setdefault(r["building_id"], [0.0, 0.0, 0, 0, 0])
            kwh, busy, temp = float(r["energy_kwh"]), r["occupied"] == "true", float(r["indoor_temp_c"])
            a[0] += kwh; a[1] = max(a[1], kwh); a[2] += 1; a[3] += busy
            a[4] += busy and 20 <= temp <= 24
    return acc

start = time.perf_counter(); expected = plain(); baseline = time.perf_counter() - start
start = time.perf_counter()
got = Engine(folder / "t.csv", folder / "b.csv").kpis()
duck = time.perf_counter() - start
for k in got:
    e = expected[k.building_id]
    assert abs(k.total_kwh - e[0]) < 1e-6 * e[0], k
    assert k.peak_demand_kw == e[1] and k.comfort_hours == e[4], k
print(f"plain Python csv pass: {n / baseline:,.0f} rows/s")
print(f"DuckDB engine        : {n / duck:,.0f} rows/s")
ratio = baseline / duck
print(f"HEADLINE KPI throughput {n / duck:,.0f} rows/s = {ratio:.1f}x a plain Python pass ({n:,} rows)")
"""

if __name__ == "__main__":
    run_in(installed_service("analytics-service", sys.argv[1] if len(sys.argv) > 1 else None), CODE)
