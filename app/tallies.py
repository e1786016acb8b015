"""The totals of the unfiltered whole-organisation lists, read from ``row_tally`` (migration
0030) instead of counted: the number of employees, and of cycles not superseded, as the sum of
the deltas that the tables' statement triggers add. Exact in every snapshot (a delta commits
or rolls back with its rows); see docs/design.md, "Scale: reads"."""

from __future__ import annotations

from sqlalchemy import BigInteger, Select, cast, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.models.infrastructure import RowTally

TALLIED = ("employee", "cycle")
"""The tables with a tally: every employee; the cycles not superseded."""


def tallied_total(table: str) -> Select[tuple[int]]:
    """The table's tallied total (a bigint, 0 for none): a statement, or a scalar subquery."""
    assert table in TALLIED, table
    total = func.coalesce(func.sum(RowTally.n), 0)
    return select(cast(total, BigInteger)).where(RowTally.table_name == table)


_COMPACT = text("SELECT row_tally_compact(:table)")


async def compact_tallies(session: AsyncSession) -> dict[str, int | None]:
    """Fold each table's committed deltas into one row (rows folded per table; None where
    another compaction held the lock). In the session's transaction: commit it soon (the
    folded rows stay locked until then)."""
    return {table: await session.scalar(_COMPACT, {"table": table}) for table in TALLIED}
