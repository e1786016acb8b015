"""SQLAlchemy models, one module per aggregate; import them here so Alembic sees them all."""

# The audit events are registered wherever models are used (app, CLI, scripts, tests).
import app.models.auditing  # noqa: F401
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
    AppealDecision,
    Appraisal,
    AppraisalRating,
    AppraisalSignature,
    InformantRequest,
    InformantSuggestion,
)
from app.models.audit import AuditEvent
from app.models.base import Base
from app.models.cycles import (
    Cycle,
    CycleDecision,
    HardshipDecision,
    OpeningJob,
    PeriodOpening,
    Talk,
    TalkAttendee,
    TalkRequest,
)
from app.models.events import (
    DomainEvent,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from app.models.infrastructure import ClockSetting, IdempotencyKey, RowTally
from app.models.notices import NoticeCursor, Notification, NotificationPreference
from app.models.people import (
    CoordinatorDelegation,
    Employee,
    FunctionProfile,
    ManagerAssignment,
    OrgUnit,
)
from app.models.reference import (
    Competency,
    CompetencyLevel,
    CompetencyProfile,
    CompetencyProfileItem,
    GuideAdoption,
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
    "AppealDecision",
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
    "DomainEvent",
    "Employee",
    "FunctionProfile",
    "GuideAdoption",
    "GuideVersion",
    "HardshipDecision",
    "IdempotencyKey",
    "InformantRequest",
    "InformantSuggestion",
    "LevelBand",
    "ManagerAssignment",
    "NoticeCursor",
    "Notification",
    "NotificationPreference",
    "OpeningJob",
    "OrgUnit",
    "PeriodOpening",
    "PreparationTip",
    "RatingValue",
    "RowTally",
    "Talk",
    "TalkAttendee",
    "TalkContribution",
    "TalkRequest",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookSubscription",
]
