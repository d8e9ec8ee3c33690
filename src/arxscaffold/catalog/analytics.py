"""Analytics service decisions: the `analytics` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog.model import Area
from arxscaffold.catalog.runtime import runtime

AREA = Area(
    "analytics",
    "Analytics service",
    9,
    "Operators need KPIs (energy per m2, peak demand, comfort hours) and anomaly detection over "
    "telemetry, in batch and in rolling windows.",
    ("Correct KPI numbers", "Embedded engine now, distributed later", "Real-time windows"),
    (runtime("analytics"),),
    kinds=("analytics-service",),
    confirmation="service smoke: own tests, start, /healthz answers 200",
)
