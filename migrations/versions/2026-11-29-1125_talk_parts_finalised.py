"""Appraisals: what belongs to a finalised appraisal's talk stays as it was (R6.12). Informant
requests, their answers and the employee's suggestions (R6.10), and views on the draft (R6.3,
talk contributions), are refused by the database once the talk's appraisal is finalised, as
the ratings and signatures already are.

Revision ID: 0014_talk_parts_finalised
Revises: 0013_work_share
Create Date: 2026-11-29 11:25:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014_talk_parts_finalised"
down_revision: str | None = "0013_work_share"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# talk_contribution is append-only already (0007); a new one after finalising is refused here.
TABLES = {
    "informant_request": "INSERT OR UPDATE OR DELETE",
    "informant_suggestion": "INSERT OR UPDATE OR DELETE",
    "talk_contribution": "INSERT",
}


def upgrade() -> None:
    op.execute(
        """
        CREATE FUNCTION talk_part_keep_finalised() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            target uuid;
        BEGIN
            IF TG_OP = 'DELETE' THEN
                target := OLD.talk_id;
            ELSE
                target := NEW.talk_id;
            END IF;
            IF EXISTS (
                SELECT 1 FROM appraisal WHERE talk_id = target AND state = 'finalised'
            ) THEN
                RAISE EXCEPTION 'the talk of a finalised appraisal is closed (R6.12)'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END;
        $$
        """
    )
    for table, events in TABLES.items():
        op.execute(
            f"CREATE TRIGGER {table}_finalised_immutable BEFORE {events} ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION talk_part_keep_finalised()"
        )


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER {table}_finalised_immutable ON {table}")
    op.execute("DROP FUNCTION talk_part_keep_finalised()")
