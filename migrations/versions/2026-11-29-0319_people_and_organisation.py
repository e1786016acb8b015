"""People and organisation, synchronised from the HR information system.

Revision ID: 0004_people
Revises: 0003_competency_guide
Create Date: 2026-11-29 03:19:16.531772+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004_people"
down_revision: str | None = "0003_competency_guide"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "function_profile",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("function_group", sa.String(length=60), nullable=False),
        sa.Column("scale", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=True),
        sa.Column(
            "main_tasks",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column("version_date", sa.Date(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("scale BETWEEN 3 AND 18", name=op.f("ck_function_profile_scale_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_function_profile")),
        sa.UniqueConstraint("code", name=op.f("uq_function_profile_code")),
    )
    op.create_table(
        "idempotency_key",
        sa.Column("client_id", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response_body", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("client_id", "key", name=op.f("pk_idempotency_key")),
    )
    op.create_index(
        op.f("ix_idempotency_key_expires_at"), "idempotency_key", ["expires_at"], unique=False
    )
    op.create_table(
        "org_unit",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("manager_id", sa.Uuid(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["org_unit.id"], name=op.f("fk_org_unit_parent_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_unit")),
        sa.UniqueConstraint("key", name=op.f("uq_org_unit_key")),
    )
    op.create_table(
        "employee",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("personnel_number", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("org_unit_id", sa.Uuid(), nullable=False),
        sa.Column("function_profile_id", sa.Uuid(), nullable=False),
        sa.Column("salary_scale", sa.Integer(), nullable=False),
        sa.Column("in_function_scale", sa.Boolean(), nullable=False),
        sa.Column("function_scale_date", sa.Date(), nullable=True),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("probation", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("probation_decision_date", sa.Date(), nullable=True),
        sa.Column("leaving_date", sa.Date(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "NOT probation OR probation_decision_date IS NOT NULL",
            name=op.f("ck_employee_probation_has_decision"),
        ),
        sa.CheckConstraint(
            "in_function_scale OR function_scale_date IS NULL",
            name=op.f("ck_employee_placement_date_when_placed"),
        ),
        sa.CheckConstraint(
            "leaving_date IS NULL OR leaving_date >= entry_date",
            name=op.f("ck_employee_leaves_after_entry"),
        ),
        sa.CheckConstraint(
            "salary_scale BETWEEN 1 AND 18", name=op.f("ck_employee_salary_scale_range")
        ),
        sa.ForeignKeyConstraint(
            ["function_profile_id"],
            ["function_profile.id"],
            name=op.f("fk_employee_function_profile_id_function_profile"),
        ),
        sa.ForeignKeyConstraint(
            ["org_unit_id"], ["org_unit.id"], name=op.f("fk_employee_org_unit_id_org_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employee")),
        sa.UniqueConstraint("personnel_number", name=op.f("uq_employee_personnel_number")),
    )
    op.create_index(
        "ix_employee_function_profile_id", "employee", ["function_profile_id"], unique=False
    )
    op.create_index("ix_employee_org_unit_id", "employee", ["org_unit_id"], unique=False)
    # org_unit and employee refer to each other: this key can only come after both tables.
    op.create_foreign_key(
        "fk_org_unit_manager_id_employee", "org_unit", "employee", ["manager_id"], ["id"]
    )
    op.create_table(
        "coordinator_delegation",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("coordinator_id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("decision_reference", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.String(length=200), nullable=False),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "employee_id <> coordinator_id",
            name=op.f("ck_coordinator_delegation_not_own_coordinator"),
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to > valid_from",
            name=op.f("ck_coordinator_delegation_period"),
        ),
        sa.ForeignKeyConstraint(
            ["coordinator_id"],
            ["employee.id"],
            name=op.f("fk_coordinator_delegation_coordinator_id_employee"),
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employee.id"],
            name=op.f("fk_coordinator_delegation_employee_id_employee"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coordinator_delegation")),
    )
    op.create_index(
        "ix_coordinator_delegation_coordinator_id",
        "coordinator_delegation",
        ["coordinator_id", "valid_from"],
        unique=False,
    )
    op.create_index(
        "ix_coordinator_delegation_employee_id",
        "coordinator_delegation",
        ["employee_id", "valid_from"],
        unique=False,
    )
    op.create_table(
        "manager_assignment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("employee_id", sa.Uuid(), nullable=False),
        sa.Column("manager_id", sa.Uuid(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "employee_id <> manager_id", name=op.f("ck_manager_assignment_not_own_manager")
        ),
        sa.CheckConstraint(
            "valid_to IS NULL OR valid_to > valid_from", name=op.f("ck_manager_assignment_period")
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employee.id"],
            name=op.f("fk_manager_assignment_employee_id_employee"),
        ),
        sa.ForeignKeyConstraint(
            ["manager_id"], ["employee.id"], name=op.f("fk_manager_assignment_manager_id_employee")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manager_assignment")),
    )
    op.create_index(
        "ix_manager_assignment_employee_id",
        "manager_assignment",
        ["employee_id", "valid_from"],
        unique=False,
    )
    op.create_index(
        "ix_manager_assignment_manager_id",
        "manager_assignment",
        ["manager_id", "valid_from"],
        unique=False,
    )
    op.create_index(
        "uq_manager_assignment_current",
        "manager_assignment",
        ["employee_id"],
        unique=True,
        postgresql_where=sa.text("valid_to IS NULL"),
    )


def downgrade() -> None:
    op.drop_constraint("fk_org_unit_manager_id_employee", "org_unit", type_="foreignkey")
    op.drop_index(
        "uq_manager_assignment_current",
        table_name="manager_assignment",
        postgresql_where=sa.text("valid_to IS NULL"),
    )
    op.drop_index("ix_manager_assignment_manager_id", table_name="manager_assignment")
    op.drop_index("ix_manager_assignment_employee_id", table_name="manager_assignment")
    op.drop_table("manager_assignment")
    op.drop_index("ix_coordinator_delegation_employee_id", table_name="coordinator_delegation")
    op.drop_index("ix_coordinator_delegation_coordinator_id", table_name="coordinator_delegation")
    op.drop_table("coordinator_delegation")
    op.drop_index("ix_employee_org_unit_id", table_name="employee")
    op.drop_index("ix_employee_function_profile_id", table_name="employee")
    op.drop_table("employee")
    op.drop_table("org_unit")
    op.drop_index(op.f("ix_idempotency_key_expires_at"), table_name="idempotency_key")
    op.drop_table("idempotency_key")
    op.drop_table("function_profile")
