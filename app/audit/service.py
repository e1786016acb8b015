from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.trail import record_read
from app.auth import Actor, Role, require_any
from app.models.agreements import Agreement
from app.models.appraisals import Appraisal
from app.models.audit import AuditEvent
from app.models.cycles import Cycle, Talk
from app.models.people import Employee
from app.pagination import PageParams

AUDIT_READ_SCOPE = "audit:read"

# Resources whose recorded states hold what a talk is about: agreements, views, ratings and
# motivations, signatures, objections, informant input. A service client with ``audit:read``
# sees that such an event happened (who, when, what) but not its content; HR sees the content,
# and that read is itself audited, like every other read of appraisal content.
CONTENT_TYPES = frozenset(
    {
        "agreement-version",
        "agreement-decision",
        "talk-contribution",
        "appraisal",
        "appraisal-rating",
        "appraisal-signature",
        "informant-request",
        "informant-suggestion",
    }
)


# A person's own words in the recorded states of other events: why a talk was added or asked for
# and the answer, why a cycle decision or a hardship decision was taken, who else attends. HR
# sees them; a service client with ``audit:read`` sees the event with these fields withheld.
FREE_TEXT: dict[str, tuple[str, ...]] = {
    "talk": ("reason",),
    "talk-request": ("reason", "answer_reason"),
    "talk-attendee": ("name", "role"),
    "cycle-decision": ("reason",),
    "hardship-decision": ("reason",),
}


def free_text_withheld(actor: Actor, event: AuditEvent) -> tuple[str, ...]:
    """The free-text fields of ``event`` the reader does not see: all of them for a service
    client, none for HR."""
    if actor.has_role(Role.hr):
        return ()
    return FREE_TEXT.get(event.resource_type, ())


# The keys in a recorded state that tie a content event to an employee's cycle.
_LINKS = ("id", "cycle_id", "talk_id", "appraisal_id", "agreement_id")


def _linked_ids(event: AuditEvent) -> set[str]:
    ids = {event.resource_id}
    for state in (event.before, event.after):
        ids.update(str(state[key]) for key in _LINKS if state and state.get(key))
    return ids


async def _own_ids(session: AsyncSession, actor: Actor) -> set[str]:
    """The ids of the reader's own cycles, talks, appraisals and agreements: an HR officer is
    an employee too, and reads their own talks only as an employee may (R6.3)."""
    me = select(Employee.id).where(Employee.personnel_number == actor.subject)
    mine = select(Cycle.id).where(Cycle.employee_id.in_(me))
    rows = await session.execute(
        union_all(
            mine,
            select(Talk.id).where(Talk.cycle_id.in_(mine)),
            select(Appraisal.id).where(Appraisal.cycle_id.in_(mine)),
            select(Agreement.id).where(Agreement.cycle_id.in_(mine)),
        )
    )
    return {str(row[0]) for row in rows}


async def withheld(session: AsyncSession, actor: Actor, events: Sequence[AuditEvent]) -> set[int]:
    """The events whose content the reader does not see: every content event for a service
    client; for HR, those of their own talks (they are an employee there, not HR)."""
    content = [e for e in events if e.resource_type in CONTENT_TYPES]
    if not content:
        return set()
    if not actor.has_role(Role.hr):
        return {e.id for e in content}
    own = await _own_ids(session, actor)
    return {e.id for e in content if _linked_ids(e) & own}


async def list_audit_events(
    session: AsyncSession,
    *,
    actor: Actor,
    page: PageParams,
    resource_type: str | None = None,
    resource_id: str | None = None,
    actor_id: str | None = None,
) -> tuple[Sequence[AuditEvent], set[int], int]:
    """The audit trail, newest first; only HR (or a client with ``audit:read``) may read it."""
    require_any(actor, roles=(Role.hr,), scopes=(AUDIT_READ_SCOPE,))
    query = select(AuditEvent)
    if resource_type is not None:
        query = query.where(AuditEvent.resource_type == resource_type)
    if resource_id is not None:
        query = query.where(AuditEvent.resource_id == resource_id)
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = (
        await session.scalars(
            query.order_by(AuditEvent.id.desc()).limit(page.page_size).offset(page.offset)
        )
    ).all()
    hidden = await withheld(session, actor, rows)
    shown = [row.id for row in rows if row.resource_type in CONTENT_TYPES and row.id not in hidden]
    if shown:
        await record_read(
            session,
            resource_type="audit-trail",
            resource_id="content",
            after={"events": shown},
            actor=actor,
        )
    return rows, hidden, total or 0
