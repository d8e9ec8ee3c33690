"""Building analytics: telemetry in, KPIs, rolling windows, anomalies and a report out.

Batch queries run in DuckDB (embedded, reads CSV and Parquet in place); the HTTP adapter is
``domain/analytics_routes.py``.
"""
