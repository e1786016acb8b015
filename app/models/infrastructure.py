"""Tables of the service itself, not of the regulation: the test clock and the idempotency keys
of the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, Identity, Integer, SmallInteger, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Auditable, Base

WHO = String(200)


class ClockSetting(Auditable, Base):
    """The test clock: today's date as the service sees it is the real date plus this offset.
    One row at most; outside production mode only."""

    __tablename__ = "clock_setting"
    __audit_type__ = "clock"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, default=1, autoincrement=False)
    offset_days: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[str] = mapped_column(WHO)
    set_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class IdempotencyKey(Base):
    """A POST's Idempotency-Key, per client: the first response is replayed on a retry."""

    __tablename__ = "idempotency_key"

    client_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    expires_at: Mapped[datetime] = mapped_column(index=True)


class RowTally(Base):
    """How many rows a table has (employees; cycles not superseded), as deltas to sum: one row
    per writing statement, added by the table's statement triggers, folded into one row now and
    then by ``row_tally_compact`` (migration 0030). Never written from Python."""

    __tablename__ = "row_tally"

    id: Mapped[int] = mapped_column(BigInteger, Identity(always=True), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(63), index=True)
    n: Mapped[int] = mapped_column(BigInteger)
