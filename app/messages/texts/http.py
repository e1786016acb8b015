"""The HTTP layer's problems (``app/api/``): routes, bodies, media types, preconditions,
idempotency, rate limits, the database and the last-resort 500."""

TEXTS: dict[str, tuple[str, str]] = {
    "invalid-input": (
        "{count} invalid parameter(s): {names}.",
        "Ongeldige parameters ({count}): {names}.",
    ),
    "invalid-input.nul-character": (
        "{count} invalid parameter(s): NUL character.",
        "Ongeldige parameters ({count}): NUL-teken.",
    ),
    "invalid-input.on-behalf-of-not-allowed": (
        "The {header} header is not acceptable: only service clients may act on behalf of someone.",
        "De header {header} wordt niet geaccepteerd: alleen serviceclients kunnen namens "
        "iemand optreden.",
    ),
    "invalid-input.on-behalf-of-pattern": (
        "The {header} header is not acceptable: 1 to 200 characters of A-Z a-z 0-9 . _ : @ -.",
        "De header {header} wordt niet geaccepteerd: toegestaan zijn 1 tot 200 tekens uit "
        "A-Z a-z 0-9 . _ : @ -.",
    ),
    "malformed-json": (
        "The request body is not valid JSON: {reason}.",
        "De inhoud van het verzoek is geen geldige JSON: {reason}.",
    ),
    "malformed-json.encoding": (
        "The request body is not valid JSON in UTF-8.",
        "De inhoud van het verzoek is geen geldige JSON in UTF-8.",
    ),
    "cors-refused": ("Disallowed CORS {refused}.", "CORS niet toegestaan voor {refused}."),
    "not-found.path": (
        "No resource exists at this path.",
        "Er bestaat geen resource op dit pad.",
    ),
    "method-not-allowed": (
        "This method is not allowed on this resource.",
        "Deze methode is niet toegestaan op deze resource.",
    ),
    "http-error": ("{detail}", "Het verzoek kon niet worden verwerkt: {detail}"),
    "not-acceptable": (
        "This resource comes as {offered}; the Accept header allows none of them.",
        "Deze resource is beschikbaar als {offered}; de Accept-header staat geen daarvan toe.",
    ),
    "unsupported-media-type": (
        "The request body must be JSON: send Content-Type: application/json.",
        "De inhoud van het verzoek moet JSON zijn: stuur Content-Type: application/json mee.",
    ),
    "payload-too-large": (
        "The request body is larger than {limit} bytes.",
        "De inhoud van het verzoek is groter dan {limit} bytes.",
    ),
    "conflict.concurrent-change": (
        "The change conflicts with another change of the same data; nothing was stored. "
        "Retry the request.",
        "De wijziging botst met een andere wijziging van dezelfde gegevens; er is niets "
        "opgeslagen. Probeer het verzoek opnieuw.",
    ),
    "etag-mismatch": (
        "The resource changed since you read it: GET it again and retry.",
        "De resource is gewijzigd sinds die is gelezen: haal die opnieuw op (GET) en probeer "
        "het nog eens.",
    ),
    "etag-mismatch.concurrent-write": (
        "The resource changed while you were changing it: GET it again and retry.",
        "De resource is intussen door een andere wijziging veranderd: haal die opnieuw op (GET) "
        "en probeer het nog eens.",
    ),
    "if-match-required": (
        "Send If-Match with the ETag from your last GET of this resource.",
        "Stuur If-Match mee met de ETag van de laatste GET van deze resource.",
    ),
    "idempotency-key-in-use": (
        "A request with this Idempotency-Key is still being processed; retry later.",
        "Een verzoek met deze Idempotency-Key wordt nog verwerkt; probeer het later opnieuw.",
    ),
    "idempotency-key-reused": (
        "This Idempotency-Key was used for a request with another body; use a new key.",
        "Deze Idempotency-Key is al gebruikt voor een verzoek met een andere inhoud; gebruik "
        "een nieuwe sleutel.",
    ),
    "too-many-failed-authentications": (
        "Too many failed authentications; try again later.",
        "Te veel mislukte aanmeldpogingen; probeer het later opnieuw.",
    ),
    "too-many-requests": (
        "Too many requests; slow down.",
        "Te veel verzoeken in korte tijd; wacht even voor het volgende verzoek.",
    ),
    "database-unavailable": (
        "The database cannot be reached or dropped the connection; try again shortly.",
        "De database is niet bereikbaar of heeft de verbinding verbroken; probeer het zo opnieuw.",
    ),
    "database-unavailable.not-ready": (
        "The database is not reachable or has no schema yet.",
        "De database is niet bereikbaar of heeft nog geen schema.",
    ),
    "migrations-pending": (
        "The database schema is at revision {current}, not at head {head}: run "
        "`goedgesprek migrate`.",
        "Het databaseschema staat op revisie {current}, niet op de laatste revisie {head}: "
        "voer `goedgesprek migrate` uit.",
    ),
    "internal-error": (
        "An unexpected error occurred; it has been logged with the request id.",
        "Er is een onverwachte fout opgetreden; die is gelogd met het id van het verzoek.",
    ),
}
