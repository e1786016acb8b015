"""The appraisal of an appraisal talk (Article 6): the manager's ratings and the procedure
(sharing, the talk, signatures, objections, the hearing, finalisation, reward, appeal).

A finalised appraisal is immutable: database triggers refuse any change to it and to its
ratings, except recording the formal objection/appeal reference and the reward afterwards.
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
from app.states import SuggestionStatus, WorkingRelationship, sql_in

WHO = String(200)
STATES = "'draft','shared','held','objected','heard','finalised'"


class Appraisal(Auditable, Base):
    __tablename__ = "appraisal"
    __audit_type__ = "appraisal"
    __table_args__ = (
        CheckConstraint(f"state IN ({STATES})", name="state"),
        CheckConstraint("final_rating BETWEEN 1 AND 5", name="final_rating"),
        # R6.7: the override is onvoldoende, with its own motivation.
        CheckConstraint(
            "NOT final_override OR (final_rating = 1 AND length(override_motivation) > 0)",
            name="override",
        ),
        CheckConstraint("state = 'draft' OR shared_on IS NOT NULL", name="shared_when_past_draft"),
        CheckConstraint(
            "state <> 'finalised' OR (finalised_on IS NOT NULL AND final_rating IS NOT NULL)",
            name="finalised_complete",
        ),
        # R6.9: a reward only with goed or uitstekend.
        CheckConstraint("reward IS NULL OR final_rating >= 4", name="reward_needs_goed"),
        CheckConstraint(
            "response IS NULL OR response IN ('met-fully','partly-met','explained')",
            name="response",
        ),
        # R6.6: the work part's share of the final rating, in percent, as set when rated.
        CheckConstraint("work_share_percent BETWEEN 1 AND 99", name="work_share"),
        Index("ix_appraisal_state", "state", "finalised_on"),
        # The development report's rating per agreement (issue 20).
        Index(
            "ix_appraisal_cycle_finalised",
            "cycle_id",
            "finalised_on",
            postgresql_where=text("state = 'finalised'"),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    talk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("talk.id"), unique=True)
    cycle_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cycle.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), server_default="draft")
    # The agreement set's version the appraisal rates (what was agreed, R6.4).
    rated_set_version: Mapped[int] = mapped_column(Integer)
    # Raised by every change of the ratings: signatures name the version they signed (R6.11).
    content_version: Mapped[int] = mapped_column(Integer, server_default="0")
    final_computed: Mapped[int | None] = mapped_column(SmallInteger)
    work_share_percent: Mapped[int] = mapped_column(SmallInteger, server_default="50")
    final_rating: Mapped[int | None] = mapped_column(SmallInteger)
    final_motivation: Mapped[str | None] = mapped_column(Text)
    final_override: Mapped[bool] = mapped_column(server_default="false")
    override_motivation: Mapped[str | None] = mapped_column(Text)
    shared_on: Mapped[date | None] = mapped_column(Date)
    shared_by: Mapped[str | None] = mapped_column(WHO)
    shared_version: Mapped[int | None] = mapped_column(Integer)
    # R6.11: the 14 days for objections count from the day the talk was recorded as held,
    # or from a later change of the ratings, whichever is last.
    window_from: Mapped[date | None] = mapped_column(Date)
    objections: Mapped[str | None] = mapped_column(Text)
    objections_on: Mapped[date | None] = mapped_column(Date)
    # The content version objected to: "met fully" (R6.12) needs a change after it.
    objections_version: Mapped[int | None] = mapped_column(Integer)
    hearing_on: Mapped[date | None] = mapped_column(Date)
    hearing_declined: Mapped[bool] = mapped_column(server_default="false")
    """R6.12: the hearing was offered and the employee declined it, on ``hearing_on``."""
    response: Mapped[str | None] = mapped_column(String(20))
    response_text: Mapped[str | None] = mapped_column(Text)
    finalised_on: Mapped[date | None] = mapped_column(Date)
    finalised_by: Mapped[str | None] = mapped_column(WHO)
    reward: Mapped[str | None] = mapped_column(Text)
    reward_recorded_by: Mapped[str | None] = mapped_column(WHO)
    appeal_reference: Mapped[str | None] = mapped_column(String(200))
    # Bezwaar en beroep (Art. 6.12, toelichting): the finalised appraisal this one supersedes,
    # opened when a formal objection or appeal against it was upheld (in whole or part).
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("appraisal.id"), unique=True)
    appeal_recorded_by: Mapped[str | None] = mapped_column(WHO)
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class AppraisalRating(Auditable, Base):
    """R6.4, R6.5, R6.8: one rated item with its motivation; a development or career agreement
    gets an evaluation and no score (Art. 6.4 b)."""

    __tablename__ = "appraisal_rating"
    __audit_type__ = "appraisal-rating"
    __table_args__ = (
        CheckConstraint(
            "item IN ('work','competency','knowledge','development','career')", name="item"
        ),
        CheckConstraint("score BETWEEN 1 AND 5", name="score"),
        # Art. 6.4 b, R6.4: development and career agreements are evaluated, not scored.
        CheckConstraint(
            "(item IN ('development','career')) = (score IS NULL)", name="evaluated_unrated"
        ),
    )

    appraisal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("appraisal.id"), primary_key=True)
    item: Mapped[str] = mapped_column(String(20), primary_key=True)
    # The agreement id, the competency code, or "" for the knowledge level.
    ref: Mapped[str] = mapped_column(String(60), primary_key=True)
    score: Mapped[int | None] = mapped_column(SmallInteger)
    motivation: Mapped[str | None] = mapped_column(Text)


class AppraisalSignature(Auditable, Base):
    """R6.11: a signature of one party on one content version; the employee agrees or signs
    as seen."""

    __tablename__ = "appraisal_signature"
    __audit_type__ = "appraisal-signature"
    __table_args__ = (
        CheckConstraint("party IN ('manager','employee')", name="party"),
        CheckConstraint(
            "(party = 'employee') = (kind IN ('agree','seen')) AND kind IN "
            "('agree','seen','signed')",
            name="kind",
        ),
        Index("ix_appraisal_signature_appraisal_id", "appraisal_id", "content_version"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    appraisal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("appraisal.id"))
    party: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(10))
    content_version: Mapped[int] = mapped_column(Integer)
    signed_by: Mapped[str] = mapped_column(WHO)
    signed_on: Mapped[date] = mapped_column(Date)
    signed_at: Mapped[datetime] = mapped_column(server_default=func.clock_timestamp())


class InformantRequest(Auditable, Base):
    """R6.10: the manager asks an informant for input: an employee of the organisation (who
    answers with their own login) or an external person by name and e-mail (whose input the
    manager records on their behalf, with the date it was received)."""

    __tablename__ = "informant_request"
    __audit_type__ = "informant-request"
    __table_args__ = (
        CheckConstraint(
            "(informant_id IS NULL) = (external_name IS NOT NULL)", name="internal_or_external"
        ),
        CheckConstraint("(answered_at IS NULL) = (answer IS NULL)", name="answered_once"),
        CheckConstraint(sql_in("relationship", WorkingRelationship), name="relationship"),
        Index("ix_informant_request_talk_id", "talk_id"),
        Index("ix_informant_request_informant_id", "informant_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    talk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("talk.id"))
    informant_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employee.id"))
    external_name: Mapped[str | None] = mapped_column(String(200))
    external_email: Mapped[str | None] = mapped_column(String(320))
    question: Mapped[str] = mapped_column(Text)
    relationship: Mapped[str | None] = mapped_column(String(20))
    """Art. 1.k: the informant's working relationship with the employee (null: asked before
    issue 18 recorded it)."""
    relationship_note: Mapped[str | None] = mapped_column(String(200))
    requested_by: Mapped[str] = mapped_column(WHO)
    requested_at: Mapped[datetime] = mapped_column(server_default=func.clock_timestamp())
    answer: Mapped[str | None] = mapped_column(Text)
    received_on: Mapped[date | None] = mapped_column(Date)
    answered_by: Mapped[str | None] = mapped_column(WHO)
    recorded_on_behalf: Mapped[bool] = mapped_column(server_default="false")
    answered_at: Mapped[datetime | None]
    suggestion_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("informant_suggestion.id"))


class InformantSuggestion(Auditable, Base):
    """R6.10: the employee asks the manager to ask someone; the manager must answer."""

    __tablename__ = "informant_suggestion"
    __audit_type__ = "informant-suggestion"
    __table_args__ = (
        CheckConstraint(sql_in("status", SuggestionStatus), name="status"),
        CheckConstraint(
            "status <> 'declined' OR length(answer_reason) > 0", name="decline_has_reason"
        ),
        Index("ix_informant_suggestion_talk_id", "talk_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    talk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("talk.id"))
    name: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    suggested_by: Mapped[str] = mapped_column(WHO)
    suggested_at: Mapped[datetime] = mapped_column(server_default=func.clock_timestamp())
    status: Mapped[str] = mapped_column(String(10), server_default=SuggestionStatus.open.value)
    answer_reason: Mapped[str | None] = mapped_column(Text)
    answered_by: Mapped[str | None] = mapped_column(WHO)
    answered_at: Mapped[datetime | None]


class AppealDecision(Auditable, Base):
    """Bezwaar en beroep (Art. 6.12, toelichting): the outcome of a formal objection (to the
    College) or appeal (to the court) against a finalised appraisal, recorded once by HR.
    Upheld in whole or part, it opens a superseding appraisal on a new appraisal talk."""

    __tablename__ = "appeal_decision"
    __audit_type__ = "appeal-decision"
    __table_args__ = (
        CheckConstraint("procedure IN ('objection','appeal')", name="procedure"),
        CheckConstraint(
            "outcome IN ('upheld','partly-upheld','rejected','withdrawn')", name="outcome"
        ),
        CheckConstraint(
            "(superseding_talk_id IS NOT NULL) <= (outcome IN ('upheld','partly-upheld'))",
            name="supersedes_when_upheld",
        ),
        CheckConstraint("length(reference) > 0", name="reference"),
        UniqueConstraint("appraisal_id", "procedure"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    appraisal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("appraisal.id"))
    procedure: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    decided_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(200))
    superseding_talk_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("talk.id"))
    recorded_by: Mapped[str] = mapped_column(WHO)
    recorded_at: Mapped[datetime] = mapped_column(server_default=func.now())
