"""Cycles and talks: the scheduling engine's cycles, talks, requests, decisions, the test clock.

cycle.next_due_date is kept by statement-level triggers on talk, so the overdue list is one
indexed comparison and no write path can forget it.

Revision ID: 0005_cycles
Revises: 0004_people
Create Date: 2026-11-29 05:21:11.681414+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_cycles"
down_revision: str | None = "0004_people"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clock_setting",
        sa.Column("id", sa.SmallInteger(), autoincrement=False, nullable=False),
        sa.Column("offset_days", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(length=200), nullable=False),
        sa.Column(
            "set_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_clock_setting_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clock_setting")),
    )
    op.create_table(
        "period_opening",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("period_id", sa.String(length=9), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("cycles_created", sa.Integer(), nullable=False),
        sa.Column("opened_by", sa.String(length=200), nullable=False),
        sa.Column(
            "opened_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_opening")),
    )
    op.create_index(
        op.f("ix_period_opening_period_id"), "period_opening", ["period_id"], unique=False
    )
    op.create_table(
        "cycle",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("rule", sa.String(length=10), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("end_reason", sa.String(length=20), nullable=True),
        sa.Column("state", sa.String(length=20), server_default="active", nullable=False),
        sa.Column("guide_version_id", sa.String(length=60), nullable=True),
        sa.Column("function_profile_id", sa.Uuid(), nullable=False),
        sa.Column("next_due_date", sa.Date(), nullable=True),
        sa.Column(
            "created_at",
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
        sa.CheckConstraint(
            "end_reason IN ('leaving','placement')", name=op.f("ck_cycle_end_reason")
        ),
        sa.CheckConstraint(
            "kind IN ('regular','joining','probation','bridging','entry-scale','one-year')",
            name=op.f("ck_cycle_kind"),
        ),
        sa.CheckConstraint(
            "state IN ('active','completed','superseded')", name=op.f("ck_cycle_state")
        ),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_cycle_period")),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employee.id"], name=op.f("fk_cycle_employee_id_employee")
        ),
        sa.ForeignKeyConstraint(
            ["function_profile_id"],
            ["function_profile.id"],
            name=op.f("fk_cycle_function_profile_id_function_profile"),
        ),
        sa.ForeignKeyConstraint(
            ["guide_version_id"],
            ["guide_version.id"],
            name=op.f("fk_cycle_guide_version_id_guide_version"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle")),
        sa.UniqueConstraint("employee_id", "start_date", name="uq_cycle_employee_start"),
    )
    op.create_index(
        "ix_cycle_next_due_date",
        "cycle",
        ["next_due_date"],
        unique=False,
        postgresql_where=sa.text("state = 'active'"),
    )
    op.create_index("ix_cycle_start_date", "cycle", ["start_date", "end_date"], unique=False)
    op.create_table(
        "cycle_decision",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("from_year", sa.Integer(), nullable=False),
        sa.Column("one_year", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column(
            "decided_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "from_year BETWEEN 2000 AND 2200", name=op.f("ck_cycle_decision_from_year")
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employee.id"], name=op.f("fk_cycle_decision_employee_id_employee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cycle_decision")),
    )
    op.create_index(
        "ix_cycle_decision_employee_id",
        "cycle_decision",
        ["employee_id", "from_year"],
        unique=False,
    )
    op.create_table(
        "talk",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cycle_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.SmallInteger(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=True),
        sa.Column("due_rule", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="open", nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("location", sa.String(length=300), nullable=True),
        sa.Column("video_url", sa.String(length=2000), nullable=True),
        sa.Column("scheduled_by", sa.String(length=200), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("held_recorded_by", sa.String(length=200), nullable=True),
        sa.Column("cancelled_reason", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "created_at",
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
        sa.CheckConstraint(
            "(status = 'held') = (held_on IS NOT NULL)", name=op.f("ck_talk_held_has_date")
        ),
        sa.CheckConstraint(
            "kind IN ('planning','progress','appraisal')", name=op.f("ck_talk_kind")
        ),
        sa.CheckConstraint(
            "origin = 'cycle' OR length(reason) > 0", name=op.f("ck_talk_extra_has_reason")
        ),
        sa.CheckConstraint(
            "origin IN ('cycle','extra','early','requested')", name=op.f("ck_talk_origin")
        ),
        sa.CheckConstraint(
            "status <> 'scheduled' OR starts_at IS NOT NULL",
            name=op.f("ck_talk_scheduled_has_time"),
        ),
        sa.CheckConstraint(
            "status IN ('open','scheduled','held','cancelled')", name=op.f("ck_talk_status")
        ),
        sa.CheckConstraint(
            "ends_at IS NULL OR ends_at > starts_at", name=op.f("ck_talk_ends_after_start")
        ),
        sa.ForeignKeyConstraint(["cycle_id"], ["cycle.id"], name=op.f("fk_talk_cycle_id_cycle")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talk")),
    )
    op.create_index("ix_talk_cycle_id", "talk", ["cycle_id", "kind", "sequence"], unique=False)
    op.create_table(
        "hardship_decision",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rule", sa.String(length=10), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("cycle_id", sa.Uuid(), nullable=False),
        sa.Column("talk_id", sa.Uuid(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_hardship_decision_cycle_id_cycle")
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employee.id"], name=op.f("fk_hardship_decision_employee_id_employee")
        ),
        sa.ForeignKeyConstraint(
            ["talk_id"], ["talk.id"], name=op.f("fk_hardship_decision_talk_id_talk")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hardship_decision")),
    )
    op.create_index(
        "ix_hardship_decision_cycle_id", "hardship_decision", ["cycle_id", "rule"], unique=False
    )
    op.create_index(
        "ix_hardship_decision_employee_id", "hardship_decision", ["employee_id"], unique=False
    )
    op.create_table(
        "talk_attendee",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("talk_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("proposed_by", sa.String(length=20), nullable=False),
        sa.Column("manager_consent_by", sa.String(length=200), nullable=True),
        sa.Column("manager_consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("employee_consent_by", sa.String(length=200), nullable=True),
        sa.Column("employee_consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "proposed_by IN ('manager','employee')", name=op.f("ck_talk_attendee_proposed_by")
        ),
        sa.ForeignKeyConstraint(
            ["talk_id"], ["talk.id"], name=op.f("fk_talk_attendee_talk_id_talk")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talk_attendee")),
    )
    op.create_index("ix_talk_attendee_talk_id", "talk_attendee", ["talk_id"], unique=False)
    op.create_table(
        "talk_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("cycle_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column(
            "requested_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=20), server_default="open", nullable=False),
        sa.Column("answer_reason", sa.Text(), nullable=True),
        sa.Column("answered_by", sa.String(length=200), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("talk_id", sa.Uuid(), nullable=True),
        sa.CheckConstraint("kind IN ('progress','appraisal')", name=op.f("ck_talk_request_kind")),
        sa.CheckConstraint(
            "status <> 'declined' OR length(answer_reason) > 0",
            name=op.f("ck_talk_request_decline_has_reason"),
        ),
        sa.CheckConstraint(
            "status <> 'scheduled' OR talk_id IS NOT NULL",
            name=op.f("ck_talk_request_scheduled_has_talk"),
        ),
        sa.CheckConstraint(
            "status IN ('open','scheduled','declined')", name=op.f("ck_talk_request_status")
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_talk_request_cycle_id_cycle")
        ),
        sa.ForeignKeyConstraint(
            ["talk_id"], ["talk.id"], name=op.f("fk_talk_request_talk_id_talk")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_talk_request")),
    )
    op.create_index("ix_talk_request_cycle_id", "talk_request", ["cycle_id"], unique=False)
    op.execute(
        """
        CREATE FUNCTION cycle_refresh_next_due() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE cycle c SET next_due_date = (
                SELECT min(t.due_date) FROM talk t
                WHERE t.cycle_id = c.id AND t.status IN ('open', 'scheduled'))
            WHERE c.id IN (SELECT DISTINCT cycle_id FROM changed_talks);
            RETURN NULL;
        END $$
        """
    )
    for event, table in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        op.execute(
            f"CREATE TRIGGER talk_next_due_{event.lower()} AFTER {event} ON talk "
            f"REFERENCING {table} TABLE AS changed_talks "
            "FOR EACH STATEMENT EXECUTE FUNCTION cycle_refresh_next_due()"
        )


def downgrade() -> None:
    for event in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER talk_next_due_{event} ON talk")
    op.execute("DROP FUNCTION cycle_refresh_next_due()")
    op.drop_index("ix_talk_request_cycle_id", table_name="talk_request")
    op.drop_table("talk_request")
    op.drop_index("ix_talk_attendee_talk_id", table_name="talk_attendee")
    op.drop_table("talk_attendee")
    op.drop_index("ix_hardship_decision_employee_id", table_name="hardship_decision")
    op.drop_index("ix_hardship_decision_cycle_id", table_name="hardship_decision")
    op.drop_table("hardship_decision")
    op.drop_index("ix_talk_cycle_id", table_name="talk")
    op.drop_table("talk")
    op.drop_index("ix_cycle_decision_employee_id", table_name="cycle_decision")
    op.drop_table("cycle_decision")
    op.drop_index("ix_cycle_start_date", table_name="cycle")
    op.drop_index(
        "ix_cycle_next_due_date", table_name="cycle", postgresql_where=sa.text("state = 'active'")
    )
    op.drop_table("cycle")
    op.drop_index(op.f("ix_period_opening_period_id"), table_name="period_opening")
    op.drop_table("period_opening")
    op.drop_table("clock_setting")
