"""The Dutch words of the CSV and XLSX exports (issue 19): sheet titles, column headers and the
values of category columns, in one catalogue. JSON keeps its English identifiers; a spreadsheet
is read by people, in Dutch. The `table` query parameter keeps naming a table by its id."""

from __future__ import annotations

SHEETS = {  # id → the sheet's title (Excel allows 31 characters)
    "talks": "Gesprekken",
    "appraisals": "Beoordelingen",
    "overdue": "Achterstallig",
    "rollout": "Invoering",
    "missing": "Zonder planningsgesprek",
    "outcomes-by-unit": "Eindoordelen per eenheid",
    "outcomes-by-function-group": "Eindoordelen per functiegroep",
    "development-competencies": "Ontwikkeling competenties",
    "development-knowledge": "Ontwikkeling kennisniveau",
    "career-agreements": "Loopbaanafspraken",
}

HEADERS = {  # field → column header
    "org_unit": "Eenheid",
    "org_unit_name": "Naam eenheid",
    "kind": "Soort gesprek",
    "on_time": "Op tijd",
    "late": "Te laat",
    "overdue": "Achterstallig",
    "not_yet_due": "Nog niet aan de beurt",
    "total": "Totaal",
    "people": "Personen",
    "suppressed": "Weggelaten (minder dan 5)",
    "held": "Gehouden",
    "shared_in_time": "Concept op tijd gedeeld",
    "shared_late": "Concept te laat gedeeld",
    "finalised": "Vastgesteld",
    "in_objection": "In bedenkingen",
    "window_open": "Termijn bedenkingen loopt",
    "finalisation_due": "Vast te stellen",
    "hearing_overdue": "Bedenkingengesprek te laat",
    "response_overdue": "Reactie te laat",
    "personnel_number": "Personeelsnummer",
    "name": "Naam",
    "manager": "Leidinggevende",
    "cycle_id": "Cyclus",
    "talk_id": "Gesprek",
    "rule": "Regel",
    "due_date": "Uiterlijk",
    "days_overdue": "Dagen te laat",
    "employees": "Medewerkers",
    "not_held": "Niet gehouden",
    "percent_held": "Percentage gehouden",
    "entry_date": "In dienst",
    "rating_1": "1 onvoldoende",
    "rating_2": "2 enigszins onvoldoende",
    "rating_3": "3 normaal",
    "rating_4": "4 goed",
    "rating_5": "5 uitstekend",
    "objected": "Met bedenkingen",
    "objection_rate": "Aandeel met bedenkingen",
    "met_fully": "Geheel tegemoetgekomen",
    "partly_met": "Gedeeltelijk tegemoetgekomen",
    "explained": "Toegelicht, niet gewijzigd",
    "rewards": "Extra beloningen",
    "median_days_to_finalise": "Dagen tot vaststelling (mediaan)",
    "mean_days_to_finalise": "Dagen tot vaststelling (gemiddeld)",
    "max_days_to_finalise": "Dagen tot vaststelling (langst)",
    "function_group": "Functiegroep",
    "competency": "Competentie",
    "competency_name": "Naam competentie",
    "agreements": "Afspraken",
    "rated": "Beoordeeld",
    "mean_score": "Gemiddeld oordeel",
    "career_type": "Soort afspraak",
    "active": "Lopend",
}

VALUES = {  # field → {value → label}: the categories people read
    "kind": {
        "planning": "planningsgesprek",
        "progress": "voortgangsgesprek",
        "appraisal": "beoordelingsgesprek",
    },
    "career_type": {
        "career-step": "loopbaanstap",
        "mobility": "mobiliteit",
        "approaching-retirement": "naderend pensioen",
        "work-care-balance": "balans werk en zorg",
        "other": "anders",
    },
}

YES, NO = "ja", "nee"


def header(field: str, fallback: str) -> str:
    return HEADERS.get(field, fallback)


def sheet_title(sheet: str) -> str:
    return SHEETS.get(sheet, sheet)[:31]


def value(field: str, raw: object) -> object:
    labels = VALUES.get(field)
    return labels.get(raw, raw) if labels and isinstance(raw, str) else raw
