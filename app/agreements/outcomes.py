"""Which talks of a cycle have their agreement set agreed (R4.6, R4.7, R5.2, R5.4) at the set's
current version: read by the cycles package to offer "mark-held" only where it can succeed.
Depends on the models only, so that cycles can import it without a cycle of imports."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.agreements import AgreementApproval, AgreementDecision, AgreementSet


async def agreed_talk_ids(session: AsyncSession, cycle_id: uuid.UUID) -> set[uuid.UUID]:
    """Talks with the set at its current version approved by both or decided (one statement)."""
    approved = (
        select(AgreementApproval.talk_id)
        .join(
            AgreementSet,
            and_(
                AgreementSet.cycle_id == AgreementApproval.cycle_id,
                AgreementSet.version == AgreementApproval.set_version,
            ),
        )
        .where(AgreementSet.cycle_id == cycle_id)
        .group_by(AgreementApproval.talk_id)
        .having(func.count(AgreementApproval.party.distinct()) == 2)
    )
    decided = (
        select(AgreementDecision.talk_id)
        .join(
            AgreementSet,
            and_(
                AgreementSet.cycle_id == AgreementDecision.cycle_id,
                AgreementSet.version == AgreementDecision.set_version,
            ),
        )
        .where(AgreementSet.cycle_id == cycle_id)
    )
    return set(await session.scalars(union(approved, decided)))
