"""The competency guide as versioned reference data (R3.1, R3.5).

Revision ID: 0003_competency_guide
Revises: 0002_audit_filter_indexes
Create Date: 2026-11-29 03:03:44.828482+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003_competency_guide"
down_revision: str | None = "0002_audit_filter_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GUIDE_TABLES = (
    "guide_version",
    "competency",
    "competency_level_band",
    "competency_level",
    "competency_profile",
    "competency_profile_item",
    "preparation_tip",
    "rating_value",
)


def upgrade() -> None:
    op.create_table(
        "guide_version",
        sa.Column("id", sa.String(length=60), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("document", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "loaded_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.Column("loaded_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_guide_version")),
        sa.UniqueConstraint("effective_date", name=op.f("uq_guide_version_effective_date")),
    )
    op.create_table(
        "competency",
        sa.Column("guide_version_id", sa.String(length=60), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("cluster", sa.String(length=16), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("developability", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "cluster IN ('core', 'connect', 'choose', 'learn')",
            name=op.f("ck_competency_cluster_known"),
        ),
        sa.ForeignKeyConstraint(
            ["guide_version_id"],
            ["guide_version.id"],
            name=op.f("fk_competency_guide_version_id_guide_version"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("guide_version_id", "code", name=op.f("pk_competency")),
        sa.UniqueConstraint("guide_version_id", "name", name="uq_competency_version_name"),
    )
    op.create_table(
        "competency_level_band",
        sa.Column("guide_version_id", sa.String(length=60), nullable=False),
        sa.Column("level", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("min_scale", sa.Integer(), nullable=False),
        sa.Column("max_scale", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "level BETWEEN 1 AND 3", name=op.f("ck_competency_level_band_level_range")
        ),
        sa.CheckConstraint(
            "min_scale >= 3 AND max_scale <= 18 AND min_scale <= max_scale",
            name=op.f("ck_competency_level_band_scales"),
        ),
        sa.ForeignKeyConstraint(
            ["guide_version_id"],
            ["guide_version.id"],
            name=op.f("fk_competency_level_band_guide_version_id_guide_version"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("guide_version_id", "level", name=op.f("pk_competency_level_band")),
    )
    op.create_table(
        "competency_profile",
        sa.Column("guide_version_id", sa.String(length=60), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("steering", sa.Boolean(), nullable=False),
        sa.Column("free_choices", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "NOT steering OR free_choices = 0",
            name=op.f("ck_competency_profile_steering_has_no_choices"),
        ),
        sa.CheckConstraint(
            "free_choices BETWEEN 0 AND 6", name=op.f("ck_competency_profile_free_choices_range")
        ),
        sa.ForeignKeyConstraint(
            ["guide_version_id"],
            ["guide_version.id"],
            name=op.f("fk_competency_profile_guide_version_id_guide_version"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("guide_version_id", "code", name=op.f("pk_competency_profile")),
    )
    op.create_table(
        "preparation_tip",
        sa.Column("guide_version_id", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_version_id"],
            ["guide_version.id"],
            name=op.f("fk_preparation_tip_guide_version_id_guide_version"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("guide_version_id", "position", name=op.f("pk_preparation_tip")),
    )
    op.create_table(
        "rating_value",
        sa.Column("guide_version_id", sa.String(length=60), nullable=False),
        sa.Column("score", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("meaning", sa.Text(), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_rating_value_score_range")),
        sa.ForeignKeyConstraint(
            ["guide_version_id"],
            ["guide_version.id"],
            name=op.f("fk_rating_value_guide_version_id_guide_version"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("guide_version_id", "score", name=op.f("pk_rating_value")),
    )
    op.create_table(
        "competency_level",
        sa.Column("guide_version_id", sa.String(length=60), nullable=False),
        sa.Column("competency_code", sa.String(length=60), nullable=False),
        sa.Column("level", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("behaviours", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("tips", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.CheckConstraint(
            "jsonb_array_length(behaviours) > 0", name=op.f("ck_competency_level_has_behaviours")
        ),
        sa.CheckConstraint(
            "jsonb_array_length(tips) > 0", name=op.f("ck_competency_level_has_tips")
        ),
        sa.ForeignKeyConstraint(
            ["guide_version_id", "competency_code"],
            ["competency.guide_version_id", "competency.code"],
            name="fk_competency_level_competency",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["guide_version_id", "level"],
            ["competency_level_band.guide_version_id", "competency_level_band.level"],
            name="fk_competency_level_band",
        ),
        sa.PrimaryKeyConstraint(
            "guide_version_id", "competency_code", "level", name=op.f("pk_competency_level")
        ),
    )
    op.create_table(
        "competency_profile_item",
        sa.Column("guide_version_id", sa.String(length=60), nullable=False),
        sa.Column("profile_code", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("competency_code", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["guide_version_id", "competency_code"],
            ["competency.guide_version_id", "competency.code"],
            name="fk_competency_profile_item_competency",
        ),
        sa.ForeignKeyConstraint(
            ["guide_version_id", "profile_code"],
            ["competency_profile.guide_version_id", "competency_profile.code"],
            name="fk_competency_profile_item_profile",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "guide_version_id", "profile_code", "position", name=op.f("pk_competency_profile_item")
        ),
        sa.UniqueConstraint(
            "guide_version_id",
            "profile_code",
            "competency_code",
            name="uq_competency_profile_item_once",
        ),
    )
    # R3.5: a loaded guide version never changes; a new guide is a new version.
    op.execute(
        """
        CREATE FUNCTION guide_refuse_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is immutable (R3.5): load a new guide version instead', TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$
        """
    )
    for table in GUIDE_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION guide_refuse_change()"
        )


def downgrade() -> None:
    for table in GUIDE_TABLES:
        op.execute(f"DROP TRIGGER {table}_immutable ON {table}")
    op.execute("DROP FUNCTION guide_refuse_change()")
    op.drop_table("competency_profile_item")
    op.drop_table("competency_level")
    op.drop_table("rating_value")
    op.drop_table("preparation_tip")
    op.drop_table("competency_profile")
    op.drop_table("competency_level_band")
    op.drop_table("competency")
    op.drop_table("guide_version")
