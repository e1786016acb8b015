from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so that migrations can refer to them (Polar, Alembic docs).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # Every datetime is a timestamptz (docs/design.md).
    type_annotation_map: ClassVar = {datetime: DateTime(timezone=True)}


class Auditable:
    """Mixin: writes to this model are audited (``app.audit.trail``); ``__audit_type__`` names
    the resource in the audit trail."""

    __audit_type__: str = ""
    __audit_withheld__: tuple[str, ...] = ()
    """Columns whose values never reach the trail (secrets): recorded as ``(withheld)``."""
