"""The titles of the problems: one per kind of error (``title.<code>``), and the words that
join a list (``or``)."""

TEXTS: dict[str, tuple[str, str]] = {
    "title.bad-request": ("Bad request", "Ongeldig verzoek"),
    "title.invalid-input": ("Invalid input", "Ongeldige invoer"),
    "title.malformed-json": ("Malformed JSON", "Ongeldige JSON"),
    "title.cors-refused": ("CORS preflight refused", "CORS-preflight geweigerd"),
    "title.not-authenticated": ("Not authenticated", "Niet aangemeld"),
    "title.forbidden": ("Forbidden", "Niet toegestaan"),
    "title.not-found": ("Not found", "Niet gevonden"),
    "title.method-not-allowed": ("Method not allowed", "Methode niet toegestaan"),
    "title.not-acceptable": ("Not acceptable", "Niet leverbaar in het gevraagde formaat"),
    "title.conflict": ("Conflict", "Conflict"),
    "title.precondition-failed": ("Precondition failed", "Voorwaarde niet vervuld"),
    "title.payload-too-large": ("Request body too large", "Inhoud van het verzoek te groot"),
    "title.unsupported-media-type": ("Unsupported media type", "Mediatype niet ondersteund"),
    "title.rule-violation": (
        "Rule of the regulation violated",
        "Regel van de regeling geschonden",
    ),
    "title.idempotency-key-reused": (
        "Idempotency-Key reused",
        "Idempotency-Key opnieuw gebruikt",
    ),
    "title.precondition-required": ("Precondition required", "Voorwaarde vereist"),
    "title.too-many-requests": ("Too many requests", "Te veel verzoeken"),
    "title.internal-error": ("Internal server error", "Interne serverfout"),
    "title.service-unavailable": ("Service unavailable", "Dienst niet beschikbaar"),
    "title.http-error": ("Request not handled", "Verzoek niet verwerkt"),
    "or": (" or ", " of "),
}
