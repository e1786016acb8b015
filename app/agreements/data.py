"""Everything a cycle's agreements are made of, read in one statement: the set, every agreement
and every version of it, every composition of the competency set, the approvals and decisions,
and the employee's views kept beside the decisions (R4.7). The set as it stands now, or as it
stood at any earlier version (R5.2), is then worked out in memory (``agreements_as_of``,
``revision_as_of``), so neither a read nor a write asks the database again for another
version.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Uuid

from app.models.agreements import (
    Agreement,
    AgreementApproval,
    AgreementDecision,
    AgreementSet,
    AgreementVersion,
    CompetencySetRevision,
    TalkContribution,
)
from app.statements import Item, fetch_one, item, items, row_of, rows_of


@dataclass(frozen=True)
class SetAgreement:
    version: Any
    """The agreement's version (an ``agreement_version`` row)."""
    number: int


def data_columns(cycle_id: ColumnElement) -> list[ColumnElement]:
    """The columns of ``AgreementData`` for the cycle ``cycle_id`` (a parameter or a column)."""
    decided_talks = (
        select(AgreementDecision.talk_id)
        .where(AgreementDecision.cycle_id == cycle_id)
        .correlate_except(AgreementDecision)
    )
    return [
        row_of(AgreementSet, where=lambda s: s.cycle_id == cycle_id).label("agreement_set"),
        rows_of(
            Agreement, where=lambda a: a.cycle_id == cycle_id, order=lambda a: (a.number,)
        ).label("agreements"),
        rows_of(
            AgreementVersion,
            where=lambda v: v.cycle_id == cycle_id,
            order=lambda v: (v.agreement_id, v.version),
        ).label("versions"),
        rows_of(
            CompetencySetRevision,
            where=lambda r: r.cycle_id == cycle_id,
            order=lambda r: (r.revision,),
        ).label("revisions"),
        rows_of(
            AgreementApproval,
            where=lambda a: a.cycle_id == cycle_id,
            order=lambda a: (a.approved_at, a.id),
        ).label("approvals"),
        rows_of(
            AgreementDecision,
            where=lambda d: d.cycle_id == cycle_id,
            order=lambda d: (d.decided_at, d.id),
        ).label("decisions"),
        rows_of(
            TalkContribution,
            where=lambda c: (
                c.talk_id.in_(decided_talks) & (c.party == "employee") & (c.kind == "view")
            ),
            order=lambda c: (c.created_at, c.id),
        ).label("employee_views"),
    ]


AGREEMENT_DATA: Select = select(*data_columns(bindparam("cycle_id", type_=Uuid())))
"""Parameter: cycle_id (the cycle whose agreements these are)."""


@dataclass
class AgreementData:
    agreement_set: Item | None
    agreements: list[Item]
    versions: list[Item]
    revisions: list[Item]
    approvals: list[Item]
    decisions: list[Item]
    employee_views: list[Item]

    @classmethod
    def of(cls, row: Any) -> AgreementData:
        """From a row with the columns of ``data_columns``."""
        return cls(
            item(row.agreement_set),
            items(row.agreements),
            items(row.versions),
            items(row.revisions),
            items(row.approvals),
            items(row.decisions),
            items(row.employee_views),
        )

    @property
    def set_version(self) -> int:
        return self.agreement_set.version if self.agreement_set else 0

    def agreements_as_of(self, as_of: int | None = None) -> list[SetAgreement]:
        """The agreements as they stand now (each at its current version), or as they stood
        at set version ``as_of`` (each at its latest version made by then), by number."""
        numbers = {a.id: a.number for a in self.agreements}
        chosen: dict[uuid.UUID, Item] = {}
        if as_of is None:
            current = {a.id: a.current_version for a in self.agreements}
            for v in self.versions:
                if current.get(v.agreement_id) == v.version:
                    chosen[v.agreement_id] = v
        else:
            for v in self.versions:  # in version order: the last one made by then wins
                if v.set_version <= as_of:
                    chosen[v.agreement_id] = v
        return sorted(
            (SetAgreement(v, numbers[agreement]) for agreement, v in chosen.items()),
            key=lambda a: a.number,
        )

    def revision_as_of(self, as_of: int | None = None) -> Item | None:
        """The competency set as last composed (by ``as_of``)."""
        found = [r for r in self.revisions if as_of is None or r.set_version <= as_of]
        return found[-1] if found else None

    def approvals_upto(self, as_of: int | None = None) -> list[Item]:
        return [a for a in self.approvals if as_of is None or a.set_version <= as_of]

    def decisions_upto(self, as_of: int | None = None) -> list[Item]:
        return [d for d in self.decisions if as_of is None or d.set_version <= as_of]

    def views_of(self, talk_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[Item]]:
        """The views the employee brought in for these talks (kept beside a decision, R4.7)."""
        wanted = set(talk_ids)
        views: dict[uuid.UUID, list[Item]] = {}
        for view in self.employee_views:
            if view.talk_id in wanted:
                views.setdefault(view.talk_id, []).append(view)
        return views


async def load(session: AsyncSession, cycle_id: uuid.UUID) -> AgreementData:
    """The agreements of ``cycle_id`` (in the session's transaction, after its flushes)."""
    return AgreementData.of(await fetch_one(session, AGREEMENT_DATA, cycle_id=cycle_id))
