"""Reading ids (the export's and live feed's ``seq``) are 64-bit on PostgreSQL.

Revision ID: 0004
Revises: 0003

A SERIAL column and its sequence are 32-bit on PostgreSQL: a building estate sending a reading
per sensor a minute runs out of ids within a few years, and then every ingestion fails. SQLite's
INTEGER PRIMARY KEY is already 64-bit, so nothing changes there. On a large table the type change
rewrites it under an exclusive lock: plan it in a maintenance window.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.alter_column("readings", "id", type_=sa.BigInteger, existing_type=sa.Integer)
    op.execute("ALTER SEQUENCE readings_id_seq AS bigint")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER SEQUENCE readings_id_seq AS integer")
    op.alter_column("readings", "id", type_=sa.Integer, existing_type=sa.BigInteger)
