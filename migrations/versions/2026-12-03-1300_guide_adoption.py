"""R3.5 (issue 18): a guide version is in force only once the College has adopted it after the
works council's consent. The adoption is recorded once, beside the immutable version; a version
without it is a draft. The bundled 2014 guide, when loaded, is adopted as the seed records it.

Revision ID: 0024_guide_adoption
Revises: 0023_partly_met
Create Date: 2026-12-03 13:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_guide_adoption"
down_revision: str | None = "0023_partly_met"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "guide_adoption",
        sa.Column("guide_version_id", sa.String(length=60), nullable=False),
        sa.Column("college_decision_date", sa.Date(), nullable=False),
        sa.Column("college_decision_reference", sa.Text(), nullable=False),
        sa.Column("works_council_consent_date", sa.Date(), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "works_council_consent_date <= college_decision_date",
            name=op.f("ck_guide_adoption_consent_before_decision"),
        ),
        sa.CheckConstraint(
            "length(college_decision_reference) > 0",
            name=op.f("ck_guide_adoption_reference_given"),
        ),
        sa.ForeignKeyConstraint(
            ["guide_version_id"],
            ["guide_version.id"],
            name=op.f("fk_guide_adoption_guide_version_id_guide_version"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("guide_version_id", name=op.f("pk_guide_adoption")),
    )
    # R3.5: recorded once, never changed.
    op.execute(
        "CREATE TRIGGER guide_adoption_immutable BEFORE UPDATE OR DELETE ON guide_adoption "
        "FOR EACH ROW EXECUTE FUNCTION guide_refuse_change()"
    )
    # Versions loaded before were in force by their date alone: they stay in force. The 2014
    # guide gets the seed's record; any other gets what is known (its load), marked as such.
    op.execute(
        """
        INSERT INTO guide_adoption (guide_version_id, college_decision_date,
            college_decision_reference, works_council_consent_date, recorded_by)
        SELECT id,
               CASE WHEN id = '2014' THEN DATE '2014-02-24' ELSE loaded_at::date END,
               CASE WHEN id = '2014'
                    THEN 'Collegenota Regeling gesprekscyclus het goede gesprek '
                         '(Shared Service Center, 24-2-14)'
                    ELSE 'recorded by migration 0024: in force before adoption was recorded'
               END,
               CASE WHEN id = '2014' THEN DATE '2014-01-30' ELSE loaded_at::date END,
               'migration 0024_guide_adoption'
        FROM guide_version
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER guide_adoption_immutable ON guide_adoption")
    op.drop_table("guide_adoption")
