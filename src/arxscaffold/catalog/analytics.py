"""Analytics service decisions: the `analytics` section of the decisions file."""

from __future__ import annotations

from arxscaffold.catalog.model import Area, Option, choice, flag
from arxscaffold.catalog.runtime import runtime

AREA = Area(
    "analytics",
    "Analytics service",
    9,
    "Operators need KPIs (energy per m2, peak demand, comfort hours) and anomaly detection over "
    "telemetry, in batch and in rolling windows.",
    ("Correct KPI numbers", "Embedded engine now, distributed later", "Real-time windows"),
    (
        runtime("analytics"),
        choice(
            "analytics.engine",
            "Query engine",
            "duckdb",
            (
                Option(
                    "duckdb",
                    "DuckDB (embedded SQL over CSV/Parquet in place)",
                    (
                        "Nothing to operate: runs inside the service process",
                        "Columnar and vectorised: millions of rows per second on one core",
                        "Reads Parquet and CSV where they lie (local disk, object storage)",
                    ),
                    ("One machine: memory and cores bound the data size",),
                ),
                Option(
                    "ibis-duckdb",
                    "Ibis expressions over DuckDB (Spark/Trino by changing the backend)",
                    ("One dataframe API across engines",),
                    ("Heavier install (pyarrow, pandas)", "Another abstraction to learn"),
                    supported=False,
                ),
                Option(
                    "spark",
                    "Apache Spark SQL",
                    ("Scales out over a cluster",),
                    ("A cluster to operate; seconds of latency per query",),
                    supported=False,
                ),
            ),
            "Where batch KPIs, rolling windows and anomaly scans run.",
        ),
        flag(
            "analytics.realtime",
            "Real-time rolling windows",
            True,
            "POST /v1/stream/readings: rolling mean and anomaly verdict per reading, in memory.",
            # The web app reads it only to pick the analytics service's generated API types.
            read_by=("web",),
        ),
    ),
    kinds=("analytics-service",),
    confirmation="service smoke: own tests (KPI numbers on a fixture), start, one KPI request",
)
