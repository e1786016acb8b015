"""SQLAlchemy models, one module per aggregate; import them here so Alembic sees them all."""

# The audit events must be registered wherever models are used (app, CLI, scripts, tests).
import app.audit.trail  # noqa: F401
from app.models.agreements import (
    Agreement,
    AgreementApproval,
    AgreementDecision,
    AgreementSet,
    AgreementVersion,
    CompetencySetRevision,
    TalkContribution,
)
from app.models.appraisals import (
    Appraisal,
    AppraisalRating,
    AppraisalSignature,
    InformantRequest,
    InformantSuggestion,
)
from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.cycles import (
    ClockSetting,
    Cycle,
    CycleDecision,
    HardshipDecision,
    PeriodOpening,
    Talk,
    TalkAttendee,
    TalkRequest,
)
from app.models.people import (
    CoordinatorDelegation,
    Employee,
    FunctionProfile,
    IdempotencyKey,
    ManagerAssignment,
    OrgUnit,
)
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
    "Agreement",
    "AgreementApproval",
    "AgreementDecision",
    "AgreementSet",
    "AgreementVersion",
    "Appraisal",
    "AppraisalRating",
    "AppraisalSignature",
    "AuditEvent",
    "Base",
    "ClockSetting",
    "Competency",
    "CompetencyLevel",
    "CompetencyProfile",
    "CompetencyProfileItem",
    "CompetencySetRevision",
    "CoordinatorDelegation",
    "Cycle",
    "CycleDecision",
    "Employee",
    "FunctionProfile",
    "GuideVersion",
    "HardshipDecision",
    "IdempotencyKey",
    "InformantRequest",
    "InformantSuggestion",
    "LevelBand",
    "ManagerAssignment",
    "OrgUnit",
    "PeriodOpening",
    "PreparationTip",
    "RatingValue",
    "Talk",
    "TalkAttendee",
    "TalkContribution",
    "TalkRequest",
]
