"""TRUNCATE refused on every table whose rows are immutable once final (issue 16): the guide
(R3.5), the appraisal with its ratings and signatures (R6.11, R6.12), and the informants' requests
and suggestions of a finalised appraisal's talk (R6.10, R6.12). Row triggers refuse UPDATE and
DELETE there already; TRUNCATE fires no row trigger, so a statement trigger refuses it (as on
``audit_event`` and the agreements' append-only tables).

Revision ID: 0016_no_truncate
Revises: 0015_cycle_list_order
Create Date: 2026-12-03 03:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016_no_truncate"
down_revision: str | None = "0015_cycle_list_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "guide_version",
    "competency",
    "competency_level_band",
    "competency_level",
    "competency_profile",
    "competency_profile_item",
    "preparation_tip",
    "rating_value",
    "appraisal",
    "appraisal_rating",
    "appraisal_signature",
    "informant_request",
    "informant_suggestion",
)


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'TRUNCATE % refused: its rows are immutable once final', TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$
        """
    )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION refuse_truncate()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_no_truncate ON {table}")
    op.execute("DROP FUNCTION refuse_truncate()")
