"""The cycle and its talks (Article 2: R2.1–R2.8, T2.1), hardship decisions (R7)."""

TEXTS: dict[str, tuple[str, str]] = {
    "cycle-closed": (
        "The cycle is {status}; its talks can no longer change.",
        "De gesprekscyclus is {status}; de gesprekken ervan kunnen niet meer veranderen.",
    ),
    "cycle-closed.agreeing": ("The cycle is {status}.", "De gesprekscyclus is {status}."),
    "talk-closed": (
        "The talk is {status}; it can no longer change.",
        "Het gesprek is {status}; het kan niet meer veranderen.",
    ),
    "talk-closed.agreeing": ("The talk is {status}.", "Het gesprek is {status}."),
    "talk-before-cycle": (
        "{field} is before the cycle starts ({start}); talks belong to their cycle (R2.1).",
        "{field} ligt vóór het begin van de gesprekscyclus ({start}); een gesprek hoort bij "
        "de eigen gesprekscyclus (R2.1).",
    ),
    "employee-inactive": (
        "The employee left on {date}; their cycle ended then (R2.1).",
        "De medewerker is op {date} uit dienst gegaan; de gesprekscyclus is toen geëindigd (R2.1).",
    ),
    "attendee-without-consent": (
        "Others attend a talk only with the consent of both (R2.8).",
        "Anderen zijn alleen bij een gesprek aanwezig als de leidinggevende en de medewerker "
        "daar allebei mee instemmen (R2.8).",
    ),
    "forbidden.attendees": (
        "Only the manager and the employee decide who else attends (R2.8).",
        "Alleen de leidinggevende en de medewerker spreken af wie er verder aanwezig is (R2.8).",
    ),
    "already-consented": (
        "The {party} consented already.",
        "De {party} heeft al ingestemd.",
    ),
    "forbidden.talk-request": (
        "Only the employee requests an extra talk; the manager adds one.",
        "Alleen de medewerker vraagt om een extra gesprek; de leidinggevende voegt er een toe.",
    ),
    "request-answered": (
        "The request was answered already ({status}).",
        "Op het verzoek is al gereageerd ({status}).",
    ),
    "invalid-input.unknown-period": (
        "period is not an org-wide period.",
        "period is geen organisatiebrede periode.",
    ),
    "invalid-input.period-too-far-ahead": (
        "period is too far ahead.",
        "period ligt te ver in de toekomst.",
    ),
    "invalid-input.fields": (
        "{count} invalid field(s).",
        "Aantal ongeldige velden: {count}.",
    ),
}
