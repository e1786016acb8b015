"""The identifiers of the API that appear inside sentences, in each language's words: value →
(English, Dutch). English keeps the identifier as the API shows it (``planning``, ``held``),
Dutch has the regulation's words (``planningsgesprek``, ``gehouden``). A value missing from a
table is shown as it is (``tests/test_problem_language.py`` checks the tables against the
states of ``app/states.py``)."""

TERMS: dict[str, dict[str, tuple[str, str]]] = {
    # "the {kind} talk": in Dutch the compound noun carries the talk ("het planningsgesprek").
    "talk": {
        "planning": ("planning", "planningsgesprek"),
        "progress": ("progress", "voortgangsgesprek"),
        "appraisal": ("appraisal", "beoordelingsgesprek"),
    },
    "talk-status": {
        "open": ("open", "nog niet gepland"),
        "scheduled": ("scheduled", "gepland"),
        "held": ("held", "gehouden"),
        "cancelled": ("cancelled", "geannuleerd"),
    },
    "cycle-status": {
        "upcoming": ("upcoming", "nog niet begonnen"),
        "open": ("open", "lopend"),
        "ended": ("ended", "afgelopen"),
        "completed": ("completed", "afgerond"),
        "superseded": ("superseded", "vervangen"),
        "over": ("over", "voorbij"),
    },
    "request-status": {
        "open": ("open", "nog niet beantwoord"),
        "scheduled": ("scheduled", "ingepland"),
        "declined": ("declined", "afgewezen"),
    },
    "suggestion-status": {
        "open": ("open", "nog niet beantwoord"),
        "asked": ("asked", "gevraagd"),
        "declined": ("declined", "afgewezen"),
    },
    # "a {kind} agreement": in Dutch the compound noun ("een werkafspraak").
    "agreement-kind": {
        "work": ("work", "werkafspraak"),
        "development": ("development", "ontwikkelafspraak"),
        "career": ("career", "loopbaanafspraak"),
    },
    # "the {party}": who approves or signs.
    "party": {
        "manager": ("manager", "leidinggevende"),
        "employee": ("employee", "medewerker"),
    },
    # How the agreement set stands in a talk (R4.6, R4.7).
    "agreement-outcome": {
        "open": ("open", "nog door niemand geaccordeerd"),
        "approved-by-manager": (
            "approved-by-manager",
            "alleen door de leidinggevende geaccordeerd",
        ),
        "approved-by-employee": ("approved-by-employee", "alleen door de medewerker geaccordeerd"),
        "approved": ("approved", "door beiden geaccordeerd"),
        "decided": ("decided", "door de leidinggevende beslist"),
    },
    "appraisal-state": {
        "draft": ("draft", "concept"),
        "shared": ("shared", "gedeeld"),
        "held": ("held", "besproken"),
        "objected": ("objected", "bedenkingen ingediend"),
        "heard": ("heard", "bedenkingen besproken"),
        "finalised": ("finalised", "vastgesteld"),
    },
    # "it cannot be {done} now": what was asked of the appraisal.
    "appraisal-event": {
        "rate": ("rated", "beoordeeld"),
        "share": ("shared", "gedeeld"),
        "hold": ("held", "besproken"),
        "sign": ("signed", "ondertekend"),
        "object": ("objected to", "van bedenkingen voorzien"),
        "hearing": ("heard", "in een bedenkingengesprek besproken"),
        "finalise": ("finalised", "vastgesteld"),
        "reward": ("rewarded", "beloond"),
        "appeal": ("appealed", "in bezwaar of beroep gebracht"),
    },
    # Formal objection and appeal after finalisation (R6.12): "the {procedure}".
    "procedure": {
        "objection": ("objection", "bezwaar"),
        "appeal": ("appeal", "beroep"),
    },
    # A final rating (R6.5): the regulation's Dutch labels in every language; "none" is none.
    "rating": {
        "onvoldoende": ("onvoldoende", "onvoldoende"),
        "enigszins onvoldoende": ("enigszins onvoldoende", "enigszins onvoldoende"),
        "normaal": ("normaal", "normaal"),
        "goed": ("goed", "goed"),
        "uitstekend": ("uitstekend", "uitstekend"),
        "none": ("none", "geen"),
    },
    # "No {thing} found."
    "thing": {
        "agreement": ("agreement", "afspraak"),
        "appraisal": ("appraisal", "beoordeling"),
        "attendee": ("attendee", "aanwezige"),
        "cycle": ("cycle", "gesprekscyclus"),
        "employee": ("employee", "medewerker"),
        "informant request": ("informant request", "verzoek aan een informant"),
        "informant suggestion": ("informant suggestion", "voorgestelde informant"),
        "talk": ("talk", "gesprek"),
        "talk request": ("talk request", "verzoek om een gesprek"),
    },
    # What a CORS preflight asked for that is not allowed.
    "cors": {
        "origin": ("origin", "deze herkomst (origin)"),
        "method": ("method", "deze methode"),
        "headers": ("headers", "deze headers"),
        "private-network": ("private-network", "toegang tot het privénetwerk"),
    },
}
