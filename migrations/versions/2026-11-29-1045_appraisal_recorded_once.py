"""Appraisals: who recorded the reward and the appeal reference is final with them (R6.9,
R6.12): once set after finalising, neither changes.

Revision ID: 0012_appraisal_recorded_once
Revises: 0011_appraisal_windows
Create Date: 2026-11-29 10:45:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012_appraisal_recorded_once"
down_revision: str | None = "0011_appraisal_windows"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ONCE = """
            OR (OLD.reward IS NOT NULL AND NEW.reward IS DISTINCT FROM OLD.reward)
            OR (OLD.appeal_reference IS NOT NULL
                AND NEW.appeal_reference IS DISTINCT FROM OLD.appeal_reference)"""
WHO = """
            OR (OLD.reward_recorded_by IS NOT NULL
                AND NEW.reward_recorded_by IS DISTINCT FROM OLD.reward_recorded_by)
            OR (OLD.appeal_recorded_by IS NOT NULL
                AND NEW.appeal_recorded_by IS DISTINCT FROM OLD.appeal_recorded_by)"""
FUNCTION = """
CREATE OR REPLACE FUNCTION appraisal_keep_finalised() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    later text[] := ARRAY['appeal_reference', 'appeal_recorded_by', 'reward',
                          'reward_recorded_by', 'version', 'updated_at'];
BEGIN
    IF OLD.state = 'finalised' AND (TG_OP = 'DELETE'
            OR to_jsonb(NEW) - later IS DISTINCT FROM to_jsonb(OLD) - later%s) THEN
        RAISE EXCEPTION 'a finalised appraisal is immutable (R6.12)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$
"""


def upgrade() -> None:
    op.execute(FUNCTION % (ONCE + WHO))


def downgrade() -> None:
    op.execute(FUNCTION % ONCE)
