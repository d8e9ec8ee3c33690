"""IoT core: device registry, telemetry ingestion, dead letters, building-protocol adapters.

``store`` owns the database (SQLAlchemy; schema by Alembic migrations in ``migrations``),
``ingest`` validates messages from any transport, and each transport or protocol adapter
only turns its wire format into calls on those two.
"""
