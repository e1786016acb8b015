"""The reports (issue 13): who may see which figures, and their parameters."""

TEXTS: dict[str, tuple[str, str]] = {
    "invalid-input.unknown-table": (
        "table is not a table of this report.",
        "table is geen tabel van dit rapport.",
    ),
    "invalid-input.unknown-org-unit": (
        "orgUnit is not a known org unit.",
        "orgUnit is geen bekende organisatie-eenheid.",
    ),
    "invalid-input.period-and-range": (
        "Give a period or a date range, not both.",
        "Geef een periode of een datumbereik op, niet allebei.",
    ),
    "invalid-input.date-range": (
        "The date range is incomplete or reversed.",
        "Het datumbereik is onvolledig of omgekeerd.",
    ),
    "names-not-for-clients": (
        "The people behind the figures are for HR and their managers, not for service clients.",
        "De namen achter de cijfers zijn voor HR en de leidinggevenden van de betrokkenen, niet "
        "voor serviceclients.",
    ),
    "reports-not-for-employees": (
        "Reports are for HR, managers (on their own units and people) and clients with scope "
        "{scope}; employees see no reports.",
        "Rapportages zijn voor HR, leidinggevenden (over de eigen eenheden en medewerkers) en "
        "clients met de scope {scope}; medewerkers zien geen rapportages.",
    ),
}
