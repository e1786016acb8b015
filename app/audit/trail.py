"""The append-only audit trail, written in the same transaction as the change it records.

Every model that inherits :class:`Auditable` is audited automatically: a ``before_flush`` hook
appends a create/update/delete event with the before and after state of its columns, so no
service can forget it. Reads of appraisal content and bulk (Core) writes call :func:`record`.
The actor comes from ``session.info["actor"]`` (set by the authentication dependency, or by the
CLI as the system actor); a write without an actor is a programming error and is refused.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.auth import Actor
from app.models.audit import AuditEvent


class Auditable:
    """Mixin: writes to this model are audited; ``__audit_type__`` names the resource."""

    __audit_type__: str = ""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    mapper = inspect(obj).mapper
    return {attr.key: _plain(getattr(obj, attr.key)) for attr in mapper.column_attrs}


def _apply_python_defaults(obj: Any) -> None:
    """Give a new object its client-side column defaults (e.g. a uuid4 id) before the flush,
    so its audit event names the id and the state that will be inserted."""
    mapper = inspect(obj).mapper
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        default = getattr(column, "default", None)
        if default is None or getattr(obj, attr.key) is not None:
            continue
        if default.is_callable:
            setattr(obj, attr.key, default.arg(None))
        elif default.is_scalar:
            setattr(obj, attr.key, default.arg)


def _before_state(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    before = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.deleted:
            before[attr.key] = _plain(history.deleted[0])
        else:
            before[attr.key] = _plain(getattr(obj, attr.key))
    return before


def _resource_id(obj: Any) -> str:
    identity = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join(str(part) for part in identity)


def _actor_of(session: Session) -> Actor:
    actor = session.info.get("actor")
    if actor is None:
        raise RuntimeError("audited write without an actor in session.info['actor']")
    return actor


def record(
    session: Any,
    *,
    action: str,
    resource_type: str,
    resource_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor: Actor | None = None,
    on_behalf_of: str | None = None,
) -> AuditEvent:
    """Append one audit event to the session (sync or async); it commits with the rest."""
    sync_session: Session = getattr(session, "sync_session", session)
    who = actor or _actor_of(sync_session)
    audit_event = AuditEvent(
        actor_type=who.kind,
        actor_id=who.subject,
        on_behalf_of=on_behalf_of or sync_session.info.get("on_behalf_of"),
        action=action,
        resource_type=resource_type,
        resource_id=resource_id,
        before=before,
        after=after,
        request_id=sync_session.info.get("request_id"),
    )
    sync_session.add(audit_event)
    return audit_event


@event.listens_for(Session, "before_flush")
def _audit_orm_writes(session: Session, _flush_context: Any, _instances: Any) -> None:
    for obj in list(session.new):
        if isinstance(obj, Auditable):
            _apply_python_defaults(obj)
            record(
                session,
                action="create",
                resource_type=obj.__audit_type__,
                resource_id=_resource_id(obj),
                after=snapshot(obj),
            )
    for obj in list(session.dirty):
        if isinstance(obj, Auditable) and session.is_modified(obj, include_collections=False):
            record(
                session,
                action="update",
                resource_type=obj.__audit_type__,
                resource_id=_resource_id(obj),
                before=_before_state(obj),
                after=snapshot(obj),
            )
    for obj in list(session.deleted):
        if isinstance(obj, Auditable):
            record(
                session,
                action="delete",
                resource_type=obj.__audit_type__,
                resource_id=_resource_id(obj),
                before=snapshot(obj),
            )
