"""People and organisation, synchronised from the HR information system.

Employees are keyed by the HR system's personnel number, org units by their key, function
profiles by their code (e.g. P22). Nobody is ever deleted: a leaver has a leaving date.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Auditable, Base

KEY = String(32)


class OrgUnit(Auditable, Base):
    __tablename__ = "org_unit"
    __audit_type__ = "org-unit"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    key: Mapped[str] = mapped_column(KEY, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("org_unit.id"))
    manager_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employee.id", use_alter=True, name="fk_org_unit_manager_id_employee")
    )
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class FunctionProfile(Auditable, Base):
    __tablename__ = "function_profile"
    __audit_type__ = "function-profile"
    __table_args__ = (CheckConstraint("scale BETWEEN 3 AND 18", name="scale_range"),)  # R3.4

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    code: Mapped[str] = mapped_column(KEY, unique=True)
    title: Mapped[str] = mapped_column(String(200))
    function_group: Mapped[str] = mapped_column(String(60))  # a competency profile code
    scale: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str | None] = mapped_column(Text)
    main_tasks: Mapped[list[str]] = mapped_column(JSONB, server_default=text("'[]'::jsonb"))
    # Art. 4.1 b: "het kennisniveau zoals vastgelegd in functieprofiel" (education, knowledge).
    knowledge_level: Mapped[str | None] = mapped_column(Text)
    version_date: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class Employee(Auditable, Base):
    __tablename__ = "employee"
    __audit_type__ = "employee"
    __table_args__ = (
        CheckConstraint("salary_scale BETWEEN 1 AND 18", name="salary_scale_range"),
        CheckConstraint(
            "leaving_date IS NULL OR leaving_date >= entry_date", name="leaves_after_entry"
        ),
        CheckConstraint(
            "NOT probation OR probation_decision_date IS NOT NULL", name="probation_has_decision"
        ),
        CheckConstraint(
            "in_function_scale OR function_scale_date IS NULL", name="placement_date_when_placed"
        ),
        Index("ix_employee_org_unit_id", "org_unit_id"),
        Index("ix_employee_function_profile_id", "function_profile_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    personnel_number: Mapped[str] = mapped_column(KEY, unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    org_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("org_unit.id"))
    function_profile_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("function_profile.id"))
    salary_scale: Mapped[int] = mapped_column(Integer)
    in_function_scale: Mapped[bool] = mapped_column(Boolean)  # R2.4: false while in entry scale
    function_scale_date: Mapped[date | None] = mapped_column(Date)  # R2.4: placed on
    entry_date: Mapped[date] = mapped_column(Date)
    probation: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))  # R2.3
    probation_decision_date: Mapped[date | None] = mapped_column(Date)  # R6.2
    leaving_date: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class ManagerAssignment(Auditable, Base):
    """Who is (or was) an employee's manager, from/to dates (end exclusive)."""

    __tablename__ = "manager_assignment"
    __audit_type__ = "manager-assignment"
    __table_args__ = (
        CheckConstraint("employee_id <> manager_id", name="not_own_manager"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="period"),
        # One current manager per employee.
        Index(
            "uq_manager_assignment_current",
            "employee_id",
            unique=True,
            postgresql_where=text("valid_to IS NULL"),
        ),
        Index("ix_manager_assignment_manager_id", "manager_id", "valid_from"),
        Index("ix_manager_assignment_employee_id", "employee_id", "valid_from"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employee.id"))
    manager_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employee.id"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class CoordinatorDelegation(Auditable, Base):
    """T1.g: the management team lets a coordinator conduct the talks of a named employee."""

    __tablename__ = "coordinator_delegation"
    __audit_type__ = "coordinator-delegation"
    __table_args__ = (
        CheckConstraint("employee_id <> coordinator_id", name="not_own_coordinator"),
        CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="period"),
        Index("ix_coordinator_delegation_coordinator_id", "coordinator_id", "valid_from"),
        Index("ix_coordinator_delegation_employee_id", "employee_id", "valid_from"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    coordinator_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employee.id"))
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employee.id"))
    decision_reference: Mapped[str] = mapped_column(String(200))
    decided_by: Mapped[str | None] = mapped_column(String(200))
    """T1.g: who decided it (the management team); null for one recorded before issue 18."""
    motivation: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(server_default=func.now())
