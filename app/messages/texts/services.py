"""The service's own resources: the test clock, webhooks, and the inbox of tasks and
notifications."""

TEXTS: dict[str, tuple[str, str]] = {
    "test-clock-off": (
        "The test clock is off: the service uses the real date (it is on only when the "
        "service starts with GOEDGESPREK_TEST_CLOCK=true, never in production mode).",
        "De testklok staat uit: de dienst gebruikt de echte datum (de testklok staat alleen aan "
        "als de dienst start met GOEDGESPREK_TEST_CLOCK=true, en nooit in productie).",
    ),
    "invalid-input.clock-too-far": (
        "{field} moves the clock too far.",
        "{field} verzet de klok te ver.",
    ),
    "invalid-input.out-of-range": (
        "{field} is out of range.",
        "{field} valt buiten het toegestane bereik.",
    ),
    "not-found.webhook-subscription": (
        "There is no webhook subscription {id} of yours.",
        "Er is geen webhookabonnement {id} van deze client.",
    ),
    "not-found.webhook-delivery": (
        "There is no delivery {id} of this subscription.",
        "Er is geen aflevering {id} van dit abonnement.",
    ),
    "forbidden.inbox-for-persons": (
        "Tasks and notifications are a person's own: sign in as a person.",
        "Taken en meldingen zijn persoonlijk: hiervoor is aanmelden als persoon nodig.",
    ),
    "forbidden.team-tasks": (
        "The team's overdue tasks are for managers.",
        "De achterstallige taken van het team zijn voor leidinggevenden.",
    ),
    "forbidden.organisation-tasks": (
        "The organisation's overdue tasks are for HR.",
        "De achterstallige taken van de hele organisatie zijn voor HR.",
    ),
}
