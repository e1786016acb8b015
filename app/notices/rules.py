"""What someone must do, by when and by which rule, and when they are reminded: pure.

A task comes from the state of a talk or an appraisal and the regulation's deadlines
(``app.appraisals.rules``). Reminders fall at configurable offsets from a task's due date (by
default 14 and 3 days before, on the day, and 7 days after, the last one also to whoever is
above the person who must act); each is made once (its key), and a run that was missed sends
only the most recent offset that has passed (within a week), never a backlog.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from app.appraisals.rules import (
    Facts,
    State,
    hearing_deadline,
    objection_deadline,
    response_deadline,
)

SHARE_DAYS_BEFORE = 7  # R6.3
TALK_REQUEST_ANSWER_DAYS = 14
"""R2.5 sets no term for answering a request for an extra talk; the reminders count from 14
days after it (the service's choice, docs/events.md)."""

# kind → (what to do, in Dutch, with {name} for whose talk it is)
TEXTS: dict[str, str] = {
    "hold-talk": "Voer het {talk} met {name} en leg het vast",
    "approve-agreements": "Keur de werkafspraken van het {talk} goed",
    "share-draft": "Deel het conceptbeoordelingsformulier met {name}",
    "sign": "Onderteken de beoordeling",
    "consider-objection": "Dien eventueel bezwaar in tegen de beoordeling",
    "hold-hearing": "Voer het gesprek over de bezwaren van {name}",
    "finalise": "Stel de beoordeling van {name} vast",
    "answer-informant-request": "Beantwoord de vraag om informatie over {name}",
    "answer-suggestion": "Reageer op de voorgestelde informant van {name}",
    "answer-talk-request": "Reageer op het verzoek om een extra gesprek van {name}",
}
TALKS = {
    "planning": "planningsgesprek",
    "progress": "voortgangsgesprek",
    "appraisal": "beoordelingsgesprek",
}


@dataclass(frozen=True)
class Task:
    kind: str
    actor: str
    """Personnel number of who must act."""
    role: str
    """manager, employee or informant."""
    employee: str
    employee_name: str
    org_unit: str
    due: date | None
    rule: str
    talk_id: str | None
    talk_kind: str | None
    cycle_id: str | None
    link: str
    """The frontend's path (relative to the configured base URL)."""
    ref: str | None = None
    """What the task is about when a talk does not say it (a request for an extra talk)."""

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.ref or self.talk_id or self.cycle_id}:{self.actor}"

    def overdue(self, today: date) -> bool:
        return self.due is not None and self.due < today

    def text(self) -> str:
        talk = TALKS.get(self.talk_kind or "", "gesprek")
        return TEXTS[self.kind].format(name=self.employee_name, talk=talk)


def appraisal_steps(
    state: State, facts: Facts, *, talk_day: date, today: date
) -> list[tuple[str, str, date | None, str]]:
    """(kind, who, due, rule) of an appraisal's open steps, as the procedure allows them today.
    ``talk_day``: the talk's appointment, or its due date while it has none."""
    if state is State.draft:
        return [("share-draft", "manager", talk_day - timedelta(SHARE_DAYS_BEFORE), "R6.3")]
    if state is State.held:
        window_end = objection_deadline(facts.window_start or talk_day)
        window_open = today <= window_end
        steps = []
        if not facts.manager_signed:
            steps.append(("sign", "manager", window_end, "R6.11"))
        if facts.employee_signature is None and window_open:
            steps.append(("sign", "employee", window_end, "R6.11"))
        elif facts.employee_signature == "seen" and window_open:
            # R6.11: signed "as seen", the employee may object until the window closes.
            steps.append(("consider-objection", "employee", window_end, "R6.11"))
        if facts.manager_signed:
            if facts.employee_signature == "agree":
                steps.append(("finalise", "manager", window_end, "R6.11"))
            elif not window_open:  # R6.11: not before the window has closed
                steps.append(("finalise", "manager", window_end + timedelta(1), "R6.11"))
        return steps
    if state is State.objected and facts.objections_on is not None:
        return [("hold-hearing", "manager", hearing_deadline(facts.objections_on), "R6.12")]
    if state is State.heard and facts.hearing_on is not None:
        return [("finalise", "manager", response_deadline(facts.hearing_on), "R6.12")]
    return []


CATCH_UP_DAYS = 7
"""A reminder whose day passed more than this long ago is not sent any more: a first run (or
one after a long outage) does not bring up every old task at once."""


@dataclass(frozen=True)
class Offset:
    days: int
    """Relative to the due date: -14 is two weeks before."""
    escalate: bool = False


DEFAULT_OFFSETS = (Offset(-14), Offset(-3), Offset(0), Offset(7, escalate=True))


def parse_offsets(value: str) -> tuple[Offset, ...]:
    """``-14,-3,0,+7!``: days from the due date; ``!`` also tells whoever is above."""
    found = []
    for part in value.split(","):
        part = part.strip()
        escalate = part.endswith("!")
        found.append(Offset(int(part.rstrip("!")), escalate))
    return tuple(sorted(found, key=lambda o: o.days))


def reminder_due(task: Task, today: date, offsets: tuple[Offset, ...]) -> Offset | None:
    """The offset to remind at today: the latest one that has come (each once, by its key);
    None before the first, or for a task without a due date."""
    if task.due is None:
        return None
    passed = [o for o in offsets if task.due + timedelta(o.days) <= today]
    if not passed or (today - (task.due + timedelta(passed[-1].days))).days > CATCH_UP_DAYS:
        return None
    return passed[-1]
