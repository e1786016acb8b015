"""Who the caller is and what they may do (``app/auth.py``, ``app/authz.py``): tokens, roles,
scopes, and "not found" (which is also "not yours to see")."""

TEXTS: dict[str, tuple[str, str]] = {
    "not-authenticated.missing-token": (
        "This request needs a bearer token in the Authorization header.",
        "Voor dit verzoek is een bearer-token in de Authorization-header nodig.",
    ),
    "not-authenticated.expired": ("The token has expired.", "Het token is verlopen."),
    "not-authenticated.invalid": ("The token is not valid.", "Het token is niet geldig."),
    "not-authenticated.claim-not-a-list": (
        "The token's {claim} claim must be a string or a list of strings.",
        "De claim {claim} van het token moet een tekst of een lijst van teksten zijn.",
    ),
    "not-authenticated.claim-empty": (
        "The token's {claim} claim must be a non-empty string.",
        "De claim {claim} van het token moet een tekst zijn die niet leeg is.",
    ),
    "not-authenticated.no-known-role": (
        "The token names no known role (employee, manager, hr).",
        "Het token noemt geen bekende rol (employee, manager, hr).",
    ),
    "identity-provider-unavailable": (
        "The identity provider's keys could not be fetched; try again shortly.",
        "De sleutels van de identiteitsprovider konden niet worden opgehaald; probeer het zo "
        "opnieuw.",
    ),
    "forbidden.needs": ("This needs {wanted}.", "Hiervoor is {wanted} nodig."),
    "forbidden.needs-role": ("role {role}", "de rol {role}"),
    "forbidden.needs-scope": ("scope {scope}", "de scope {scope}"),
    "forbidden.people-writer": (
        "This needs scope people:write (the HR information system) or role hr.",
        "Hiervoor is de scope people:write (het personeelsinformatiesysteem) of de rol hr nodig.",
    ),
    "forbidden.hr-only": ("Only HR may do this.", "Alleen HR mag dit doen."),
    "own-records": (
        "Nobody acts as manager on their own records.",
        "Niemand treedt als leidinggevende op bij de eigen gegevens.",
    ),
    "forbidden.not-managing": (
        "Only the employee's manager (or delegated coordinator) {act}.",
        "Alleen de leidinggevende van de medewerker (of de gedelegeerde coördinator) {act}.",
    ),
    "not-found.thing": ("No {thing} found.", "Geen {thing} gevonden."),
    # What only the manager does ("Only the employee's manager … {act}."), as a verb phrase.
    "act.records-agreements": ("records agreements", "legt afspraken vast"),
    "act.changes-agreements": ("changes agreements", "wijzigt afspraken"),
    "act.ends-agreements": ("ends agreements", "beëindigt afspraken"),
    "act.sets-weights": ("sets the weights", "stelt de weging vast"),
    "act.decides-on-agreements": ("decides on the agreements", "beslist over de afspraken"),
    "act.composes-competency-set": (
        "composes the competency set",
        "stelt de competentieset samen",
    ),
    "act.decides-on-one-year-cycles": (
        "decides on one-year cycles",
        "besluit tot gesprekscycli van één jaar",
    ),
    "act.schedules-talks": ("schedules the talks", "plant de gesprekken"),
    "act.records-talk-held": (
        "records that a talk was held",
        "legt vast dat een gesprek is gehouden",
    ),
    "act.adds-talks": ("adds talks to a cycle", "voegt gesprekken toe aan een gesprekscyclus"),
    "act.answers-talk-request": (
        "answers a request for an extra talk",
        "beantwoordt een verzoek om een extra gesprek",
    ),
    "act.rates-appraisal": ("rates the appraisal", "stelt de beoordeling op"),
    "act.shares-draft": ("shares the draft appraisal", "deelt de conceptbeoordeling"),
    "act.holds-hearing": ("holds the objection hearing", "voert het bedenkingengesprek"),
    "act.finalises-appraisal": ("finalises the appraisal", "stelt de beoordeling vast"),
    "act.grants-reward": ("grants a reward", "kent een extra beloning toe"),
    "act.asks-informants": ("asks informants", "wint inlichtingen in bij informanten"),
    "act.answers-suggestion": (
        "answers the employee's suggestion",
        "beantwoordt het voorstel van de medewerker",
    ),
}
