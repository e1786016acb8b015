"""The competency guide, one set of rows per guide version (R3.1, R3.5).

Rows are keyed by (guide_version_id, code), so later records (a competency set, an agreement)
can reference a competency of the version their cycle started with, with a real foreign key.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


def _version_fk() -> ForeignKey:
    return ForeignKey("guide_version.id", ondelete="RESTRICT")


class GuideVersion(Base):
    __tablename__ = "guide_version"

    id: Mapped[str] = mapped_column(String(60), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    effective_date: Mapped[date] = mapped_column(Date, unique=True)
    source: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    # The document as loaded (provenance); large, so only loaded when asked for explicitly.
    document: Mapped[dict[str, Any]] = mapped_column(JSONB, deferred=True, deferred_raiseload=True)
    loaded_at: Mapped[datetime] = mapped_column(server_default=func.now())
    loaded_by: Mapped[str] = mapped_column(String(200))


class LevelBand(Base):
    __tablename__ = "competency_level_band"
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 3", name="level_range"),
        CheckConstraint(
            "min_scale >= 3 AND max_scale <= 18 AND min_scale <= max_scale", name="scales"
        ),
    )

    guide_version_id: Mapped[str] = mapped_column(String(60), _version_fk(), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    min_scale: Mapped[int] = mapped_column(Integer)
    max_scale: Mapped[int] = mapped_column(Integer)


class Competency(Base):
    __tablename__ = "competency"
    __table_args__ = (
        UniqueConstraint("guide_version_id", "name", name="uq_competency_version_name"),
        CheckConstraint("cluster IN ('core', 'connect', 'choose', 'learn')", name="cluster_known"),
    )

    guide_version_id: Mapped[str] = mapped_column(String(60), _version_fk(), primary_key=True)
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    cluster: Mapped[str] = mapped_column(String(16))
    definition: Mapped[str] = mapped_column(Text)
    developability: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)


class CompetencyLevel(Base):
    __tablename__ = "competency_level"
    __table_args__ = (
        ForeignKeyConstraint(
            ["guide_version_id", "competency_code"],
            ["competency.guide_version_id", "competency.code"],
            name="fk_competency_level_competency",
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["guide_version_id", "level"],
            ["competency_level_band.guide_version_id", "competency_level_band.level"],
            name="fk_competency_level_band",
        ),
        CheckConstraint("jsonb_array_length(behaviours) > 0", name="has_behaviours"),
        CheckConstraint("jsonb_array_length(tips) > 0", name="has_tips"),
    )

    guide_version_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    competency_code: Mapped[str] = mapped_column(String(60), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    behaviours: Mapped[list[str]] = mapped_column(JSONB)
    tips: Mapped[list[str]] = mapped_column(JSONB)


class CompetencyProfile(Base):
    __tablename__ = "competency_profile"
    __table_args__ = (
        CheckConstraint("free_choices BETWEEN 0 AND 6", name="free_choices_range"),
        CheckConstraint("NOT steering OR free_choices = 0", name="steering_has_no_choices"),
    )

    guide_version_id: Mapped[str] = mapped_column(String(60), _version_fk(), primary_key=True)
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    steering: Mapped[bool] = mapped_column(Boolean)
    free_choices: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)


class CompetencyProfileItem(Base):
    """A function-specific competency of a profile, in printed order."""

    __tablename__ = "competency_profile_item"
    __table_args__ = (
        ForeignKeyConstraint(
            ["guide_version_id", "profile_code"],
            ["competency_profile.guide_version_id", "competency_profile.code"],
            name="fk_competency_profile_item_profile",
            ondelete="CASCADE",
        ),
        ForeignKeyConstraint(
            ["guide_version_id", "competency_code"],
            ["competency.guide_version_id", "competency.code"],
            name="fk_competency_profile_item_competency",
        ),
        UniqueConstraint(
            "guide_version_id",
            "profile_code",
            "competency_code",
            name="uq_competency_profile_item_once",
        ),
    )

    guide_version_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    profile_code: Mapped[str] = mapped_column(String(60), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    competency_code: Mapped[str] = mapped_column(String(60))


class PreparationTip(Base):
    __tablename__ = "preparation_tip"

    guide_version_id: Mapped[str] = mapped_column(String(60), _version_fk(), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    text: Mapped[str] = mapped_column(Text)


class RatingValue(Base):
    __tablename__ = "rating_value"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    guide_version_id: Mapped[str] = mapped_column(String(60), _version_fk(), primary_key=True)
    score: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(Text)
    meaning: Mapped[str] = mapped_column(Text)


class GuideAdoption(Base):
    """R3.5: a guide version is in force only once the College has adopted it after the works
    council's consent. Recorded once; a version without it is a draft."""

    __tablename__ = "guide_adoption"
    __table_args__ = (
        CheckConstraint(
            "works_council_consent_date <= college_decision_date", name="consent_before_decision"
        ),
        CheckConstraint("length(college_decision_reference) > 0", name="reference_given"),
    )

    guide_version_id: Mapped[str] = mapped_column(String(60), _version_fk(), primary_key=True)
    college_decision_date: Mapped[date] = mapped_column(Date)
    college_decision_reference: Mapped[str] = mapped_column(Text)
    works_council_consent_date: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(server_default=func.now())
    recorded_by: Mapped[str] = mapped_column(String(200))
