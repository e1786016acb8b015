"""SQLAlchemy models, one module per aggregate; import them here so Alembic sees them all."""

from app.models.audit import AuditEvent
from app.models.base import Base

__all__ = ["AuditEvent", "Base"]
