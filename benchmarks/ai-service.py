"""Inference rows/s through the ai-service's HTTP predict endpoint vs a bare model call, in one run.

Both score the same 1,000 rows with the production model; the ratio is what validation, JSON
and the registry lookup cost. Run: `python benchmarks/ai-service.py [SERVICE_DIR]` (without a
directory it renders and installs a fresh ai-service first).
"""

from __future__ import annotations

import sys

from _service import installed_service, run_in

CODE = r"""
import time, statistics
import numpy as np
from fastapi.testclient import TestClient
from svc.main import create_app
from svc.domain.models.dataset import generate

raw = generate(1000, seed=5).raw
rows = [dict(floor_area_m2=a, occupancy=int(n), outdoor_temp_c=t, weekend=bool(w)) for a, n, t, w in raw]
with TestClient(create_app()) as client:
    store = client.app.state.model_store
    model = store.model(store.resolve("energy"))

    def best(action, repeat=15):
        samples = []
        for _ in range(repeat):
            start = time.perf_counter(); action(); samples.append(time.perf_counter() - start)
        return statistics.median(samples)

    bare = best(lambda: model.predict(raw))
    http = best(lambda: client.post("/v1/models/energy:predict", json={"rows": rows}).raise_for_status())
print(f"bare model.predict: {len(raw) / bare:,.0f} rows/s")
print(f"POST :predict     : {len(raw) / http:,.0f} rows/s")
print(f"HEADLINE inference {len(raw) / http:,.0f} rows/s over HTTP = {bare / http:.1%} of a bare model call")
"""

if __name__ == "__main__":
    run_in(installed_service("ai-service", sys.argv[1] if len(sys.argv) > 1 else None), CODE)
