"""Buildings, and the building of each device.

Revision ID: 0003
Revises: 0002

Upgrading a 0.2.0 database: its devices keep working (they authenticate and ingest as before)
with ``building_id`` NULL, so they appear in no building's latest readings, export filter or
live feed until assigned (``UPDATE devices SET building_id = ...`` after creating the building
with ``POST /v1/buildings``). The column stays nullable for them and for devices a field adapter
registers; the API requires a building for every device it provisions.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "buildings",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("floor_area_m2", sa.Float, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Batch mode: SQLite adds a foreign key only by copying the table (PostgreSQL alters it).
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("building_id", sa.String(64), nullable=True))
        batch.create_foreign_key("fk_devices_building_id", "buildings", ["building_id"], ["id"])
        batch.create_index("ix_devices_building_id", ["building_id"])


def downgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.drop_index("ix_devices_building_id")
        batch.drop_constraint("fk_devices_building_id", type_="foreignkey")
        batch.drop_column("building_id")
    op.drop_table("buildings")
