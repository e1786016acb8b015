"""The mails, in Dutch: what to do, by when, which rule, and a link to the E-module; never
what an appraisal says. Sent over SMTP, or captured when no SMTP host is configured."""

from __future__ import annotations

import asyncio
import smtplib
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage

from app.config import Settings
from app.notices.rules import Task

MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
FOOTER = (
    "\n\nDit bericht komt van de E-module gesprekscyclus (Regeling gesprekscyclus het goede "
    "gesprek). De inhoud van gesprekken en beoordelingen staat alleen in de E-module."
)


def dutch(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


def _term(task: Task, today: date) -> str:
    """Where the deadline stands today, in words."""
    assert task.due is not None
    days = (task.due - today).days
    if days > 1:
        return f"De termijn verloopt over {days} dagen, op {dutch(task.due)}."
    if days == 1:
        return f"De termijn verloopt morgen, op {dutch(task.due)}."
    if days == 0:
        return "De termijn verloopt vandaag."
    return f"De termijn is op {dutch(task.due)} verstreken."


def reminder(task: Task, today: date, link: str, *, escalated_to: str | None = None) -> Mail:
    due = f" vóór {dutch(task.due)}" if task.due else ""
    what = task.text()
    lower = what[0].lower() + what[1:]
    if escalated_to is not None:
        subject = f"Achterstand: {lower}{due}"
        body = (
            f"Beste {escalated_to},\n\nDeze actie staat open bij een medewerker die u "
            f"leidinggeeft: {lower}{due} ({task.rule}). {_term(task, today)}\n\n"
            f"Bekijk de stand van zaken: {link}"
        )
    else:
        subject = f"Herinnering: {lower}{due}"
        body = (
            f"Goedendag,\n\n{what}{due} ({task.rule}). {_term(task, today)}\n\n"
            f"Ga naar de E-module: {link}"
        )
    return Mail(subject[:300], body + FOOTER)


def draft_shared(name: str, talk_from: date, link: str) -> Mail:
    """R6.3: the employee receives the draft and is invited, at least a week ahead."""
    return Mail(
        "Uw conceptbeoordeling staat klaar en u wordt uitgenodigd voor het beoordelingsgesprek",
        f"Beste {name},\n\nUw leidinggevende heeft het conceptbeoordelingsformulier met u "
        f"gedeeld. U wordt hierbij uitgenodigd voor het beoordelingsgesprek, dat op zijn "
        f"vroegst op {dutch(talk_from)} plaatsvindt: u heeft ten minste een week om u voor "
        f"te bereiden (artikel 6.3, R6.3).\n\nLees het concept in de E-module: {link}" + FOOTER,
    )


def finalised(name: str, finalised_on: date, link: str) -> Mail:
    return Mail(
        "Uw beoordeling is vastgesteld",
        f"Beste {name},\n\nUw beoordeling is op {dutch(finalised_on)} vastgesteld (R6.12). "
        f"U vindt haar, met het archiefexemplaar, in de E-module: {link}" + FOOTER,
    )


def message(settings: Settings, to: str, mail: Mail) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = to
    msg["Subject"] = mail.subject
    msg.set_content(mail.body)
    msg["Content-Language"] = "nl"  # after set_content, which replaces the Content-* headers
    return msg


def _send(settings: Settings, messages: list[EmailMessage]) -> list[str | None]:
    """Each message's outcome: None when the server took it, else why not. A failure of the
    connection itself raises (none of the rest was sent)."""
    assert settings.smtp_host is not None
    outcomes: list[str | None] = []
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        for msg in messages:
            try:
                smtp.send_message(msg)
                outcomes.append(None)
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                outcomes.append(f"{type(exc).__name__}: {exc}"[:500])
    return outcomes


async def send(settings: Settings, messages: list[EmailMessage]) -> list[str | None]:
    """Over one SMTP connection, off the event loop (smtplib blocks)."""
    return await asyncio.to_thread(_send, settings, messages)
