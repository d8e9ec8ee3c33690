"""A reading is unique by device, metric and timestamp, so redeliveries store nothing new.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Duplicates stored before this revision (at-most-once delivery could still repeat an
    # HTTP retry): the first stored copy is kept.
    op.execute(
        "DELETE FROM readings WHERE id NOT IN "
        "(SELECT MIN(id) FROM readings GROUP BY device_id, metric, ts)"
    )
    op.drop_index("ix_readings_device_metric_ts", table_name="readings")
    op.create_index(
        "uq_readings_device_metric_ts", "readings", ["device_id", "metric", "ts"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_readings_device_metric_ts", table_name="readings")
    op.create_index("ix_readings_device_metric_ts", "readings", ["device_id", "metric", "ts"])
