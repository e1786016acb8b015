"""Bezwaar en beroep (Art. 6.12, toelichting; issue 18): HR records the outcome of a formal
objection or appeal against a finalised appraisal; when it is upheld in whole or part, a
superseding appraisal is opened on a new appraisal talk of the same cycle (origin `appeal`),
prefilled from the finalised one and linked to it (`appraisal.supersedes_id`). The original
stays immutable.

Revision ID: 0027_appeal_decisions
Revises: 0026_development_evaluations
Create Date: 2026-12-03 16:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027_appeal_decisions"
down_revision: str | None = "0026_development_evaluations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "appeal_decision",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("appraisal_id", sa.Uuid(), nullable=False),
        sa.Column("procedure", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("superseding_talk_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "procedure IN ('objection','appeal')", name=op.f("ck_appeal_decision_procedure")
        ),
        sa.CheckConstraint(
            "outcome IN ('upheld','partly-upheld','rejected','withdrawn')",
            name=op.f("ck_appeal_decision_outcome"),
        ),
        sa.CheckConstraint(
            "(superseding_talk_id IS NOT NULL) <= (outcome IN ('upheld','partly-upheld'))",
            name=op.f("ck_appeal_decision_supersedes_when_upheld"),
        ),
        sa.CheckConstraint("length(reference) > 0", name=op.f("ck_appeal_decision_reference")),
        sa.ForeignKeyConstraint(
            ["appraisal_id"],
            ["appraisal.id"],
            name=op.f("fk_appeal_decision_appraisal_id_appraisal"),
        ),
        sa.ForeignKeyConstraint(
            ["superseding_talk_id"],
            ["talk.id"],
            name=op.f("fk_appeal_decision_superseding_talk_id_talk"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeal_decision")),
        sa.UniqueConstraint(
            "appraisal_id", "procedure", name=op.f("uq_appeal_decision_appraisal_id")
        ),
    )
    # Recorded once, never changed (the decision of the College or the court).
    op.execute(
        """
        CREATE FUNCTION appeal_decision_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'appeal_decision is append-only (R6.12)'
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER appeal_decision_append_only BEFORE UPDATE OR DELETE ON appeal_decision "
        "FOR EACH ROW EXECUTE FUNCTION appeal_decision_refuse_change()"
    )
    op.add_column("appraisal", sa.Column("supersedes_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(
        op.f("fk_appraisal_supersedes_id_appraisal"),
        "appraisal",
        "appraisal",
        ["supersedes_id"],
        ["id"],
    )
    op.create_unique_constraint(op.f("uq_appraisal_supersedes_id"), "appraisal", ["supersedes_id"])
    op.drop_constraint("origin", "talk", type_="check")
    op.create_check_constraint(
        "origin", "talk", "origin IN ('cycle','extra','early','requested','appeal')"
    )


def downgrade() -> None:
    op.drop_constraint("origin", "talk", type_="check")
    op.create_check_constraint("origin", "talk", "origin IN ('cycle','extra','early','requested')")
    op.drop_constraint(op.f("uq_appraisal_supersedes_id"), "appraisal", type_="unique")
    op.drop_constraint(
        op.f("fk_appraisal_supersedes_id_appraisal"), "appraisal", type_="foreignkey"
    )
    op.drop_column("appraisal", "supersedes_id")
    op.execute("DROP TRIGGER appeal_decision_append_only ON appeal_decision")
    op.execute("DROP FUNCTION appeal_decision_refuse_change()")
    op.drop_table("appeal_decision")
