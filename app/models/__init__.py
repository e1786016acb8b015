"""SQLAlchemy models, one module per aggregate; import them here so Alembic sees them all."""

from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.reference import (
    Competency,
    CompetencyLevel,
    CompetencyProfile,
    CompetencyProfileItem,
    GuideVersion,
    LevelBand,
    PreparationTip,
    RatingValue,
)

__all__ = [
    "AuditEvent",
    "Base",
    "Competency",
    "CompetencyLevel",
    "CompetencyProfile",
    "CompetencyProfileItem",
    "GuideVersion",
    "LevelBand",
    "PreparationTip",
    "RatingValue",
]
