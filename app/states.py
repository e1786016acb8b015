"""The states of what the regulation's cycle is made of, as stored and as the API shows them,
and the caller's relation to a record: one enum each, used by the models (defaults and check
constraints), the statements, the pure rules and the schemas alike. A ``StrEnum`` member is
its string, so a comparison with a stored value needs no conversion.

The appraisal's own states and events are a state machine in ``app/appraisals/rules.py``.
"""

from __future__ import annotations

from enum import StrEnum


class CycleState(StrEnum):
    """Stored (``cycle.state``)."""

    active = "active"
    completed = "completed"
    """Every talk held (or cancelled)."""
    superseded = "superseded"
    """Replaced by a re-planned cycle (placement, leaving, a decision): kept for its history."""


class CycleStatus(StrEnum):
    """Where a cycle stands today:

    - `upcoming`: it starts after today;
    - `open`: started and still running; also past its end date while talks are still to be
      held (a late talk can still be held);
    - `ended`: cut short by leaving or by placement in the function scale, and its end date
      has passed; its open talks can still be recorded;
    - `completed`: every talk held or cancelled; read-only;
    - `superseded`: replaced by a new plan (e.g. after a changed entry date, a placement or a
      one-year decision), kept with its records; read-only."""

    # As the API shows a cycle: its stored state (CycleState), and for an active one where
    # today falls.
    upcoming = "upcoming"
    open = "open"
    ended = "ended"
    completed = "completed"
    superseded = "superseded"


class TalkStatus(StrEnum):
    """Where a talk stands: `open` (to be scheduled), `scheduled` (it has an appointment, R2.6),
    `held` (recorded as held on `heldOn`; read-only) or `cancelled` (no longer required, see
    `cancelledReason`; read-only)."""

    open = "open"
    scheduled = "scheduled"
    held = "held"
    cancelled = "cancelled"


class RequestStatus(StrEnum):
    """The employee's request for an extra talk (R2.5)."""

    open = "open"
    scheduled = "scheduled"
    declined = "declined"


class SuggestionStatus(StrEnum):
    """The employee's suggestion of an informant (R6.10)."""

    open = "open"
    asked = "asked"
    declined = "declined"


class WorkingRelationship(StrEnum):
    """The informant's working relationship with the employee (Art. 1.k: an informant has "een
    relevante functionele werkrelatie" with the employee, R6.10): `colleague` (collega),
    `client` (klant), `chain-partner` (ketenpartner), `other-manager` (andere leidinggevende:
    a manager other than the employee's own) or `external` (extern)."""

    colleague = "colleague"
    client = "client"
    chain_partner = "chain-partner"
    other_manager = "other-manager"
    external = "external"


class AgreementStatus(StrEnum):
    """An agreement's current version: in force, or ended (R5.2)."""

    active = "active"
    ended = "ended"


OPEN_TALK = frozenset({TalkStatus.open, TalkStatus.scheduled})
"""Talks still to be held."""


class Relation(StrEnum):
    """The caller's relation to an employee's records (``app/authz.py`` works it out)."""

    self = "self"
    manager = "manager"
    coordinator = "coordinator"
    hr = "hr"
    client = "client"
    former_manager = "former-manager"
    """Led the employee during a cycle (read access to that cycle only)."""


MANAGING = frozenset({Relation.manager, Relation.coordinator})
"""Who acts as the employee's manager: their manager today, or the delegated coordinator
(T1.g). The one definition of managing."""


def sql_in(column: str, states: type[StrEnum]) -> str:
    """The check constraint that keeps a column to the enum's values: ``status IN ('a','b')``."""
    return f"{column} IN ({','.join(repr(state.value) for state in states)})"
