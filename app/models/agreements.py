"""The agreements of a cycle (Articles 3–5): the employee's competency set, the work,
development and career agreements and the conditions, their weights, the approvals and the
manager's decisions, and the topics and views both bring in.

Content is append-only: a change is a new version (R5.2), a new composition of the competency
set is a new revision, and approvals, decisions and contributions are never changed. Database
triggers refuse UPDATE and DELETE on those tables. The only rows that change are the two
pointers: ``agreement_set`` (the set's version counter and weighting) and ``agreement`` (the
number of its latest version).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Auditable, Base
from app.states import AgreementStatus, sql_in

WHO = String(200)
# The moment itself, not the start of the transaction: entries keep their order.
NOW = func.clock_timestamp()
AGREEMENT_KINDS = ("work", "development", "career", "condition")
CHANGES = ("created", "refined", "supplemented", "adjusted", "reweighted", "ended")
METHODS = ("training", "coaching", "assignment", "other")
CAREER_TYPES = (
    "career-step",
    "mobility",
    "approaching-retirement",
    "work-care-balance",
    "other",
)
APPEND_ONLY_TABLES = (
    "agreement_version",
    "competency_set_revision",
    "agreement_approval",
    "agreement_decision",
    "talk_contribution",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({','.join(repr(v) for v in values)})"


class AgreementSet(Base):
    """One per cycle: the version counter of everything that is approved together (R4.6) and
    how work agreements are weighted (R4.2). Every change to the set increments ``version``;
    approvals and decisions name the version they were given for."""

    __tablename__ = "agreement_set"
    __table_args__ = (CheckConstraint("weighting IN ('equal','custom')", name="weighting"),)

    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, server_default="0")
    weighting: Mapped[str] = mapped_column(String(10), server_default="equal")
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class Agreement(Base):
    """The identity of an agreement; its content is in its versions."""

    __tablename__ = "agreement"
    __table_args__ = (
        CheckConstraint(_in("kind", AGREEMENT_KINDS), name="kind"),
        UniqueConstraint("cycle_id", "number", name="uq_agreement_cycle_number"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id"))
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … within the cycle: a stable order
    current_version: Mapped[int] = mapped_column(Integer)
    ended: Mapped[bool] = mapped_column(server_default="false")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class AgreementVersion(Auditable, Base):
    """One version of an agreement's content (R5.2): who changed it, when, in which talk and
    at which version of the set."""

    __tablename__ = "agreement_version"
    __audit_type__ = "agreement-version"
    __table_args__ = (
        CheckConstraint(_in("kind", AGREEMENT_KINDS), name="kind"),
        CheckConstraint(_in("change", CHANGES), name="change"),
        CheckConstraint(sql_in("status", AgreementStatus), name="status"),
        CheckConstraint("(status = 'ended') = (change = 'ended')", name="ended_by_ending"),
        CheckConstraint("length(description) > 0", name="description"),
        # R4.5: a work agreement is specific, measurable and time-bound.
        CheckConstraint(
            "kind <> 'work' OR (length(measure) > 0 AND due_date IS NOT NULL)", name="work_smart"
        ),
        # R4.2: weights are positive percentages, only on work agreements.
        CheckConstraint(
            "weight IS NULL OR (kind = 'work' AND weight BETWEEN 1 AND 100)", name="weight"
        ),
        CheckConstraint(
            "kind <> 'development' OR (subject IN ('competency','knowledge') AND "
            "(subject = 'knowledge') = (competency_code IS NULL) AND "
            f"{_in('method', METHODS)} AND due_date IS NOT NULL)",
            name="development",
        ),
        CheckConstraint(f"kind <> 'career' OR {_in('career_type', CAREER_TYPES)}", name="career"),
        Index("ix_agreement_version_set", "cycle_id", "set_version"),
    )

    agreement_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agreement.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id"))
    kind: Mapped[str] = mapped_column(String(20))
    set_version: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    talk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("talk.id"))
    changed_by: Mapped[str] = mapped_column(WHO)
    changed_at: Mapped[datetime] = mapped_column(server_default=NOW)
    status: Mapped[str] = mapped_column(String(10))
    # The content. description: the result (work), what is developed (development), the
    # agreement (career) or the condition.
    description: Mapped[str] = mapped_column(Text)
    measure: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date)
    main_task: Mapped[str | None] = mapped_column(Text)
    weight: Mapped[int | None] = mapped_column(SmallInteger)
    subject: Mapped[str | None] = mapped_column(String(20))
    competency_code: Mapped[str | None] = mapped_column(String(60))
    method: Mapped[str | None] = mapped_column(String(20))
    method_detail: Mapped[str | None] = mapped_column(Text)
    career_type: Mapped[str | None] = mapped_column(String(30))


class CompetencySetRevision(Auditable, Base):
    """A composition of the employee's competency set for the cycle (R3.2–R3.4), from the
    cycle's guide version (R3.5), with the competencies marked crucial (R6.7)."""

    __tablename__ = "competency_set_revision"
    __audit_type__ = "competency-set"
    __table_args__ = (
        ForeignKeyConstraint(
            ["guide_version_id", "profile_code"],
            ["competency_profile.guide_version_id", "competency_profile.code"],
            name="fk_competency_set_revision_profile",
        ),
        CheckConstraint("level BETWEEN 1 AND 3", name="level"),
        CheckConstraint("jsonb_array_length(members) BETWEEN 3 AND 9", name="size"),  # T3.2
    )

    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id"), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    set_version: Mapped[int] = mapped_column(Integer)
    talk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("talk.id"))
    guide_version_id: Mapped[str] = mapped_column(String(60))
    profile_code: Mapped[str] = mapped_column(String(60))
    function_scale: Mapped[int] = mapped_column(SmallInteger)
    level: Mapped[int] = mapped_column(SmallInteger)
    chosen: Mapped[list[str]] = mapped_column(JSONB)
    members: Mapped[list[dict[str, Any]]] = mapped_column(JSONB)
    # Art. 4.1 b: the function profile's knowledge level when the set was composed.
    knowledge_level: Mapped[str | None] = mapped_column(Text)
    composed_by: Mapped[str] = mapped_column(WHO)
    composed_at: Mapped[datetime] = mapped_column(server_default=NOW)


class AgreementApproval(Auditable, Base):
    """R4.6: one party approved the set at one version, in one talk."""

    __tablename__ = "agreement_approval"
    __audit_type__ = "agreement-approval"
    __table_args__ = (
        CheckConstraint("party IN ('manager','employee')", name="party"),
        UniqueConstraint("talk_id", "set_version", "party", name="uq_agreement_approval_once"),
        Index("ix_agreement_approval_cycle_id", "cycle_id", "set_version"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    talk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("talk.id"))
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id"))
    set_version: Mapped[int] = mapped_column(Integer)
    party: Mapped[str] = mapped_column(String(10))
    approved_by: Mapped[str] = mapped_column(WHO)
    approved_at: Mapped[datetime] = mapped_column(server_default=NOW)


class AgreementDecision(Auditable, Base):
    """R4.7, R5.4: manager and employee disagree; the manager decides on the set at one
    version, and the employee's view stays on record beside it."""

    __tablename__ = "agreement_decision"
    __audit_type__ = "agreement-decision"
    __table_args__ = (
        CheckConstraint("length(reason) > 0", name="reason"),
        UniqueConstraint("talk_id", "set_version", name="uq_agreement_decision_once"),
        Index("ix_agreement_decision_cycle_id", "cycle_id", "set_version"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    talk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("talk.id"))
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id"))
    set_version: Mapped[int] = mapped_column(Integer)
    rule: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    employee_view: Mapped[str | None] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(WHO)
    decided_at: Mapped[datetime] = mapped_column(server_default=NOW)


class TalkContribution(Auditable, Base):
    """R4.4, R5.3: a topic or a view brought in by the manager or the employee, before or
    during a talk; both see them."""

    __tablename__ = "talk_contribution"
    __audit_type__ = "talk-contribution"
    __table_args__ = (
        CheckConstraint("party IN ('manager','employee')", name="party"),
        CheckConstraint("kind IN ('topic','view')", name="kind"),
        CheckConstraint("length(text) > 0", name="text"),
        Index("ix_talk_contribution_talk_id", "talk_id", "created_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    talk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("talk.id"))
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    agreement_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("agreement.id"))
    party: Mapped[str] = mapped_column(String(10))
    author: Mapped[str] = mapped_column(WHO)
    created_at: Mapped[datetime] = mapped_column(server_default=NOW)
