"""Sub-year values: dataset_values gains `period` (NULL for a yearly value; 2024-05, 2024-Q2, 2023-01~06)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    # Nullable, no default: every value stored before this migration is a yearly value, which NULL says.
    with op.batch_alter_table("dataset_values") as batch:
        batch.add_column(sa.Column("period", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dataset_values") as batch:
        batch.drop_column("period")
