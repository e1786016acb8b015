"""Notifications to people (issue 17): the mails the service sends (or captures), each once,
and each person's preference for the reminders that may be muted."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Index, SmallInteger, String, Text, func, text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Notification(Base):
    """One notice to one person. ``key`` makes it once: a reminder for a task, at an offset,
    is made at most once however often the reminder run goes."""

    __tablename__ = "notification"
    __table_args__ = (
        Index("ix_notification_recipient", "recipient", "created_at"),
        Index("ix_notification_unsent", "created_at", postgresql_where=text("sent_at IS NULL")),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    recipient: Mapped[str] = mapped_column(String(32))
    """Personnel number."""
    email: Mapped[str | None] = mapped_column(String(320))
    kind: Mapped[str] = mapped_column(String(40))
    required: Mapped[bool] = mapped_column(Boolean)
    """A notice the regulation requires (R6.3, the finalised appraisal): never muted."""
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    rule: Mapped[str | None] = mapped_column(String(16))
    due_date: Mapped[date | None] = mapped_column(Date)
    link: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    sent_at: Mapped[datetime | None]
    transport: Mapped[str | None] = mapped_column(String(16))
    """smtp, or capture (no SMTP server configured: kept, and readable in the API)."""
    attempts: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(String(500))


class NotificationPreference(Base):
    """A person's choice about convenience reminders (the required notices always go)."""

    __tablename__ = "notification_preference"

    personnel_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    reminders: Mapped[bool] = mapped_column(Boolean, server_default=text("true"))
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class NoticeCursor(Base):
    """How far the notices have read the event feed (one row)."""

    __tablename__ = "notice_cursor"

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True, default=1, autoincrement=False)
    last_sequence: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
