"""Cycles and their talks (Article 2), the decisions that shape them (R2.2, R7), talk requests
(R2.5), attendees (R2.8), period openings and the test clock.

Talks are never deleted: a talk that is no longer required is cancelled, a cycle that a later
change replaced is superseded, and both keep their records.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Auditable, Base
from app.states import CycleState, RequestStatus, TalkStatus, sql_in

_CYCLE_KINDS = "'regular','joining','probation','bridging','entry-scale','one-year'"
_TALK_KINDS = "'planning','progress','appraisal'"
WHO = String(200)


class Cycle(Auditable, Base):
    __tablename__ = "cycle"
    __audit_type__ = "cycle"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_CYCLE_KINDS})", name="kind"),
        CheckConstraint(sql_in("state", CycleState), name="state"),
        CheckConstraint("end_reason IN ('leaving','placement')", name="end_reason"),
        CheckConstraint("end_date >= start_date", name="period"),
        # One cycle per employee and start date: the engine's plans are matched on it.
        UniqueConstraint("employee_id", "start_date", name="uq_cycle_employee_start"),
        Index("ix_cycle_next_due_date", "next_due_date", postgresql_where=text("state = 'active'")),
        Index("ix_cycle_start_date", "start_date", "end_date"),
        # The default order of the cycle list (overdue first), for what it lists by default.
        Index(
            "ix_cycle_list_order",
            "next_due_date",
            "start_date",
            "id",
            postgresql_where=text("state <> 'superseded'"),
        ),
        Index(
            "ix_cycle_employee_next_due",
            "employee_id",
            "next_due_date",
            postgresql_where=text("state = 'active'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employee.id"))
    kind: Mapped[str] = mapped_column(String(20))
    rule: Mapped[str] = mapped_column(String(10))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(20), server_default=CycleState.active.value)
    # R3.5: the guide version and the function profile the cycle started with.
    guide_version_id: Mapped[str | None] = mapped_column(ForeignKey("guide_version.id"))
    function_profile_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("function_profile.id"))
    # The earliest due date of a talk still to hold; kept by a trigger on talk (overdue lists).
    next_due_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class Talk(Auditable, Base):
    __tablename__ = "talk"
    __audit_type__ = "talk"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_TALK_KINDS})", name="kind"),
        CheckConstraint("origin IN ('cycle','extra','early','requested','appeal')", name="origin"),
        CheckConstraint(sql_in("status", TalkStatus), name="status"),
        CheckConstraint("(status = 'held') = (held_on IS NOT NULL)", name="held_has_date"),
        CheckConstraint(
            "status <> 'scheduled' OR starts_at IS NOT NULL", name="scheduled_has_time"
        ),
        CheckConstraint(
            "origin = 'cycle' OR length(reason) > 0", name="extra_has_reason"
        ),  # R2.5, R6.1
        CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="ends_after_start"),
        Index("ix_talk_cycle_id", "cycle_id", "kind", "sequence"),
        # The reports (issue 20): the roll-out check's planning talks held, the overdue pages.
        Index(
            "ix_talk_planning_held",
            "cycle_id",
            "held_on",
            postgresql_where=text("kind = 'planning' AND status = 'held'"),
        ),
        Index(
            "ix_talk_open_due",
            "kind",
            "due_date",
            postgresql_where=text("origin = 'cycle' AND status IN ('open', 'scheduled')"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id"))
    kind: Mapped[str] = mapped_column(String(20))
    sequence: Mapped[int] = mapped_column(SmallInteger)
    origin: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[date] = mapped_column(Date)
    window_start: Mapped[date | None] = mapped_column(Date)
    due_rule: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), server_default=TalkStatus.open.value)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    location: Mapped[str | None] = mapped_column(String(300))
    video_url: Mapped[str | None] = mapped_column(String(2000))
    scheduled_by: Mapped[str | None] = mapped_column(WHO)
    held_on: Mapped[date | None] = mapped_column(Date)
    held_recorded_by: Mapped[str | None] = mapped_column(WHO)
    cancelled_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())

    # A stale concurrent write fails instead of overwriting (412).
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class TalkAttendee(Auditable, Base):
    """R2.8: another person at a talk, admitted only with the consent of both."""

    __tablename__ = "talk_attendee"
    __audit_type__ = "talk-attendee"
    __table_args__ = (
        CheckConstraint("proposed_by IN ('manager','employee')", name="proposed_by"),
        Index("ix_talk_attendee_talk_id", "talk_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    talk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("talk.id"))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(200))
    proposed_by: Mapped[str] = mapped_column(String(20))
    manager_consent_by: Mapped[str | None] = mapped_column(WHO)
    manager_consent_at: Mapped[datetime | None]
    employee_consent_by: Mapped[str | None] = mapped_column(WHO)
    employee_consent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())


class TalkRequest(Auditable, Base):
    """R2.5: the employee asks for an extra talk; the manager must answer it."""

    __tablename__ = "talk_request"
    __audit_type__ = "talk-request"
    __table_args__ = (
        CheckConstraint("kind IN ('progress','appraisal')", name="kind"),
        CheckConstraint(sql_in("status", RequestStatus), name="status"),
        CheckConstraint(
            "status <> 'declined' OR length(answer_reason) > 0", name="decline_has_reason"
        ),
        CheckConstraint("status <> 'scheduled' OR talk_id IS NOT NULL", name="scheduled_has_talk"),
        Index("ix_talk_request_cycle_id", "cycle_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id"))
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(WHO)
    requested_at: Mapped[datetime] = mapped_column(server_default=func.now())
    status: Mapped[str] = mapped_column(String(20), server_default=RequestStatus.open.value)
    answer_reason: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(WHO)
    answered_at: Mapped[datetime | None]
    talk_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("talk.id"))


class CycleDecision(Auditable, Base):
    """R2.2: from a calendar year on, one-year cycles (or, later, back to the periods)."""

    __tablename__ = "cycle_decision"
    __audit_type__ = "cycle-decision"
    __table_args__ = (
        CheckConstraint("from_year BETWEEN 2000 AND 2200", name="from_year"),
        Index("ix_cycle_decision_employee_id", "employee_id", "from_year"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employee.id"))
    from_year: Mapped[int] = mapped_column(Integer)
    one_year: Mapped[bool]
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(WHO)
    decided_at: Mapped[datetime] = mapped_column(server_default=func.now())


class HardshipDecision(Auditable, Base):
    """R7: a Board decision that sets one rule aside for one employee's cycle or talk."""

    __tablename__ = "hardship_decision"
    __audit_type__ = "hardship-decision"
    __table_args__ = (
        Index("ix_hardship_decision_cycle_id", "cycle_id", "rule"),
        Index("ix_hardship_decision_employee_id", "employee_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    reference: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    rule: Mapped[str] = mapped_column(String(10))
    employee_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("employee.id"))
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id"))
    talk_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("talk.id"))
    recorded_by: Mapped[str] = mapped_column(WHO)
    recorded_at: Mapped[datetime] = mapped_column(server_default=func.now())


class PeriodOpening(Auditable, Base):
    """HR opened an org-wide period: its cycles were created (T2.1)."""

    __tablename__ = "period_opening"
    __audit_type__ = "period-opening"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    period_id: Mapped[str] = mapped_column(String(9), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    cycles_created: Mapped[int] = mapped_column(Integer)
    opened_by: Mapped[str] = mapped_column(WHO)
    opened_at: Mapped[datetime] = mapped_column(server_default=func.now())


class OpeningJob(Base):
    """The progress of a period's opening (T2.1), written in chunked transactions (issue 20):
    which period, how far it got (the last employee done, in id order), and its state. A rerun
    of the opening continues a ``running`` job; at most one runs per period."""

    __tablename__ = "opening_job"
    __table_args__ = (
        CheckConstraint("state IN ('running','done')", name="state"),
        Index(
            "uq_opening_job_running",
            "period_id",
            unique=True,
            postgresql_where=text("state = 'running'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    period_id: Mapped[str] = mapped_column(String(9))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), server_default="running")
    last_employee_id: Mapped[uuid.UUID | None] = mapped_column()
    chunks_done: Mapped[int] = mapped_column(Integer, server_default="0")
    cycles_created: Mapped[int] = mapped_column(Integer, server_default="0")
    opening_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("period_opening.id"))
    started_by: Mapped[str] = mapped_column(WHO)
    started_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())
