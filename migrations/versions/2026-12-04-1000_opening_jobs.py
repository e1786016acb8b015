"""The opening of a period as a resumable job (issue 20): ``opening_job`` records which period,
how far the chunked opening got (the last employee done, in id order) and its state, so that a
rerun continues where a killed process stopped; at most one job runs per period.

Revision ID: 0028_opening_jobs
Revises: 0027_appeal_decisions
Create Date: 2026-12-04 10:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0028_opening_jobs"
down_revision: str | None = "0027_appeal_decisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "opening_job",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("period_id", sa.String(length=9), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=10), server_default="running", nullable=False),
        sa.Column("last_employee_id", sa.Uuid(), nullable=True),
        sa.Column("chunks_done", sa.Integer(), server_default="0", nullable=False),
        sa.Column("cycles_created", sa.Integer(), server_default="0", nullable=False),
        sa.Column("opening_id", sa.Uuid(), nullable=True),
        sa.Column("started_by", sa.String(length=200), nullable=False),
        sa.Column(
            "started_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("state IN ('running','done')", name=op.f("ck_opening_job_state")),
        sa.ForeignKeyConstraint(
            ["opening_id"],
            ["period_opening.id"],
            name=op.f("fk_opening_job_opening_id_period_opening"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opening_job")),
    )
    op.create_index(
        "uq_opening_job_running",
        "opening_job",
        ["period_id"],
        unique=True,
        postgresql_where=sa.text("state = 'running'"),
    )


def downgrade() -> None:
    op.drop_index("uq_opening_job_running", table_name="opening_job")
    op.drop_table("opening_job")
